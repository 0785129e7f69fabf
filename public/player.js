// Plays the agent's synthesized speech: binary pcm_s16le frames after `agent.audio.start`, scheduled
// back to back on the AudioContext clock so prompts play in order without gaps, and cut off at once
// on `agent.stop` (barge-in).

/** Scheduling slack for the first frame of a prompt: enough to absorb a late frame or two. */
const LEAD_S = 0.06;

/**
 * @typedef {{ id: string, sampleRateHz: number, sources: Set<AudioBufferSourceNode>, ended: boolean, started: boolean }} Prompt
 */

export class AgentAudioPlayer {
  /**
   * @param {() => AudioContext} context the AudioContext (created on a user gesture)
   * @param {{ onState?: (id: string, state: 'playing' | 'played' | 'stopped') => void }} [events]
   */
  constructor(context, events = {}) {
    this.context = context;
    this.events = events;
    /** @type {Map<string, Prompt>} */
    this.prompts = new Map();
    /** @type {Prompt | undefined} the prompt binary frames belong to */
    this.current = undefined;
    /** Context time at which the last scheduled frame ends. */
    this.nextTime = 0;
    this.maxPrompts = 32;
  }

  /** `agent.audio.start`: frames that follow are this prompt's. */
  begin(id, sampleRateHz) {
    const prompt = { id, sampleRateHz, sources: new Set(), ended: false, started: false };
    this.prompts.set(id, prompt);
    // Bounded: a prompt that never reported its end is forgotten after 32 newer ones.
    while (this.prompts.size > this.maxPrompts) this.prompts.delete(this.prompts.keys().next().value);
    this.current = prompt;
  }

  /** A binary frame: 16-bit little-endian mono samples of the current prompt. */
  push(data) {
    const prompt = this.current;
    if (!prompt || prompt.ended) return;
    const ctx = this.context();
    const samples = new Int16Array(data, 0, data.byteLength >> 1);
    if (samples.length === 0) return;
    const buffer = ctx.createBuffer(1, samples.length, prompt.sampleRateHz);
    const channel = buffer.getChannelData(0);
    for (let i = 0; i < samples.length; i++) channel[i] = samples[i] / 0x8000;
    const source = ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(ctx.destination);
    const at = Math.max(ctx.currentTime + LEAD_S, this.nextTime);
    source.start(at);
    this.nextTime = at + buffer.duration;
    prompt.sources.add(source);
    if (!prompt.started) {
      prompt.started = true;
      this.events.onState?.(prompt.id, 'playing');
    }
    source.onended = () => {
      prompt.sources.delete(source);
      this.settle(prompt);
    };
  }

  /** `agent.audio.end`: no more frames for `id`. */
  end(id) {
    const prompt = this.prompts.get(id);
    if (!prompt) return;
    prompt.ended = true;
    if (this.current === prompt) this.current = undefined;
    this.settle(prompt);
  }

  /** `agent.stop`: silence `id` now and drop whatever of it is still scheduled. */
  stop(id) {
    const prompt = this.prompts.get(id);
    if (!prompt) return;
    this.cut(prompt);
  }

  /** Stops everything (sign-out, end of conversation). */
  stopAll() {
    for (const prompt of [...this.prompts.values()]) this.cut(prompt);
  }

  /** @param {Prompt} prompt */
  cut(prompt) {
    this.prompts.delete(prompt.id);
    if (this.current === prompt) this.current = undefined;
    prompt.ended = true;
    for (const source of prompt.sources) {
      source.onended = null;
      try {
        source.stop();
      } catch {
        // never started: nothing to stop
      }
    }
    prompt.sources.clear();
    // Later prompts (already synthesized) play right after the cut instead of after a gap.
    this.reschedule();
    this.events.onState?.(prompt.id, 'stopped');
  }

  /** After a cut, nothing else is scheduled beyond what still plays; start the next frame now. */
  reschedule() {
    let busy = false;
    for (const prompt of this.prompts.values()) if (prompt.sources.size > 0) busy = true;
    if (!busy) this.nextTime = 0;
  }

  /** @param {Prompt} prompt */
  settle(prompt) {
    if (!prompt.ended || prompt.sources.size > 0 || !this.prompts.has(prompt.id)) return;
    this.prompts.delete(prompt.id);
    this.events.onState?.(prompt.id, 'played');
  }
}
