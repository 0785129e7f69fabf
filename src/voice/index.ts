export {
  VoicePipeline,
  END_OF_TURN_MS,
  type AudioFormat,
  type OutputFormat,
  type VoiceEvent,
  type VoicePipelineOptions,
} from './pipeline.ts';
export { voiceMetrics } from './metrics.ts';
