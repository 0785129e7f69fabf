/**
 * ITU-T G.711 (11/1988) companding: μ-law (RTP `PCMU` per RFC 3551, Twilio Media Streams'
 * `audio/x-mulaw`, AudioHook `PCMU`) and A-law (RTP `PCMA`). Both code one byte per sample at 8 kHz.
 *
 * G.711 defines the encoder on 14-bit (μ-law) and 13-bit (A-law) linear input, so 16-bit PCM is
 * truncated to those widths first; decoding returns the segment's reconstruction value scaled back
 * to 16 bits. Per-frame work is a table lookup: 256-entry decode tables and 16 KiB / 8 KiB encode
 * tables, built once at module load (≈0.2 ms). The arithmetic follows the G.711 tables as written
 * out in the public-domain Sun Microsystems reference `g711.c`.
 */

/** μ-law: bias added before segment search, in 14-bit units (G.711 Table 2a, 33 = 0x21). */
const MULAW_BIAS = 0x21;
/** Largest 14-bit magnitude μ-law can represent after the bias is added (8159 + 33 = 8192). */
const MULAW_CLIP = 8159;
const MULAW_SEGMENT_END = [0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff, 0x1fff] as const;
const ALAW_SEGMENT_END = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff] as const;

function segmentOf(value: number, ends: readonly number[]): number {
  for (let segment = 0; segment < ends.length; segment++) {
    if (value <= (ends[segment] ?? 0)) return segment;
  }
  return ends.length;
}

/** Encodes one 14-bit two's complement sample (−8192..8191) to a μ-law code. */
function encodeMulaw14(value: number): number {
  let magnitude = value;
  let mask = 0xff;
  if (magnitude < 0) {
    magnitude = -magnitude;
    mask = 0x7f; // sign bit 0 = negative; all bits are inverted on the line (G.711 §3)
  }
  if (magnitude > MULAW_CLIP) magnitude = MULAW_CLIP;
  magnitude += MULAW_BIAS;
  const segment = segmentOf(magnitude, MULAW_SEGMENT_END);
  if (segment >= 8) return 0x7f ^ mask; // beyond the top segment: saturate
  const code = (segment << 4) | ((magnitude >> (segment + 1)) & 0x0f);
  return (code ^ mask) & 0xff;
}

/** Encodes one 13-bit two's complement sample (−4096..4095) to an A-law code. */
function encodeAlaw13(value: number): number {
  let magnitude = value;
  let mask = 0xd5; // even bits inverted (0x55) plus the sign bit (G.711 §4)
  if (magnitude < 0) {
    mask = 0x55;
    magnitude = -magnitude - 1;
  }
  const segment = segmentOf(magnitude, ALAW_SEGMENT_END);
  if (segment >= 8) return 0x7f ^ mask;
  const mantissa = segment < 2 ? (magnitude >> 1) & 0x0f : (magnitude >> segment) & 0x0f;
  return ((segment << 4) | mantissa) ^ mask;
}

function decodeMulawCode(code: number): number {
  const inverted = ~code & 0xff;
  let t = ((inverted & 0x0f) << 3) + 0x84; // 0x84 = bias 33 in 16-bit units (33 << 2)
  t <<= (inverted & 0x70) >> 4;
  return inverted & 0x80 ? 0x84 - t : t - 0x84;
}

function decodeAlawCode(code: number): number {
  const a = code ^ 0x55;
  let t = (a & 0x0f) << 4;
  const segment = (a & 0x70) >> 4;
  if (segment === 0) t += 8;
  else t = (t + 0x108) << (segment - 1);
  return a & 0x80 ? t : -t;
}

