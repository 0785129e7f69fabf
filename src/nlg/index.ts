import './task-messages.ts';
import './answer-messages.ts';

export { hasMessage, MESSAGES, registerMessages, render, type Params } from './messages.ts';
export * from './format.ts';
export { speechChunks, toSpeech, type SpeechOptions } from './speech.ts';
