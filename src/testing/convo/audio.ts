import type { SileroVadModel } from '../../audio/index.ts';
import type { Recognizer } from '../../asr/index.ts';
import type { Dialog, TurnResult, TurnUnderstanding } from '../../dialog/index.ts';
import { resample, s16leFromInt16 } from '../../audio/index.ts';
import type { Synthesizer } from '../../tts/index.ts';
import { VoicePipeline } from '../../voice/index.ts';

/** What `teller test --audio` runs the user lines through. */
export interface AudioRig {
  readonly synthesizer: Synthesizer;
  readonly recognizer: Recognizer;
  readonly vad: SileroVadModel;
  /** TTS voice for the customer's lines (e.g. flite kal16, slt, rms, awb). */
  readonly voice: string | undefined;
  /** 1 = real time (20 ms of audio every 20 ms); 2 = twice as fast. */
  readonly pace: number;
}

const FRAME = 320; // 20 ms at 16 kHz
const LEAD_MS = 200;
/** After speech: the longest end-of-turn silence (digits) plus margin, so the VAD ends the turn. */
const TAIL_MS = 1900;

/**
 * A customer who speaks: each `user` line is synthesized with the project's TTS and streamed in
 * 20 ms frames through the real voice pipeline (Silero VAD, the recognizer with the dialog state's
 * grammar), so what the dialog gets is what ASR heard.
 */
export class SpeakingCustomer {
  private readonly pipeline: VoicePipeline;
  private understood: TurnUnderstanding | undefined;
  private heard: string | undefined;
  private turns = 0;

  constructor(
    private readonly rig: AudioRig,
    private readonly dialog: Dialog,
  ) {
    this.pipeline = new VoicePipeline({
      dialog,
      recognizer: rig.recognizer,
      synthesizer: undefined,
      vad: rig.vad,
      input: { encoding: 'pcm_s16le', sampleRateHz: 16000 },
      output: undefined,
      onEvent: (e) => {
        if (e.type === 'understood') this.understood = e.understanding;
        if (e.type === 'asr.final') this.heard = e.text;
        if (e.type === 'turn') this.turns++;
      },
    });
  }

  /** Says `text` and waits for the agent's answer. Resolves with what ASR heard and the NLU's reading. */
  async say(
    text: string,
    lang: 'en' | 'zh',
  ): Promise<{ heard: string | undefined; understanding: TurnUnderstanding | undefined }> {
    this.understood = undefined;
    this.heard = undefined;
    const turnsBefore = this.turns;
    const speech = await this.rig.synthesizer.synthesize(text, {
      lang,
      ...(this.rig.voice ? { voice: this.rig.voice } : {}),
    });
    const voice =
      speech.sampleRateHz === 16000 ? speech.pcm : resample(speech.pcm, speech.sampleRateHz, 16000);
    const total = Math.ceil((LEAD_MS / 1000) * 16000) + voice.length + Math.ceil((TAIL_MS / 1000) * 16000);
    const pcm = new Int16Array(Math.ceil(total / FRAME) * FRAME);
    pcm.set(voice, Math.ceil((LEAD_MS / 1000) * 16000));
    const frameMs = 20 / this.rig.pace;
    const started = performance.now();
    for (let i = 0, n = 0; i < pcm.length; i += FRAME, n++) {
      const pushed = this.pipeline.pushAudio(s16leFromInt16(pcm.subarray(i, i + FRAME)));
      if (!pushed.ok) throw new Error(`${pushed.code}: ${pushed.message}`);
      const due = started + (n + 1) * frameMs;
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    }
    // The VAD ended the turn during the tail; wait for recognition and the dialog's answer.
    for (let i = 0; i < 200 && this.turns === turnsBefore && this.heard === undefined; i++)
      await new Promise((r) => setTimeout(r, 10));
    await this.pipeline.idle();
    await this.dialog.settle();
    return { heard: this.heard, understanding: this.understood };
  }

  /** Keypad and step-up answers do not go through audio. */
  handle(input: Parameters<Dialog['handle']>[0]): Promise<TurnResult> {
    return this.dialog.handle(input);
  }

  async close(): Promise<void> {
    await this.pipeline.close();
  }
}
