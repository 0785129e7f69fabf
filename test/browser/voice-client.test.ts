import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pocketSphinxProblem } from '../../src/asr/index.ts';
import { startServer, type RunningServer } from '../../src/server/index.ts';
import { tempDir } from '../helpers/tmp.ts';
import {
  addVirtualAuthenticator,
  chromiumProblem,
  openBrowser,
  screenshot,
  speechWav,
  type BrowserSession,
} from './chromium.ts';

const problem = chromiumProblem() ?? pocketSphinxProblem();
if (problem) console.warn(`browser tests skipped: ${problem}`);

/** Generous for the CPU-bound parts (PocketSphinx, flite) on a slow CI runner; a pass takes far less. */
const STEP_MS = 20_000;

const ofType = (messages: Record<string, unknown>[], type: string) =>
  messages.filter((m) => m['type'] === type);

describe.skipIf(problem !== undefined)(
  `the web client in Chromium: fake microphone, PocketSphinx, WebAuthn step-up${problem ? ` (skipped: ${problem})` : ''}`,
  () => {
    let server: RunningServer;
    let origin: string;
    const dir = tempDir('teller-browser-');
    let session: BrowserSession | undefined;
    let authenticatorId = '';

    beforeAll(async () => {
      server = await startServer({
        port: 0,
        host: '127.0.0.1',
        dbPath: join(dir, 'bank.sqlite'),
        logLevel: 'silent',
        asrEngine: 'pocketsphinx',
        ttsEngine: 'flite',
      });
      // WebAuthn's rpId is "localhost": the page must be on that host, not 127.0.0.1.
      origin = `http://localhost:${server.port}`;
    });
    afterEach(async ({ task }) => {
      // A failed test leaves a picture of the page behind for the CI artifacts.
      if (task.result?.state === 'fail' && session) {
        const name = task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
        await screenshot(session.page, `failed-${name}`).catch(() => undefined);
      }
      await session?.close();
      session = undefined;
    });
    afterAll(async () => server.close());

    /** A browser whose microphone says `utterance` once, with a virtual platform authenticator. */
    async function open(utterance: string, name: string): Promise<BrowserSession> {
      session = await openBrowser(await speechWav(utterance, join(dir, `${name}.wav`)));
      authenticatorId = await addVirtualAuthenticator(session.cdp);
      await session.page.goto(`${origin}/`);
      return session;
    }

    /** Signs in; the sign-in registers a passkey through the virtual authenticator. */
    async function signIn(
      { page }: BrowserSession,
      button: string | RegExp,
      greeting: string,
    ): Promise<void> {
      await page.getByRole('button', { name: button }).click();
      await expect
        .poll(() => page.locator('[data-passkey]').getAttribute('data-passkey'), { timeout: STEP_MS })
        .toBe('passkeyReady');
      await page.locator('body[data-session="started"]').waitFor({ timeout: STEP_MS });
      await page.locator('#log .agent', { hasText: greeting }).waitFor({ timeout: STEP_MS });
    }

    it('answers a spoken balance question with the transcript, the amount and played audio', async () => {
      const browser = await open("what's my balance", 'balance');
      const { page, errors, sent, received } = browser;
      await signIn(browser, 'Sign in as Alice', 'Hi Alice');
      expect(ofType(sent, 'session.start')[0]).toMatchObject({
        lang: 'en',
        style: 'standard',
        audio: { encoding: 'pcm_s16le', sampleRateHz: 16000 },
        output: { encoding: 'pcm_s16le', sampleRateHz: 16000 },
      });
      const greeting = page.locator('#log .agent').first();
      // Speak while the greeting plays: the server's agent.stop must cut it off (barge-in).
      await expect.poll(() => greeting.getAttribute('data-audio'), { timeout: STEP_MS }).toBe('playing');
      await page.getByRole('button', { name: 'Tap or hold to talk' }).click();
      const heard = page.locator('#log .customer-line[data-heard="voice"]');
      await heard.waitFor({ timeout: STEP_MS });
      expect(await heard.textContent()).toMatch(/balance/i);
      expect(await heard.getAttribute('data-intent')).toBe('account.balance');
      const answer = page.locator('#log .agent', { hasText: '$2,500.00' });
      await answer.waitFor({ timeout: STEP_MS });
      // Barge-in: the greeting was stopped on the page, and the page told the server.
      const greetingId = await greeting.getAttribute('data-say-id');
      expect(ofType(received, 'agent.stop')[0]).toMatchObject({ id: greetingId, reason: 'barge_in' });
      expect(await greeting.getAttribute('data-audio')).toBe('stopped');
      expect(ofType(sent, 'playback.done')).toContainEqual({ type: 'playback.done', id: greetingId });
      // The answer's speech arrives and plays on the page's AudioContext.
      await expect
        .poll(() => answer.getAttribute('data-audio'), { timeout: STEP_MS })
        .toMatch(/^(playing|played)$/);
      // Tap-to-talk ends by itself at the end of the turn: the button is released.
      expect(await page.locator('#talk').getAttribute('aria-pressed')).toBe('false');
      await screenshot(page, 'balance');
      expect(errors).toEqual([]);
    }, 60_000);

    it('moves $1,200 to Bob Li after a spoken request, the read-back card and a biometric step-up', async () => {
      const checking = (await server.bank.listAccounts('alice')).find((a) => a.name === 'Everyday Checking');
      expect(checking?.balanceMinor).toBe(250_000);
      const browser = await open('send twelve hundred dollars to bob li', 'transfer');
      const { page, errors, sent, received } = browser;
      await signIn(browser, 'Sign in as Alice', 'Hi Alice');
      await page.getByRole('button', { name: 'Tap or hold to talk' }).click();
      const heard = page.locator('#log .customer-line[data-heard="voice"]');
      await heard.waitFor({ timeout: STEP_MS });
      expect(await heard.textContent(), 'what the page heard').toMatch(/twelve hundred/);
      expect(await heard.getAttribute('data-intent')).toBe('transfer.money');
      const card = page.getByRole('region', { name: 'Please confirm' });
      await card.waitFor({ timeout: STEP_MS });
      expect(await card.textContent()).toMatch(/send \$1,200\.00 to Bob Li from Everyday Checking/);
      await screenshot(page, 'transfer-readback');
      await card.getByRole('button', { name: 'Yes' }).click();
      // The virtual authenticator answers the step-up challenge with user verification.
      await page.locator('#log .system.ok', { hasText: 'Identity confirmed' }).waitFor({ timeout: STEP_MS });
      const done = page.locator('#log .agent', { hasText: /Done\. I've sent \$1,200\.00 to Bob Li\./ });
      await done.waitFor({ timeout: STEP_MS });
      await screenshot(page, 'transfer-done');
      expect(await card.isVisible()).toBe(false);
      expect(ofType(sent, 'text')).toEqual([{ type: 'text', text: 'yes' }]);
      expect(ofType(received, 'stepup.challenge')[0]).toMatchObject({
        method: 'webauthn',
        options: { rpId: 'localhost', userVerification: 'required' },
      });
      expect(ofType(sent, 'stepup.assertion')).toHaveLength(1);
      expect(ofType(received, 'stepup.result')).toEqual([{ type: 'stepup.result', ok: true }]);
      // The money moved, once: checking 2,500.00 → 1,300.00.
      const after = await server.bank.listAccounts('alice');
      expect(after.find((a) => a.id === checking?.id)?.balanceMinor).toBe(130_000);
      expect((await server.bank.listDeviceCredentials('alice')).length).toBeGreaterThanOrEqual(1);
      expect(errors).toEqual([]);
    }, 60_000);

    it('moves nothing when the biometric check fails, and says so', async () => {
      const browser = await open("what's my balance", 'stepup-refused');
      const { page, errors, received } = browser;
      await signIn(browser, 'Sign in as Alice', 'Hi Alice');
      const before = await server.bank.listAccounts('alice');
      // The fingerprint is not recognized: the authenticator cannot verify the user.
      await browser.cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
      await page.getByLabel('Or type your request').fill('send 1100 dollars to maria garcia');
      await page.getByRole('button', { name: 'Send' }).click();
      const card = page.getByRole('region', { name: 'Please confirm' });
      await card.waitFor({ timeout: STEP_MS });
      expect(await card.textContent()).toMatch(/\$1,100\.00 to Maria Garcia/);
      await card.getByRole('button', { name: 'Yes' }).click();
      await page
        .locator('#log .system.error', { hasText: 'Biometric confirmation failed' })
        .waitFor({ timeout: STEP_MS });
      expect(ofType(received, 'stepup.result')).toEqual([
        { type: 'stepup.result', ok: false, reason: expect.any(String) as string },
      ]);
      await screenshot(page, 'stepup-refused');
      expect(await server.bank.listAccounts('alice')).toEqual(before);
      expect(errors).toEqual([]);
    }, 60_000);

    it('switches to 中文 and large text, types as a fallback, and talks while the button is held', async () => {
      const browser = await open("what's my balance", 'wei');
      const { page, errors, sent } = browser;
      // 王伟's sign-in turns the page to Mandarin.
      await signIn(browser, /王伟/, '王伟您好');
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      expect(await page.locator('#talk-label').textContent()).toBe('点按或按住说话');
      await page.getByLabel('或输入您的需求').fill('我的余额是多少');
      await page.getByRole('button', { name: '发送' }).click();
      await page.locator('#log .agent', { hasText: '¥28,600.00' }).waitFor({ timeout: STEP_MS });
      // Large text and slower speech: a new session in the elderly style.
      await page.getByLabel('大字体、慢语速').check();
      await expect.poll(() => ofType(sent, 'session.start').at(-1)?.['style']).toBe('elderly');
      expect(await page.locator('html').getAttribute('class')).toContain('elderly');
      await page.getByRole('button', { name: 'English' }).click();
      await page.locator('#log .agent', { hasText: "I'm Teller" }).waitFor({ timeout: STEP_MS });
      expect(ofType(sent, 'session.start').at(-1)).toMatchObject({ lang: 'en', style: 'elderly' });
      // Hold-to-talk: press, speak, release; the release sends audio.end.
      const talk = page.getByRole('button', { name: 'Tap or hold to talk' });
      await talk.hover();
      await page.mouse.down();
      await expect
        .poll(() => page.locator('#partial').textContent(), { timeout: STEP_MS })
        .toMatch(/balance/);
      await page.mouse.up();
      await page.locator('#log .agent', { hasText: 'Here are your balances' }).waitFor({ timeout: STEP_MS });
      expect(ofType(sent, 'audio.end').length).toBeGreaterThanOrEqual(1);
      await screenshot(page, 'wei-large-text');
      expect(errors).toEqual([]);
    }, 60_000);
  },
);
