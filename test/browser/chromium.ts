import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { encodeWav } from '../../src/audio/index.ts';
import { FliteSynthesizer } from '../../src/tts/index.ts';

/** Debian's `chromium` package; CI installs it (.ci/run). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Where screenshots go: collected by CI as test artifacts, ignored by git. */
export const ARTIFACTS_DIR = join(import.meta.dirname, '..', '..', 'test-results', 'browser');

/** Why the browser tests cannot run here, or undefined. */
export function chromiumProblem(): string | undefined {
  return existsSync(CHROMIUM_PATH)
    ? undefined
    : `${CHROMIUM_PATH} is missing: install Debian's chromium ("apt-get install chromium")`;
}

const tts = new FliteSynthesizer();

/**
 * A WAV for Chromium's fake microphone: `leadMs` of silence, `text` spoken once by the project's TTS,
 * then `tailMs` of silence. Chromium loops the file, so the tail must outlast the test's listening;
 * the client opens the microphone per utterance and the fake device restarts the file each time.
 */
export async function speechWav(text: string, file: string, leadMs = 400, tailMs = 30_000): Promise<string> {
  const speech = await tts.synthesize(text, { lang: 'en', voice: 'kal16' });
  const rate = speech.sampleRateHz;
  const lead = Math.round((rate * leadMs) / 1000);
  const pcm = new Int16Array(lead + speech.pcm.length + Math.round((rate * tailMs) / 1000));
  pcm.set(speech.pcm, lead);
  writeFileSync(file, encodeWav(pcm, rate));
  return file;
}

/**
 * A Chromium whose microphone plays `wavFile`, and one page in it. `launch` gives every browser a new
 * empty user-data directory (and removes it on close), so no state leaks between tests.
 */
export interface BrowserSession {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  readonly cdp: CDPSession;
  /** Uncaught page errors and console errors, for the test to assert there are none. */
  readonly errors: string[];
  /** The app protocol's JSON messages as the page sent and received them, in order. */
  readonly sent: Record<string, unknown>[];
  readonly received: Record<string, unknown>[];
  close(): Promise<void>;
}

export async function openBrowser(wavFile: string): Promise<BrowserSession> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    timeout: 30_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${wavFile}`,
    ],
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  const sent: Record<string, unknown>[] = [];
  const received: Record<string, unknown>[] = [];
  const parse = (payload: string | Buffer) =>
    typeof payload === 'string' ? (JSON.parse(payload) as Record<string, unknown>) : undefined;
  page.on('websocket', (ws) => {
    ws.on('framesent', (frame) => {
      const message = parse(frame.payload);
      if (message) sent.push(message);
    });
    ws.on('framereceived', (frame) => {
      const message = parse(frame.payload);
      if (message) received.push(message);
    });
  });
  const cdp = await context.newCDPSession(page);
  return {
    sent,
    received,
    browser,
    context,
    page,
    cdp,
    errors,
    close: () => browser.close(),
  };
}

/**
 * A platform authenticator with user verification through the DevTools protocol (WebAuthn domain):
 * it answers `navigator.credentials.create/get` as a phone's fingerprint reader would, with UV set.
 */
export async function addVirtualAuthenticator(cdp: CDPSession): Promise<string> {
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return authenticatorId;
}

/** Saves a full-page screenshot as a test artifact. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
