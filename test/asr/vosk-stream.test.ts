import { describe, expect, it } from 'vitest';
import { VoskStream } from '../../src/asr/index.ts';
import type { GrammarSpec, RecognitionEvent, VoskSession, VoskStreamEngine } from '../../src/asr/index.ts';
import { TellerError } from '../../src/shared/index.ts';

/** Typed asymmetric matchers (vitest's return `any`). */
const like = (value: Record<string, unknown>): object => expect.objectContaining(value) as object;

/**
 * The Vosk stream's own logic (utterances, segments, partials, limits, failures) over a scripted
 * native recogniser: no Vosk model can be downloaded where these tests run (only the npm registry
 * is reachable), so the native side is played by a script answering with Vosk's JSON. The real
 * binding is tested in vosk-native.test.ts, and real recognition in vosk-model.test.ts when a model
 * is installed.
 */

interface Script {
  /** Accept calls (1-based) at which Vosk reports an endpoint. */
  endpoints?: number[];
  segment?: string;
  partial?: string;
  final?: string;
  /** Holds every accept until released. */
  gate?: Promise<void>;
}

function engine(script: Script, limits: Partial<VoskStreamEngine['limits']> = {}) {
  const opened: GrammarSpec[] = [];
  const accepted: number[] = [];
  let freed = 0;
  let closed = 0;
  const session = (): VoskSession => {
    let calls = 0;
    return {
      accept: async (pcm) => {
        await script.gate;
        accepted.push(pcm.length);
        calls++;
        return script.endpoints?.includes(calls) ?? false;
      },
      result: () => Promise.resolve(script.segment ?? '{"text": ""}'),
      partial: () => Promise.resolve(script.partial ?? '{"partial": ""}'),
      final: () => Promise.resolve(script.final ?? '{"text": ""}'),
      free: () => {
        freed++;
      },
    };
  };
  const fake: VoskStreamEngine = {
    lang: 'en',
    open: (spec) => {
      opened.push(spec);
      return Promise.resolve({ session: session(), constrained: spec.kind !== 'free' });
    },
    limits: { maxBacklogMs: 1000, maxUtteranceMs: 30_000, partialIntervalMs: 40, ...limits },
    onClose: () => {
      closed++;
    },
  };
  return { fake, opened, accepted, counts: () => ({ freed, closed }) };
}

const FRAME = new Int16Array(320);

