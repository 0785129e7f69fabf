import { describe, expect, it } from 'vitest';
import {
  alawToLinear,
  decodeAlaw,
  decodeMulaw,
  encodeAlaw,
  encodeMulaw,
  linearToAlaw,
  linearToMulaw,
  mulawToLinear,
} from '../../src/audio/index.ts';

// Reconstruction values from ITU-T G.711 Tables 1a/2a scaled to 16 bits, as in the reference g711.c.
describe('G.711 μ-law', () => {
  it('decodes known codes', () => {
    expect(mulawToLinear(0xff)).toBe(0);
    expect(mulawToLinear(0x7f)).toBe(0); // "negative zero"
    expect(mulawToLinear(0x80)).toBe(32124);
    expect(mulawToLinear(0x00)).toBe(-32124);
    expect(mulawToLinear(0xf0)).toBe(120);
    expect(mulawToLinear(0xfe)).toBe(8);
    expect(mulawToLinear(0x7e)).toBe(-8);
  });

  it('encodes known values, saturating at full scale', () => {
    expect(linearToMulaw(0)).toBe(0xff);
    expect(linearToMulaw(32767)).toBe(0x80);
    expect(linearToMulaw(-32768)).toBe(0x00);
    expect(linearToMulaw(120)).toBe(0xf0);
  });

  it('round-trips every code except negative zero', () => {
    for (let code = 0; code < 256; code++) {
      expect(linearToMulaw(mulawToLinear(code))).toBe(code === 0x7f ? 0xff : code);
    }
  });

  it('quantises every 16-bit value within half a segment step', () => {
    for (let x = -32768; x <= 32767; x++) {
      const error = Math.abs(mulawToLinear(linearToMulaw(x)) - x);
      expect(error).toBeLessThanOrEqual(Math.max(16, Math.abs(x) / 16));
    }
  });
});

describe('G.711 A-law', () => {
  it('decodes known codes', () => {
    expect(alawToLinear(0xd5)).toBe(8);
    expect(alawToLinear(0x55)).toBe(-8);
    expect(alawToLinear(0xaa)).toBe(32256);
    expect(alawToLinear(0x2a)).toBe(-32256);
    expect(alawToLinear(0x80)).toBe(5504);
  });

  it('encodes known values, saturating at full scale', () => {
    expect(linearToAlaw(0)).toBe(0xd5);
    expect(linearToAlaw(32767)).toBe(0xaa);
    expect(linearToAlaw(-32768)).toBe(0x2a);
  });

  it('round-trips every code', () => {
    for (let code = 0; code < 256; code++) expect(linearToAlaw(alawToLinear(code))).toBe(code);
  });

  it('quantises every 16-bit value within half a segment step', () => {
    for (let x = -32768; x <= 32767; x++) {
      const error = Math.abs(alawToLinear(linearToAlaw(x)) - x);
      expect(error).toBeLessThanOrEqual(Math.max(16, Math.abs(x) / 16));
    }
  });
});

describe('G.711 buffers', () => {
  it('agrees with the scalar functions and reuses a caller buffer', () => {
    const pcm = Int16Array.from([0, 1, -1, 1000, -1000, 32767, -32768]);
    const out = new Uint8Array(16);
    const mu = encodeMulaw(pcm, out);
    expect(mu.buffer).toBe(out.buffer);
    expect([...mu]).toEqual([...pcm].map(linearToMulaw));
    expect([...decodeMulaw(mu)]).toEqual([...mu].map(mulawToLinear));
    const a = encodeAlaw(pcm);
    expect([...a]).toEqual([...pcm].map(linearToAlaw));
    expect([...decodeAlaw(a, new Int16Array(7))]).toEqual([...a].map(alawToLinear));
  });

  it('refuses an output buffer that is too small', () => {
    expect(() => decodeMulaw(new Uint8Array(160), new Int16Array(80))).toThrow(RangeError);
  });
});
