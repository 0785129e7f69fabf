/**
 * The audio stage: G.711 codecs, PCM helpers, sample-rate conversion and voice activity detection.
 * Everything here runs per 20 ms frame, so it avoids per-sample allocation and takes reusable
 * output buffers where a caller can keep one.
 */
export {
  alawToLinear,
  decodeAlaw,
  decodeMulaw,
  encodeAlaw,
  encodeMulaw,
  linearToAlaw,
  linearToMulaw,
  mulawToLinear,
} from './g711.ts';
export {
  clampInt16,
  float32ToInt16,
  int16FromS16le,
  int16ToFloat32,
  rmsDbfs,
  s16leFromInt16,
  takeChannel,
} from './pcm.ts';
export { Resampler, SUPPORTED_SAMPLE_RATES_HZ, isSupportedSampleRate, resample } from './resample.ts';
export type { ResamplerOptions, SupportedSampleRateHz } from './resample.ts';
export { SampleQueue } from './sample-queue.ts';
export {
  SILERO_SAMPLE_RATE_HZ,
  SILERO_WINDOW_MS,
  SILERO_WINDOW_SAMPLES,
  SileroState,
  SileroVadModel,
  defaultSileroModelPath,
  sharedSileroVad,
} from './silero.ts';
export type { SileroModelOptions } from './silero.ts';
export { VAD_DEFAULTS, VadStream } from './vad.ts';
export type { PushResult, VadEvent, VadOptions } from './vad.ts';
export { encodeWav, parseWav } from './wav.ts';
export type { WavAudio, WavParse } from './wav.ts';
