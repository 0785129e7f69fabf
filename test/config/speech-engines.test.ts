import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';

/** Typed asymmetric matchers (vitest's return `any`). */
const containing = (text: string): string => expect.stringContaining(text) as string;
const like = (value: Record<string, unknown>): object => expect.objectContaining(value) as object;

/** Speech-engine settings: engines, the Vosk folder, Azure credentials from the environment. */

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('speech engine configuration', () => {
  it('reads the Vosk folder and the Azure resource from the environment', () => {
    vi.stubEnv('TELLER_ASR', 'azure');
    vi.stubEnv('TELLER_TTS', 'azure');
    vi.stubEnv('TELLER_VOSK_DIR', '/srv/vosk');
    vi.stubEnv('TELLER_AZURE_SPEECH_KEY', 'secret-key');
    vi.stubEnv('TELLER_AZURE_SPEECH_REGION', 'westeurope');
    vi.stubEnv('TELLER_AZURE_SPEECH_ENDPOINT', 'wss://speech.example.internal');
    vi.stubEnv('TELLER_AZURE_TTS_VOICE_ZH', 'zh-CN-YunxiNeural');
    expect(loadConfig()).toMatchObject({
      asrEngine: 'azure',
      ttsEngine: 'azure',
      voskDir: '/srv/vosk',
      azureSpeechKey: 'secret-key',
      azureSpeechRegion: 'westeurope',
      azureSpeechEndpoint: 'wss://speech.example.internal',
      azureTtsVoiceZh: 'zh-CN-YunxiNeural',
    });
  });

  it('reads the English accent of the recogniser, American by default', () => {
    expect(loadConfig().asrAccent).toBe('us');
    vi.stubEnv('TELLER_ASR_ACCENT', 'us+gb');
    expect(loadConfig().asrAccent).toBe('us+gb');
    vi.stubEnv('TELLER_ASR_ACCENT', 'gb');
    expect(() => loadConfig()).toThrow(like({ code: 'TELLER_ERR_CONFIG', message: containing('asrAccent') }));
  });

  it('reads PocketSphinx top-N, leaving the recogniser its default when unset', () => {
    expect(loadConfig().asrTopN).toBeUndefined();
    vi.stubEnv('TELLER_ASR_TOP_N', '8');
    expect(loadConfig().asrTopN).toBe(8);
    vi.stubEnv('TELLER_ASR_TOP_N', '0');
    expect(() => loadConfig()).toThrow(like({ code: 'TELLER_ERR_CONFIG', message: containing('asrTopN') }));
    vi.stubEnv('TELLER_ASR_TOP_N', 'eight');
    expect(() => loadConfig()).toThrow(
      like({ code: 'TELLER_ERR_CONFIG', message: containing('TELLER_ASR_TOP_N') }),
    );
  });

  it('reads the caller prefixes heard with British pronunciations, and refuses what is not one', () => {
    expect(loadConfig().asrBritishCallerPrefixes).toEqual([]);
    vi.stubEnv('TELLER_ASR_BRITISH_CALLERS', '+44, +61,+353');
    expect(loadConfig().asrBritishCallerPrefixes).toEqual(['+44', '+61', '+353']);
    vi.stubEnv('TELLER_ASR_BRITISH_CALLERS', '44');
    expect(() => loadConfig()).toThrow(
      like({ code: 'TELLER_ERR_CONFIG', message: containing('E.164 prefix') }),
    );
  });

  it('reads the top-N under load; 0 keeps the full top-N', () => {
    expect(loadConfig().asrBusyTopN).toBeUndefined();
    vi.stubEnv('TELLER_ASR_BUSY_TOP_N', '0');
    expect(loadConfig().asrBusyTopN).toBe(0);
    vi.stubEnv('TELLER_ASR_BUSY_TOP_N', '129');
    expect(() => loadConfig()).toThrow(
      like({ code: 'TELLER_ERR_CONFIG', message: containing('asrBusyTopN') }),
    );
  });

  it('refuses an Azure engine without its key or region at start-up, without echoing secrets', () => {
    expect(() => loadConfig({ asrEngine: 'azure' })).toThrow(
      like({
        code: 'TELLER_ERR_CONFIG',
        message: containing('TELLER_AZURE_SPEECH_KEY'),
      }),
    );
    expect(() => loadConfig({ ttsEngine: 'azure', azureSpeechKey: 'secret-key' })).toThrow(
      like({ message: containing('TELLER_AZURE_SPEECH_REGION') }),
    );
    const bad = (() => {
      try {
        loadConfig({ asrEngine: 'azure', azureSpeechKey: 'secret-key', azureSpeechRegion: 'West Europe' });
      } catch (error) {
        return error as Error;
      }
      return undefined;
    })();
    expect(bad?.message).toContain('region');
    expect(bad?.message).not.toContain('secret-key');
    expect(
      loadConfig({ asrEngine: 'azure', azureSpeechKey: 'k', azureSpeechEndpoint: 'ws://127.0.0.1:9' })
        .asrEngine,
    ).toBe('azure');
    expect(loadConfig({ asrEngine: 'vosk' }).asrEngine).toBe('vosk');
  });

  it('takes the embedded English voice from TELLER_FLITE_VOICE and refuses one flite lacks', () => {
    expect(loadConfig().fliteVoice).toBeUndefined();
    vi.stubEnv('TELLER_FLITE_VOICE', 'slt');
    expect(loadConfig().fliteVoice).toBe('slt');
    vi.stubEnv('TELLER_FLITE_VOICE', 'jenny');
    expect(() => loadConfig()).toThrow(
      like({ code: 'TELLER_ERR_CONFIG', message: containing('fliteVoice') }),
    );
  });
});
