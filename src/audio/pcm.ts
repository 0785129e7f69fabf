import { Buffer } from 'node:buffer';
import { TellerError } from '../shared/index.ts';

/**
 * Helpers between the wire format every Teller peer uses for linear audio (signed 16-bit
 * little-endian, "s16le" / AudioHook `L16`, vosk-server frames) and typed arrays.
 * Views are zero-copy when the bytes are aligned and the host is little-endian (every platform
 * Node ships for today); otherwise they copy.
 */

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Largest magnitude of a 16-bit sample, used to scale to and from float in [-1, 1). */
const INT16_SCALE = 32768;

/**
 * Reads s16le bytes as 16-bit samples. Zero-copy when `bytes.byteOffset` is even (Node's pooled
 * `Buffer`s often are not, so a copy is common for small frames; it costs ~0.1 µs per 20 ms frame).
 * @throws TellerError `TELLER_ERR_BAD_AUDIO_FORMAT` when the length is odd (a torn sample).
 */
export function int16FromS16le(bytes: Uint8Array): Int16Array {
  if (bytes.byteLength % 2 !== 0) {
    throw new TellerError(
      'TELLER_ERR_BAD_AUDIO_FORMAT',
      `s16le frame has ${bytes.byteLength} bytes: send whole 16-bit samples (an even number of bytes)`,
    );
  }
  const length = bytes.byteLength / 2;
  if (HOST_IS_LITTLE_ENDIAN && bytes.byteOffset % 2 === 0) {
    return new Int16Array(bytes.buffer, bytes.byteOffset, length);
  }
  const samples = new Int16Array(length);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < length; i++) samples[i] = view.getInt16(i * 2, true);
  return samples;
}

/** Returns the s16le bytes of `samples` as a `Buffer` (a view on little-endian hosts: no copy). */
export function s16leFromInt16(samples: Int16Array): Buffer {
  if (HOST_IS_LITTLE_ENDIAN) return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const bytes = Buffer.allocUnsafe(samples.byteLength);
  for (let i = 0; i < samples.length; i++) bytes.writeInt16LE(samples[i] ?? 0, i * 2);
  return bytes;
}

/**
 * Converts 16-bit samples to float in [-1, 1) (divides by 32768, the convention Silero VAD and
 * Web Audio use).
 * @param out - optional reusable buffer of at least `samples.length`; the result is a view of it.
 */
export function int16ToFloat32(samples: Int16Array, out?: Float32Array): Float32Array {
  const floats = out ? out.subarray(0, samples.length) : new Float32Array(samples.length);
  if (floats.length < samples.length) throw new RangeError(`output too small: need ${samples.length}`);
  for (let i = 0; i < samples.length; i++) floats[i] = (samples[i] ?? 0) / INT16_SCALE;
  return floats;
}

/**
 * Converts float samples in [-1, 1] to 16-bit, rounding to nearest and clipping (a filter's
 * overshoot must saturate, not wrap around into a loud click).
 * @param out - optional reusable buffer of at least `samples.length`; the result is a view of it.
 */
export function float32ToInt16(samples: Float32Array, out?: Int16Array): Int16Array {
  const ints = out ? out.subarray(0, samples.length) : new Int16Array(samples.length);
  if (ints.length < samples.length) throw new RangeError(`output too small: need ${samples.length}`);
  for (let i = 0; i < samples.length; i++) ints[i] = clampInt16((samples[i] ?? 0) * INT16_SCALE);
  return ints;
}

/** Rounds to the nearest integer and saturates to the int16 range. */
export function clampInt16(value: number): number {
  const rounded = Math.round(value);
  if (rounded > 32767) return 32767;
  if (rounded < -32768) return -32768;
  return rounded;
}

/**
 * Takes one channel out of interleaved samples: AudioHook stereo is `[external, internal]`
 * interleaved, so channel 0 is the customer (peer-protocols.md).
 * @param out - optional reusable buffer; the result is a view of it.
 * @throws TellerError `TELLER_ERR_BAD_AUDIO_FORMAT` when the length is not a whole number of frames.
 */
export function takeChannel(
  interleaved: Int16Array,
  channelCount: number,
  channel: number,
  out?: Int16Array,
): Int16Array {
  if (!Number.isInteger(channelCount) || channelCount < 1 || channel < 0 || channel >= channelCount) {
    throw new RangeError(`channel ${channel} of ${channelCount} does not exist`);
  }
  if (interleaved.length % channelCount !== 0) {
    throw new TellerError(
      'TELLER_ERR_BAD_AUDIO_FORMAT',
      `frame of ${interleaved.length} samples is not a whole number of ${channelCount}-channel frames`,
    );
  }
  const frames = interleaved.length / channelCount;
  const mono = out ? out.subarray(0, frames) : new Int16Array(frames);
  if (mono.length < frames) throw new RangeError(`output too small: need ${frames}`);
  for (let i = 0, j = channel; i < frames; i++, j += channelCount) mono[i] = interleaved[j] ?? 0;
  return mono;
}

/** Root-mean-square level of 16-bit samples in dBFS (−∞ for digital silence). */
export function rmsDbfs(samples: Int16Array): number {
  if (samples.length === 0) return -Infinity;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = (samples[i] ?? 0) / INT16_SCALE;
    sum += s * s;
  }
  return 10 * Math.log10(sum / samples.length);
}
