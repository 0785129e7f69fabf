import { Buffer } from 'node:buffer';

/**
 * Minimal RIFF/WAVE for 16-bit PCM (Microsoft "Multimedia Programming Interface and Data
 * Specifications 1.0", 1991): what flite writes, and what tests and debug dumps read.
 */

/** A decoded WAVE file. Samples are interleaved when `channels` > 1. */
export interface WavAudio {
  readonly pcm: Int16Array;
  readonly sampleRateHz: number;
  readonly channels: number;
}

export type WavParse = { ok: true; value: WavAudio } | { ok: false; error: string };

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/** Parses a 16-bit PCM WAVE file, walking its chunks (tools put LIST/fact chunks before `data`). */
export function parseWav(bytes: Uint8Array): WavParse {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number): string => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') {
    return { ok: false, error: 'not a RIFF/WAVE file' };
  }
  let format: { sampleRateHz: number; channels: number } | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ' && size >= 16) {
      const formatTag = view.getUint16(body, true);
      const bits = view.getUint16(body + 14, true);
      if ((formatTag !== WAVE_FORMAT_PCM && formatTag !== WAVE_FORMAT_EXTENSIBLE) || bits !== 16) {
        return { ok: false, error: `WAVE format ${formatTag} with ${bits}-bit samples: only 16-bit PCM` };
      }
      format = { channels: view.getUint16(body + 2, true), sampleRateHz: view.getUint32(body + 4, true) };
    } else if (id === 'data') {
      if (!format) return { ok: false, error: 'WAVE data chunk before its fmt chunk' };
      // Streaming writers leave the size at 0 or 0xffffffff; take what is there.
      const end = size === 0 ? bytes.length : Math.min(bytes.length, body + size);
      const length = Math.floor((end - body) / 2);
      const pcm = new Int16Array(length);
      for (let i = 0; i < length; i++) pcm[i] = view.getInt16(body + i * 2, true);
      return { ok: true, value: { pcm, ...format } };
    }
    offset = body + size + (size % 2); // chunks are padded to even sizes
  }
  return { ok: false, error: 'WAVE file has no data chunk' };
}

/** Writes mono or interleaved 16-bit PCM as a canonical 44-byte-header WAVE file. */
export function encodeWav(pcm: Int16Array, sampleRateHz: number, channels = 1): Buffer {
  const dataBytes = pcm.length * 2;
  const out = Buffer.alloc(44 + dataBytes);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVEfmt ', 8, 'latin1');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(WAVE_FORMAT_PCM, 20);
  out.writeUInt16LE(channels, 22);
  out.writeUInt32LE(sampleRateHz, 24);
  out.writeUInt32LE(sampleRateHz * channels * 2, 28);
  out.writeUInt16LE(channels * 2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < pcm.length; i++) out.writeInt16LE(pcm[i] ?? 0, 44 + i * 2);
  return out;
}
