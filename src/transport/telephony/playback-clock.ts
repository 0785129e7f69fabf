import type { MachineClock } from '../../dialog/index.ts';

/** When the agent's audio for a call ends (wall-clock ms), as far as the transport knows. */
export interface PlaybackState {
  untilMs: number;
}

/**
 * The dialog's timer clock for a phone call. The session arms its no-input timer when it has said its
 * prompt, but on the phone the prompt then takes seconds to play: counted from there, a caller who
 * waits for the end of a long prompt is asked "are you still there?" before they could answer. This
 * clock lets a timer run out only once the agent's audio has ended plus the timer's own length, so
 * no-input (6 s, dialog.md) counts from when the caller could speak.
 */
export class PlaybackClock implements MachineClock {
  constructor(
    private readonly playback: PlaybackState,
    private readonly now: () => number = Date.now,
  ) {}

  setTimeout(fn: (...args: unknown[]) => void, timeout: number): unknown {
    const handle: { timer: NodeJS.Timeout | undefined } = { timer: undefined };
    const arm = (ms: number) => {
      handle.timer = setTimeout(() => {
        const due = this.playback.untilMs + timeout;
        if (due > this.now()) arm(due - this.now());
        else fn();
      }, ms);
    };
    arm(timeout);
    return handle;
  }

  clearTimeout(id: unknown): void {
    clearTimeout((id as { timer: NodeJS.Timeout | undefined }).timer);
  }
}
