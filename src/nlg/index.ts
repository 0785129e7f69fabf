import './task-messages.ts';
import './answer-messages.ts';

export { hasMessage, MESSAGES, registerMessages, render, type Params } from './messages.ts';
export * from './format.ts';
export { speechChunks, toSpeech } from './speech.ts';
