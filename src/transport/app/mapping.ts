import type { VoiceEvent } from '../../voice/index.ts';
import type { ServerMessage } from './protocol.ts';

/** Protocol messages for one pipeline event ('binary': the event's audio goes out as a binary frame). */
export function toServerMessages(event: VoiceEvent): (ServerMessage | 'binary')[] {
  switch (event.type) {
    case 'asr.partial':
      return [{ type: 'asr.partial', text: event.text }];
    case 'asr.final':
      return [
        { type: 'asr.final', text: event.text, confidence: Math.round(event.confidence * 1000) / 1000 },
      ];
    case 'vad.speech_start':
      return [{ type: 'vad.speech_start', atMs: Math.round(event.atMs) }];
    case 'vad.speech_end':
      return [{ type: 'vad.speech_end', atMs: Math.round(event.atMs) }];
    case 'understood': {
      const u = event.understanding;
      return [
        {
          type: 'nlu.result',
          intent: u.intent,
          confidence: Math.round(u.confidence * 1000) / 1000,
          entities: { ...u.normalized },
        },
      ];
    }
    case 'turn':
      return [{ type: 'turn.done', awaits: event.result.awaits }];
    case 'agent': {
      const o = event.output;
      switch (o.type) {
        case 'agent.say':
          return [
            { type: 'agent.say', id: event.id, text: o.text, lang: o.lang, rate: o.rate, awaits: o.awaits },
          ];
        case 'agent.stepup':
          return o.method === 'pin'
            ? [{ type: 'stepup.challenge', method: 'pin' }]
            : [{ type: 'stepup.challenge', method: 'webauthn', options: { ...o.options } }];
        case 'agent.stepup.result':
          return [{ type: 'stepup.result', ok: o.ok, ...(o.reason ? { reason: o.reason } : {}) }];
        case 'agent.handoff':
          return [{ type: 'handoff', reason: o.reason, summary: { ...o.summary } }];
        case 'agent.end':
          return [{ type: 'session.end', reason: o.reason }];
        case 'agent.error':
          return [{ type: 'error', code: 'TELLER_ERR_INTERNAL', message: o.message, fatal: false }];
        case 'agent.awaits':
          return [];
      }
      return [];
    }
    case 'audio.start':
      return [
        {
          type: 'agent.audio.start',
          id: event.id,
          encoding: 'pcm_s16le',
          sampleRateHz: event.format.sampleRateHz,
        },
      ];
    case 'audio.frame':
      return ['binary'];
    case 'audio.end':
      return [{ type: 'agent.audio.end', id: event.id, durationMs: event.durationMs }];
    case 'audio.stop':
      return [{ type: 'agent.stop', id: event.id, reason: 'barge_in' }];
    case 'error':
      return [{ type: 'error', code: event.code, message: event.message, fatal: false }];
  }
}
