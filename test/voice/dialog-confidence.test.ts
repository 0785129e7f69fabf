import { describe, expect, it } from 'vitest';
import type { RecognitionResult } from '../../src/asr/index.ts';
import { MIN_ASR_CONFIDENCE } from '../../src/dialog/session/dialog-session.ts';
import { dialogConfidence } from '../../src/voice/pipeline.ts';

const heard = (extra: Partial<RecognitionResult>): RecognitionResult => ({
  text: 'okay send eleven hundred dollars to my mom',
  confidence: 0.2,
  grammar: 'free',
  durationMs: 2500,
  ...extra,
});

describe('what the dialog hears of a final result', () => {
  it('passes rejected speech on as not understood', () => {
    expect(dialogConfidence(heard({ inDomain: false, confidence: 0.9 }))).toBe(0);
  });

  it('passes corroborated words on to the NLU, even when the recogniser judged them out of domain', () => {
    const confidence = dialogConfidence(heard({ inDomain: false, corroborated: true }));
    expect(confidence).toBeGreaterThanOrEqual(MIN_ASR_CONFIDENCE);
    expect(dialogConfidence(heard({ inDomain: true, confidence: 0.93, corroborated: true }))).toBe(0.93);
  });

  it('keeps the recogniser’s confidence otherwise, and unknown verdicts (cloud engines) as they are', () => {
    expect(dialogConfidence(heard({ inDomain: true, confidence: 0.8 }))).toBe(0.8);
    expect(dialogConfidence(heard({ confidence: 0.6 }))).toBe(0.6);
  });
});
