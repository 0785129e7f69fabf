import { describe, expect, it } from 'vitest';
import { TellerMetrics } from '../../src/observability/index.ts';

describe('ASR utterances by top-N', () => {
  it('reads the recognizer’s counts at each scrape, by band and by full or reduced top-N', async () => {
    const counts = { wide: { full: 3, reduced: 0 }, narrow: { full: 1, reduced: 0 } };
    const metrics = new TellerMetrics(false);
    metrics.watchAsrUtterances(() => counts);
    expect(await metrics.text()).toContain('teller_asr_utterances_total{band="wide",topn="full"} 3');
    counts.wide.reduced = 2;
    const text = await metrics.text();
    expect(text).toContain('teller_asr_utterances_total{band="wide",topn="reduced"} 2');
    expect(text).toContain('teller_asr_utterances_total{band="narrow",topn="full"} 1');
  });
});
