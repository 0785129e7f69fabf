import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.ts';
import { startTestServer } from '../helpers/server.ts';
import { AppClient } from '../transport/app-client.ts';

const METRICS_TOKEN = 'scrape-token-for-the-test';

/** The value of one sample line (`name{labels} value`) in a Prometheus exposition, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  let server: RunningServer;
  let base: string;

  beforeAll(async () => {
    server = await startTestServer({
      jwtSecret: 'a-test-secret-that-is-long-enough-for-hs256',
      ttsEngine: 'none',
      metricsToken: METRICS_TOKEN,
    });
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(async () => server.close());

  const scrape = async (): Promise<string> => {
    const res = await fetch(`${base}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    return res.text();
  };

  it('wants its bearer token when one is configured', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${base}/metrics`, {
      headers: { Authorization: 'Bearer not-the-token-at-all' },
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: 'TELLER_ERR_UNAUTHENTICATED' } });
  });

  it('counts sessions, turns by outcome, intents and errors, and names no customer or words', async () => {
    const before = await scrape();
    expect(sample(before, 'teller_sessions_active{channel="app"}') ?? 0).toBe(0);
    const client = await AppClient.connect(
      `ws://127.0.0.1:${server.port}/v1/app`,
      await server.tokens.sign({ customerId: 'alice' }, Date.now()),
    );
    client.send({ type: 'session.start', lang: 'en' });
    await client.next('session.started');
    await client.say();
    client.send({ type: 'text', text: "what's my checking balance" });
    expect((await client.say()).text).toMatch(/\$2,500\.00/);
    client.send({ type: 'text', text: 'tell me a joke about penguins' });
    await client.say();
    client.send('{not json');
    await client.next('error');

    const during = await scrape();
    expect(sample(during, 'teller_sessions_started_total{channel="app"}')).toBe(1);
    expect(sample(during, 'teller_sessions_active{channel="app"}')).toBe(1);
    expect(sample(during, 'teller_turns_total{channel="app",input="text",outcome="understood"}')).toBe(1);
    expect(sample(during, 'teller_turns_total{channel="app",input="text",outcome="no_match"}')).toBe(1);
    expect(sample(during, 'teller_intents_total{channel="app",intent="account.balance"}')).toBe(1);
    expect(sample(during, 'teller_intents_total{channel="app",intent="oos"}')).toBe(1);
    expect(sample(during, 'teller_errors_total{channel="app",code="TELLER_ERR_BAD_JSON"}')).toBe(1);
    expect(sample(during, 'teller_turn_seconds_count{channel="app",input="text"}')).toBe(2);
    // Node's own, for the node's dashboards.
    expect(during).toMatch(/^teller_process_cpu_seconds_total /m);
    expect(during).toMatch(/^teller_nodejs_eventloop_lag_p99_seconds /m);
    // Node's own samples are numbers about the process, and a CPU time can hold the digits 2500
    // ("0.172225000"): the check is on everything else.
    const ours = during
      .split('\n')
      .filter((line) => !/^teller_(process|nodejs)_/.test(line))
      .join('\n');
    for (const secret of ['alice', 'Alice', 'penguins', '2500', '2,500', 'checking']) {
      expect(ours).not.toContain(secret);
    }

    await client.close();
    await expect.poll(async () => sample(await scrape(), 'teller_sessions_active{channel="app"}')).toBe(0);
  });
});
