export { parseScript, readScript, matches, ScriptSchema, type ConvoScript } from './script.ts';
export { runScript, zonedEpoch, TEST_RP, type ScriptResult } from './runner.ts';
export { toJunit } from './junit.ts';
export { SpeakingCustomer, type AudioRig } from './audio.ts';
export { runScriptRemote } from './remote.ts';
export { PHONE_PLATFORMS, runScriptPhone, type PhonePlatform, type PhoneRig } from './phone.ts';
