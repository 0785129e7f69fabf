export { Nlu, DEFAULT_MODEL_DIR, MAX_UTTERANCE_CHARS, type Understanding } from './understand.ts';
export { IntentModel, type Classification, type IntentScore, type ModelManifest } from './model.ts';
export { extractEntities, type Entities, type Ref, type AmountOption, type Frequency } from './extract.ts';
export type { UnderstandingContext } from './context.ts';
export { loadCatalogue, type IntentSpec } from './catalogue.ts';
export { normalizeText, hasCjk } from './normalize.ts';
export * from './entities/index.ts';
export {
  yesOrNo,
  doubtInAnswer,
  unclearAnswer,
  type Doubt,
  repairOutOfScope,
  cancelsTask,
  CANCEL_WORDS,
} from './repair.ts';
