import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VOSK_DIR, VoskRecognizer, createRecognizer } from '../../src/asr/index.ts';

/** Typed asymmetric matchers (vitest's return `any`). */
const containing = (text: string): string => expect.stringContaining(text) as string;
const matching = (pattern: RegExp): string => expect.stringMatching(pattern) as string;
const like = (value: Record<string, unknown>): object => expect.objectContaining(value) as object;

/**
 * The Vosk adapter against the real libvosk through koffi: the library `npm run models` fetches
 * from the npm registry (`vosk` 0.3.39's prebuilt libvosk.so, `npm run models -- --lib-only`).
 * Without it these tests are skipped, except the ones about its absence.
 */

const LIBRARY = join(VOSK_DIR, 'lib', 'libvosk.so');
const hasLibrary = existsSync(LIBRARY);
if (!hasLibrary)
  console.warn(`skipping libvosk tests: ${LIBRARY} is missing (run "npm run models -- --lib-only")`);

const work = mkdtempSync(join(tmpdir(), 'teller-vosk-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A folder that passes the file check but is no model: Vosk must refuse it, not crash. */
function fakeModel(): string {
  const dir = mkdtempSync(join(work, 'models-'));
  mkdirSync(join(dir, 'en', 'am'), { recursive: true });
  mkdirSync(join(dir, 'en', 'conf'), { recursive: true });
  writeFileSync(join(dir, 'en', 'am', 'final.mdl'), 'not a model');
  writeFileSync(join(dir, 'en', 'conf', 'model.conf'), '--max-active=7000\n');
  return dir;
}

describe('Vosk without its library', () => {
  it('refuses to start and names the command that installs it', async () => {
    const dir = mkdtempSync(join(work, 'empty-'));
    await expect(createRecognizer({ engine: 'vosk', vosk: { dir } })).rejects.toMatchObject({
      code: 'TELLER_ERR_ENGINE_UNAVAILABLE',
      message: containing('run "npm run models"'),
    });
    const auto = await createRecognizer({ engine: 'auto', vosk: { dir } });
    expect(auto.engine).not.toContain('vosk');
    expect(auto.skipped?.['vosk:en']).toContain('npm run models');
    await auto.recognizer.close();
  });
});

describe.skipIf(!hasLibrary)('Vosk through koffi (real libvosk)', () => {
  it('refuses a folder with no model, naming the command', async () => {
    const dir = mkdtempSync(join(work, 'no-model-'));
    await expect(
      createRecognizer({ engine: 'vosk', vosk: { dir, libraryPath: LIBRARY } }),
    ).rejects.toMatchObject({
      code: 'TELLER_ERR_ENGINE_UNAVAILABLE',
      message: matching(/no Vosk model in .*npm run models/),
    });
  });

  it('reports a model libvosk cannot load as a start-up error, on a worker thread, without crashing', async () => {
    const recognizer = new VoskRecognizer({ dir: fakeModel(), libraryPath: LIBRARY });
    expect(recognizer.languages).toEqual(['en']);
    await expect(recognizer.warmUp()).rejects.toMatchObject({
      code: 'TELLER_ERR_ENGINE_UNAVAILABLE',
      message: containing('did not load: run "npm run models -- --lang en --force"'),
    });
    expect(() => recognizer.createStream({ lang: 'zh', sampleRateHz: 16000 })).toThrow(
      like({
        code: 'TELLER_ERR_ENGINE_UNAVAILABLE',
        message: containing('--lang zh'),
      }),
    );
    // A stream on the broken model fails its utterance with the same error, as an event too.
    const events: string[] = [];
    const stream = recognizer.createStream({
      lang: 'en',
      sampleRateHz: 16000,
      onEvent: (e) => events.push(e.type),
    });
    stream.write(new Int16Array(320));
    await expect(stream.endUtterance()).rejects.toMatchObject({ code: 'TELLER_ERR_ENGINE_UNAVAILABLE' });
    expect(events).toEqual(['asr.error']);
    await stream.close();
    await recognizer.close();
  });

  it('lets auto fall back past a broken model and say why', async () => {
    const auto = await createRecognizer({ engine: 'auto', vosk: { dir: fakeModel(), libraryPath: LIBRARY } });
    expect(auto.engine).not.toContain('vosk');
    expect(auto.skipped?.vosk).toContain('did not load');
    await auto.recognizer.close();
  });
});
