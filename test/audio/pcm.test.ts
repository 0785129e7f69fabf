import { describe, expect, it } from 'vitest';
import {
  float32ToInt16,
  int16FromS16le,
  int16ToFloat32,
  rmsDbfs,
  s16leFromInt16,
  takeChannel,
} from '../../src/audio/index.ts';
import { TellerError } from '../../src/shared/index.ts';

describe('s16le helpers', () => {
  it('reads little-endian samples, zero-copy when aligned', () => {
    const bytes = Buffer.from([0x01, 0x00, 0xff, 0x7f, 0x00, 0x80, 0xff, 0xff]);
    const aligned = new Uint8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    const samples = int16FromS16le(aligned);
    expect([...samples]).toEqual([1, 32767, -32768, -1]);
    expect(samples.buffer).toBe(aligned.buffer);
  });

  it('copies when the bytes start at an odd offset', () => {
    const backing = new Uint8Array([0xaa, 0x34, 0x12, 0xcd, 0xab]);
    expect([...int16FromS16le(backing.subarray(1))]).toEqual([0x1234, -0x5433]);
  });

  it('refuses a torn sample with TELLER_ERR_BAD_AUDIO_FORMAT', () => {
    let error: unknown;
    try {
      int16FromS16le(new Uint8Array(3));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TellerError);
    expect((error as TellerError).code).toBe('TELLER_ERR_BAD_AUDIO_FORMAT');
  });

  it('writes samples back as the same bytes', () => {
    const samples = Int16Array.from([1, 32767, -32768, -1]);
    expect([...s16leFromInt16(samples)]).toEqual([0x01, 0x00, 0xff, 0x7f, 0x00, 0x80, 0xff, 0xff]);
  });
});

describe('float conversion', () => {
  it('scales by 32768 and saturates on the way back', () => {
    const floats = int16ToFloat32(Int16Array.from([-32768, 0, 16384]));
    expect([...floats]).toEqual([-1, 0, 0.5]);
    expect([...float32ToInt16(Float32Array.from([-1.5, -1, 0.5, 0.99999, 1.2]))]).toEqual([
      -32768, -32768, 16384, 32767, 32767,
    ]);
  });

  it('writes into a caller buffer', () => {
    const out = new Float32Array(8);
    const view = int16ToFloat32(Int16Array.from([16384]), out);
    expect(view.length).toBe(1);
    expect(out[0]).toBe(0.5);
  });
});

describe('takeChannel', () => {
  // AudioHook stereo: external (customer) first, then internal (agent), interleaved.
  const stereo = Int16Array.from([10, -10, 11, -11, 12, -12]);

  it('takes the customer channel and the agent channel', () => {
    expect([...takeChannel(stereo, 2, 0)]).toEqual([10, 11, 12]);
    expect([...takeChannel(stereo, 2, 1)]).toEqual([-10, -11, -12]);
  });

  it('refuses a frame that is not whole stereo samples', () => {
    expect(() => takeChannel(stereo.subarray(0, 5), 2, 0)).toThrow(TellerError);
    expect(() => takeChannel(stereo, 2, 2)).toThrow(RangeError);
  });
});

describe('rmsDbfs', () => {
  it('gives −∞ for silence and −6 dBFS for a half-scale square wave', () => {
    expect(rmsDbfs(new Int16Array(160))).toBe(-Infinity);
    expect(rmsDbfs(Int16Array.from([16384, -16384]))).toBeCloseTo(-6.02, 2);
  });
});
