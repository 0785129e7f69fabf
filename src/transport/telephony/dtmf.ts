/** Keypad collection limits: IVRs commonly end an entry on `#` or after a few seconds without a key. */
export const DTMF_DEFAULTS = {
  /** An entry ends this long after the last key (a PIN is keyed in well under a second per digit). */
  interDigitMs: 3_000,
  /** An entry longer than this is submitted as it is: nothing the agent asks for is longer. */
  maxDigits: 32,
} as const;

/** Options of a {@link DtmfCollector}; limits default to {@link DTMF_DEFAULTS}. */
export interface DtmfCollectorOptions {
  /** Called with the keyed digits (no `#`) when an entry ends. */
  readonly onDigits: (digits: string) => void;
  readonly interDigitMs?: number;
  readonly maxDigits?: number;
}

/**
 * Turns single key presses (Twilio `dtmf` events, AudioHook `dtmf` messages each carry one digit) into
 * entries: digits accumulate until `#`, a pause of `interDigitMs`, or `maxDigits`. `*` is kept (the
 * dialog uses it), the letters A-D of a DTMF keypad are ignored. The timer is cleared on every path.
 */
export class DtmfCollector {
  private digits = '';
  private timer: NodeJS.Timeout | undefined;
  private readonly interDigitMs: number;
  private readonly maxDigits: number;

  constructor(private readonly options: DtmfCollectorOptions) {
    this.interDigitMs = options.interDigitMs ?? DTMF_DEFAULTS.interDigitMs;
    this.maxDigits = options.maxDigits ?? DTMF_DEFAULTS.maxDigits;
  }

  /** True while an entry is in progress (keys pressed, not yet submitted). */
  get pending(): boolean {
    return this.digits.length > 0;
  }

  /** One key press; returns false for a key that is not a DTMF digit. */
  press(key: string): boolean {
    if (key === '#') {
      this.flush();
      return true;
    }
    if (!/^[0-9*]$/.test(key)) return /^[A-Da-d]$/.test(key);
    this.digits += key;
    this.clearTimer();
    if (this.digits.length >= this.maxDigits) this.flush();
    else this.timer = setTimeout(() => this.flush(), this.interDigitMs);
    return true;
  }

  /** Submits what was keyed so far (nothing when empty). */
  flush(): void {
    this.clearTimer();
    const digits = this.digits;
    this.digits = '';
    if (digits) this.options.onDigits(digits);
  }

  /** Drops a partial entry (the call ended). */
  reset(): void {
    this.clearTimer();
    this.digits = '';
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
