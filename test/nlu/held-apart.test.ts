import { describe, expect, it } from 'vitest';
import {
  FREE_TEXTS,
  IN_DOMAIN as ASR_IN_DOMAIN,
  MORE_OUT_OF_DOMAIN,
  NAMING_TEXTS,
  OUT_OF_DOMAIN as ASR_OUT_OF_DOMAIN,
  UNSEEN_NAMING_TEXTS,
} from '../../scripts/asr-eval-set.ts';
import { IN_DOMAIN, leakedIntoTraining, OUT_OF_DOMAIN } from '../../scripts/bench-voice-set.ts';

// The voice benchmark and the ASR evaluation measure speech the NLU and the banking LM were not
// trained on. Training data is added in bulk (docs/benchmarks.md, "Twice the data"), and a new
// example that happens to be one of these sentences would quietly flatter them.
describe('evaluation sentences stay out of data/nlu', () => {
  it('bench:voice requests, answers and out-of-domain sentences are not training examples', () => {
    expect(leakedIntoTraining([...IN_DOMAIN.map((c) => c.text), ...OUT_OF_DOMAIN])).toEqual([]);
  });

  it("the ASR evaluation's in-domain sentences are not training examples", () => {
    const texts = [
      ...FREE_TEXTS,
      ...ASR_IN_DOMAIN.map((u) => u.text),
      ...NAMING_TEXTS,
      ...UNSEEN_NAMING_TEXTS,
    ];
    expect(texts.length).toBeGreaterThan(100);
    expect(leakedIntoTraining(texts)).toEqual([]);
  });

  it("the ASR evaluation's out-of-domain sentences are not out-of-scope examples", () => {
    // scripts/asr-nlu-rescue.ts counts how many of them the NLU lets through after the banking
    // LM has misheard them; one the NLU was trained on as `oos` would not count as a miss.
    const texts = [...ASR_OUT_OF_DOMAIN, ...MORE_OUT_OF_DOMAIN];
    expect(texts.length).toBeGreaterThan(50);
    expect(leakedIntoTraining(texts)).toEqual([]);
  });
});
