import { describe, expect, it } from 'vitest';
import { encodeWav, parseWav } from '../../src/audio/index.ts';

describe('WAVE files', () => {
  it('round-trips 16-bit PCM', () => {
    const pcm = Int16Array.from([0, 1, -1, 32767, -32768]);
    const parsed = parseWav(encodeWav(pcm, 16000));
    expect(parsed).toEqual({ ok: true, value: { pcm, sampleRateHz: 16000, channels: 1 } });
  });

  it('skips chunks before the data, such as LIST', () => {
    const plain = encodeWav(Int16Array.from([5, -5]), 8000);
    const list = Buffer.concat([
      Buffer.from('LIST'),
      Buffer.from([3, 0, 0, 0]),
      Buffer.from('abc'),
      Buffer.from([0]),
    ]);
    const withList = Buffer.concat([plain.subarray(0, 36), list, plain.subarray(36)]);
    const parsed = parseWav(withList);
    expect(parsed.ok && [...parsed.value.pcm]).toEqual([5, -5]);
  });

  it('explains what it cannot read', () => {
    expect(parseWav(Buffer.from('not a wave file'))).toEqual({ ok: false, error: 'not a RIFF/WAVE file' });
    const float = encodeWav(new Int16Array(2), 16000);
    float.writeUInt16LE(3, 20); // IEEE float
    float.writeUInt16LE(32, 34);
    expect(parseWav(float)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/only 16-bit PCM/) as unknown,
    });
  });
});
