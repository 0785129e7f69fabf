/** Options of an {@link AudioPacer}. */
export interface AudioPacerOptions {
  readonly send: (data: Buffer) => void;
  /** How far ahead of the playback position audio is sent (jitter headroom at the client). */
  readonly leadMs: number;
  /** Most audio held back; a prompt beyond it is cut (memory stays bounded). */
  readonly maxQueuedMs: number;
  readonly tickMs?: number;
  readonly now?: () => number;
}

/**
 * Sends agent audio at real-time pace, at most `leadMs` ahead of where playback is. Genesys plays
 * what it receives and rate-limits binary messages; pacing keeps the client's queue short, so a
 * barge-in `clear()` stops the agent within `leadMs`, and tells when a prompt has finished playing
 * (the server waits for that before it disconnects).
 */
export class AudioPacer {
  private readonly queue: { data: Buffer; durationMs: number }[] = [];
  private queuedMs = 0;
  /** Wall-clock time at which everything sent so far has played. */
  private playedAtMs = 0;
  private holdUntilMs = 0;
  private paused = false;
  private timer: NodeJS.Timeout | undefined;
  private drained: (() => void)[] = [];
  private closed = false;

  constructor(private readonly options: AudioPacerOptions) {}

  private get now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** True while sent audio is still playing or more is queued. */
  get busy(): boolean {
    return this.queue.length > 0 || this.playedAtMs > this.now;
  }

  /** Queues one frame; false when the queue is full and the frame was dropped. */
  enqueue(data: Buffer, durationMs: number): boolean {
    if (this.closed) return false;
    if (this.queuedMs + durationMs > this.options.maxQueuedMs) return false;
    this.queue.push({ data, durationMs });
    this.queuedMs += durationMs;
    this.tick();
    return true;
  }

  /** Drops queued audio (barge-in); what was already sent plays out at the client unless it clears too. */
  clear(): void {
    this.queue.length = 0;
    this.queuedMs = 0;
    this.playedAtMs = Math.min(this.playedAtMs, this.now);
    this.tick();
  }

  /** The client asked the server to slow down (AudioHook `error` 429 with `retryAfter`). */
  holdFor(ms: number): void {
    this.holdUntilMs = Math.max(this.holdUntilMs, this.now + ms);
    this.tick();
  }

  /** The stream is paused (the caller is on hold): keep the rest of the prompt until {@link resume}. */
  pause(): void {
    this.paused = true;
    this.tick();
  }

  resume(): void {
    this.paused = false;
    this.tick();
  }

  /** Resolves once everything queued has been sent and has played. */
  whenDrained(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => {
      this.drained.push(resolve);
      this.tick();
    });
  }

  close(): void {
    this.closed = true;
    this.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const resolve of this.drained.splice(0)) resolve();
  }

  private tick(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.now;
    const sending = !this.paused && now >= this.holdUntilMs;
    while (sending && this.queue.length > 0 && this.playedAtMs - now < this.options.leadMs) {
      const frame = this.queue.shift();
      if (!frame) break;
      this.queuedMs -= frame.durationMs;
      this.playedAtMs = Math.max(this.playedAtMs, now) + frame.durationMs;
      this.options.send(frame.data);
    }
    if (!this.busy) {
      for (const resolve of this.drained.splice(0)) resolve();
      return;
    }
    if (this.closed || (this.paused && this.playedAtMs <= now)) return;
    const untilNext =
      this.queue.length > 0
        ? Math.max(this.holdUntilMs - now, this.playedAtMs - now - this.options.leadMs)
        : this.playedAtMs - now;
    this.timer = setTimeout(() => this.tick(), Math.max(this.options.tickMs ?? 20, untilNext));
  }
}
