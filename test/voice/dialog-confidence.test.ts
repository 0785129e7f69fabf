import { describe, expect, it } from 'vitest';
import type { RecognitionResult } from '../../src/asr/index.ts';
import { MIN_ASR_CONFIDENCE } from '../../src/dialog/index.ts';
import {
  dialogConfidence,
  DOUBTFUL_SPEECH_FLOOR,
  DOUBTFUL_SPEECH_VOUCH_AT,
  speechInput,
} from '../../src/voice/pipeline.ts';

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

describe('speech the recogniser doubts', () => {
  it('goes to the dialog as doubtful when it is open speech above the floor', () => {
    expect(speechInput(heard({ inDomain: false, confidence: 0.2 }))).toEqual({
      type: 'text',
      text: 'okay send eleven hundred dollars to my mom',
      asrConfidence: 0,
      asrDoubtful: true,
      vouchAt: DOUBTFUL_SPEECH_VOUCH_AT.wide,
    });
    expect(speechInput(heard({ inDomain: true, confidence: 0.3 })).asrDoubtful).toBe(true);
    // Phone-line audio: the NLU must be surer before the dialog acts.
    const phone = speechInput(heard({ inDomain: false, confidence: 0.2 }), 'narrow');
    expect(phone.vouchAt).toBe(DOUBTFUL_SPEECH_VOUCH_AT.narrow);
    expect(DOUBTFUL_SPEECH_VOUCH_AT.narrow).toBeGreaterThan(DOUBTFUL_SPEECH_VOUCH_AT.wide);
  });

  it('is not doubtful but rejected under the floor, in a grammar, or cut off', () => {
    expect(
      speechInput(heard({ inDomain: false, confidence: DOUBTFUL_SPEECH_FLOOR - 0.01 })).asrDoubtful,
    ).toBe(undefined);
    expect(speechInput(heard({ inDomain: false, grammar: 'amount' })).asrDoubtful).toBe(undefined);
    expect(speechInput(heard({ inDomain: false, truncated: true })).asrDoubtful).toBe(undefined);
  });

  it('is not doubtful when the dialog takes it anyway', () => {
    const sure = speechInput(heard({ inDomain: true, confidence: 0.8 }));
    expect(sure).toEqual({
      type: 'text',
      text: 'okay send eleven hundred dollars to my mom',
      asrConfidence: 0.8,
    });
    expect(speechInput(heard({ inDomain: false, corroborated: true })).asrDoubtful).toBe(undefined);
  });
});

describe('words only the general pass corroborated', () => {
  const general = {
    text: 'how do i get a stain out of a white shirt',
    confidence: 0.9,
    source: 'general',
  } as const;

  it('carry the general pass’s reading for the NLU to cross-check', () => {
    const input = speechInput(
      heard({
        text: 'how do i get a statement of the wipe showed',
        inDomain: false,
        confidence: 0.02,
        corroborated: true,
        alternatives: [general],
      }),
    );
    expect(input).toMatchObject({ asrConfidence: 0.5, crossCheck: general.text });
    expect(input.asrDoubtful).toBe(undefined);
  });

  it('carry none when the recogniser took the words by itself, or in a grammar', () => {
    const sure = heard({ inDomain: true, confidence: 0.8, corroborated: true, alternatives: [general] });
    expect(speechInput(sure).crossCheck).toBe(undefined);
    const slot = heard({ confidence: 0.1, corroborated: true, alternatives: [general], grammar: 'amount' });
    expect(speechInput(slot).crossCheck).toBe(undefined);
  });
});