/** Lets queued native calls run (they are promise chains), as frames arriving 20 ms apart would. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('Vosk stream', () => {
  it('joins endpoint segments, streams partials and opens a recogniser per utterance with its grammar', async () => {
    const { fake, opened, accepted, counts } = engine({
      endpoints: [3],
      segment: '{"result":[{"conf":1,"end":0.5,"start":0.1,"word":"bob"}],"text":"bob"}',
      partial: '{"partial": "chen"}',
      final: '{"result":[{"conf":0.8,"end":1.2,"start":0.9,"word":"chen"}],"text":"chen"}',
    });
    const events: RecognitionEvent[] = [];
    const stream = new VoskStream(fake, { kind: 'choice', options: ['Bob Chen'] }, (e) => events.push(e));
    for (let i = 0; i < 6; i++) {
      stream.write(FRAME);
      await settle();
    }
    stream.setGrammar({ kind: 'free' });
    const result = await stream.endUtterance();
    expect(result).toMatchObject({
      text: 'bob chen',
      confidence: 0.9,
      inDomain: true,
      grammar: 'choice',
      durationMs: 120,
    });
    expect(accepted.reduce((a, b) => a + b, 0)).toBe(6 * 320);
    expect(events.filter((e) => e.type === 'asr.partial')).toContainEqual({
      type: 'asr.partial',
      text: 'bob chen',
    });
    expect(events.at(-1)).toEqual({ type: 'asr.final', result });
    stream.write(FRAME);
    const open = await stream.endUtterance();
    expect(open).toMatchObject({ grammar: 'free', text: 'chen' });
    expect(open.inDomain).toBeUndefined();
    expect(opened.map((s) => s.kind)).toEqual(['choice', 'free']);
    expect(counts().freed).toBe(2);
    expect(await stream.endUtterance()).toMatchObject({ text: '', durationMs: 0, grammar: 'free' });
    await stream.close();
    await stream.close();
    expect(counts().closed).toBe(1);
  });

  it('takes the final result early when the turn has probably ended, and goes on if speech resumes', async () => {
    const { fake } = engine({
      final: '{"result":[{"conf":1,"end":0.4,"start":0.1,"word":"savings"}],"text":"savings"}',
    });
    let finals = 0;
    const counted: VoskStreamEngine = {
      ...fake,
      open: async (spec) => {
        const opened = await fake.open(spec);
        const final = opened.session.final.bind(opened.session);
        return {
          ...opened,
          session: {
            ...opened.session,
            final: () => {
              finals++;
              return final();
            },
          },
        };
      },
    };
    const stream = new VoskStream(counted, { kind: 'free' }, undefined);
    stream.prepareEnd(); // nothing heard: nothing to finish
    for (let i = 0; i < 3; i++) stream.write(FRAME);
    stream.prepareEnd();
    stream.prepareEnd(); // once per stretch of audio
    await settle();
    expect(finals).toBe(1);
    expect(await stream.endUtterance()).toMatchObject({ text: 'savings', durationMs: 60 });
    expect(finals).toBe(1); // no audio since: the early result is the turn's

    // Speech resumes after the early final: the rest is a second segment of the same turn.
    for (let i = 0; i < 3; i++) stream.write(FRAME);
    stream.prepareEnd();
    for (let i = 0; i < 3; i++) stream.write(FRAME);
    expect(await stream.endUtterance()).toMatchObject({ text: 'savings savings', durationMs: 120 });
    expect(finals).toBe(3);
    await stream.close();
  });

  it('refuses audio beyond its backlog and ignores audio beyond the longest utterance', async () => {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { fake } = engine({ gate }, { maxBacklogMs: 100, maxUtteranceMs: 200 });
    const stream = new VoskStream(fake, { kind: 'free' }, undefined);
    const results = Array.from({ length: 8 }, () => stream.write(FRAME));
    // The recogniser is busy (held): five frames fill the 100 ms backlog, the rest are refused.
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(results.at(-1)).toMatchObject({ ok: false, error: { code: 'TELLER_ERR_AUDIO_OVERLOAD' } });
    expect(stream.backlogMs).toBe(100);
    release();
    await settle();
    for (let i = 0; i < 10; i++) {
      expect(stream.write(FRAME)).toEqual({ ok: true });
      await settle();
    }
    const result = await stream.endUtterance();
    expect(result).toMatchObject({ truncated: true, durationMs: 200 });
    await stream.close();
  });

  it('reports a recogniser that fails as an error event and a rejected utterance', async () => {
    const { fake } = engine({});
    const failing: VoskStreamEngine = {
      ...fake,
      open: () => Promise.reject(new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', 'the model did not load')),
    };
    const events: RecognitionEvent[] = [];
    const stream = new VoskStream(failing, { kind: 'free' }, (e) => events.push(e));
    stream.write(FRAME);
    await expect(stream.endUtterance()).rejects.toMatchObject({ message: 'the model did not load' });
    expect(events).toEqual([{ type: 'asr.error', error: like({ code: 'TELLER_ERR_ENGINE_UNAVAILABLE' }) }]);
    expect(stream.write(FRAME)).toMatchObject({ ok: false, error: { message: 'the model did not load' } });
    await stream.close();
  });

  it('frees the running recogniser when its signal aborts', async () => {
    const { fake, counts } = engine({});
    const controller = new AbortController();
    const stream = new VoskStream(fake, { kind: 'free' }, undefined, controller.signal);
    stream.write(FRAME);
    controller.abort(new Error('caller hung up'));
    await expect(stream.endUtterance()).rejects.toThrow('caller hung up');
    await stream.close();
    expect(counts()).toEqual({ freed: 1, closed: 1 });
    expect(stream.write(FRAME).ok).toBe(false);
  });
});
