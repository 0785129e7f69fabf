import { describe, expect, it } from 'vitest';
import type { TurnRecord } from '../../src/dialog/index.ts';
import { TellerMetrics } from '../../src/observability/index.ts';
import { voiceMetrics } from '../../src/voice/metrics.ts';

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

describe('did you mean', () => {
  it('counts what the dialog offered back and how the next turn answered it', async () => {
    const metrics = new TellerMetrics(false);
    const base: TurnRecord = {
      seq: 1,
      at: 0,
      input: 'speech',
      intent: 'oos',
      confidence: 0,
      entities: [],
      awaitsBefore: 'nothing',
      awaits: 'nothing',
      outputs: ['say'],
      said: [],
      durationMs: 5,
    };
    let turn: TurnRecord = { ...base, offered: 'fx.exchange' };
    const feed = voiceMetrics(metrics, 'app');
    feed({ type: 'turn', record: turn } as Parameters<typeof feed>[0]);
    turn = { ...base, seq: 2, intent: 'dialog.affirm', offerAnswered: 'accepted' };
    feed({ type: 'turn', record: turn } as Parameters<typeof feed>[0]);
    const text = await metrics.text();
    expect(text).toContain('teller_suggestions_total{channel="app",outcome="offered"} 1');
    expect(text).toContain('teller_suggestions_total{channel="app",outcome="accepted"} 1');
    expect(text).not.toContain('outcome="other"');
  });
});

describe('read-back answers', () => {
  it('counts each answer to a read-back by its outcome', async () => {
    const metrics = new TellerMetrics(false);
    let turn: TurnRecord | undefined;
    const feed = voiceMetrics(metrics, 'twilio');
    const base = {
      at: 0,
      input: 'speech',
      confidence: 0.9,
      entities: [],
      awaitsBefore: 'confirmation',
      outputs: ['say'],
      said: [],
      durationMs: 5,
    } as const;
    turn = { ...base, seq: 1, intent: 'dialog.affirm', awaits: 'confirmation', readBack: 'doubted' };
    feed({ type: 'turn', record: turn } as Parameters<typeof feed>[0]);
    turn = { ...base, seq: 2, intent: 'dialog.affirm', awaits: 'nothing', readBack: 'consent' };
    feed({ type: 'turn', record: turn } as Parameters<typeof feed>[0]);
    const text = await metrics.text();
    expect(text).toContain('teller_readback_answers_total{channel="twilio",outcome="doubted"} 1');
    expect(text).toContain('teller_readback_answers_total{channel="twilio",outcome="consent"} 1');
  });
});