const MULAW_DECODE = new Int16Array(256);
const ALAW_DECODE = new Int16Array(256);
for (let code = 0; code < 256; code++) {
  MULAW_DECODE[code] = decodeMulawCode(code);
  ALAW_DECODE[code] = decodeAlawCode(code);
}
/** Indexed by the top 14 bits of a 16-bit sample, as an unsigned index (`(s >> 2) & 0x3fff`). */
const MULAW_ENCODE = new Uint8Array(1 << 14);
for (let index = 0; index < MULAW_ENCODE.length; index++) {
  MULAW_ENCODE[index] = encodeMulaw14(index >= 1 << 13 ? index - (1 << 14) : index);
}
/** Indexed by the top 13 bits of a 16-bit sample (`(s >> 3) & 0x1fff`). */
const ALAW_ENCODE = new Uint8Array(1 << 13);
for (let index = 0; index < ALAW_ENCODE.length; index++) {
  ALAW_ENCODE[index] = encodeAlaw13(index >= 1 << 12 ? index - (1 << 13) : index);
}

function outputFor<T extends Int16Array | Uint8Array>(length: number, out: T | undefined, make: () => T): T {
  if (out === undefined) return make();
  if (out.length < length) {
    throw new RangeError(`output holds ${out.length} samples, need ${length}: pass a larger buffer`);
  }
  return out.subarray(0, length) as T;
}

/** Decodes one μ-law code (0..255) to a 16-bit linear sample. */
export function mulawToLinear(code: number): number {
  return MULAW_DECODE[code & 0xff] ?? 0;
}

/** Encodes one 16-bit linear sample to a μ-law code. */
export function linearToMulaw(sample: number): number {
  return MULAW_ENCODE[(sample >> 2) & 0x3fff] ?? 0xff;
}

/** Decodes one A-law code (0..255) to a 16-bit linear sample. */
export function alawToLinear(code: number): number {
  return ALAW_DECODE[code & 0xff] ?? 0;
}

/** Encodes one 16-bit linear sample to an A-law code. */
export function linearToAlaw(sample: number): number {
  return ALAW_ENCODE[(sample >> 3) & 0x1fff] ?? 0xd5;
}

/**
 * Decodes μ-law bytes (for example a Twilio `media.payload` after base64) to 16-bit PCM.
 * @param out - optional reusable buffer of at least `codes.length` samples; the result is a view of it.
 */
export function decodeMulaw(codes: Uint8Array, out?: Int16Array): Int16Array {
  const pcm = outputFor(codes.length, out, () => new Int16Array(codes.length));
  for (let i = 0; i < codes.length; i++) pcm[i] = MULAW_DECODE[codes[i] ?? 0xff] ?? 0;
  return pcm;
}

/**
 * Encodes 16-bit PCM to μ-law bytes.
 * @param out - optional reusable buffer of at least `pcm.length` bytes; the result is a view of it.
 */
export function encodeMulaw(pcm: Int16Array, out?: Uint8Array): Uint8Array {
  const codes = outputFor(pcm.length, out, () => new Uint8Array(pcm.length));
  for (let i = 0; i < pcm.length; i++) codes[i] = MULAW_ENCODE[((pcm[i] ?? 0) >> 2) & 0x3fff] ?? 0xff;
  return codes;
}

/**
 * Decodes A-law bytes to 16-bit PCM.
 * @param out - optional reusable buffer of at least `codes.length` samples; the result is a view of it.
 */
export function decodeAlaw(codes: Uint8Array, out?: Int16Array): Int16Array {
  const pcm = outputFor(codes.length, out, () => new Int16Array(codes.length));
  for (let i = 0; i < codes.length; i++) pcm[i] = ALAW_DECODE[codes[i] ?? 0xd5] ?? 0;
  return pcm;
}

/**
 * Encodes 16-bit PCM to A-law bytes.
 * @param out - optional reusable buffer of at least `pcm.length` bytes; the result is a view of it.
 */
export function encodeAlaw(pcm: Int16Array, out?: Uint8Array): Uint8Array {
  const codes = outputFor(pcm.length, out, () => new Uint8Array(pcm.length));
  for (let i = 0; i < pcm.length; i++) codes[i] = ALAW_ENCODE[((pcm[i] ?? 0) >> 3) & 0x1fff] ?? 0xd5;
  return codes;
}
