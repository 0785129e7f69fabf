import type { Decoder } from './pocketsphinx-decoder.ts';

/**
 * A fixed number of heavy decoders shared by all streams: the general-English reference pass
 * needs the 134k-word CMU dictionary and the 27 MB en-us trigram, about 95 MB per decoder
 * (measured, src/asr/README.md), too much to give every caller. A stream borrows one for an
 * utterance if one is idle and otherwise goes without (its confidence then comes from word
 * posteriors alone). Never waits, never queues: the pool cannot become a backlog.
 */
export class DecoderPool {
  readonly size: number;
  readonly #create: () => Promise<Decoder>;
  readonly #idle: Decoder[] = [];
  readonly #all: Decoder[] = [];
  #creating: Promise<void> | undefined;
  #closed = false;
  #failure: unknown;

  /**
   * @param create - makes one decoder; called lazily, `size` times at most.
   * @param size - decoders to keep; 0 disables the pool.
   */
  constructor(create: () => Promise<Decoder>, size: number) {
    this.#create = create;
    this.size = Math.max(0, Math.floor(size));
  }

  /** Loads every decoder now. Resolves when they are ready (or failed: see {@link failure}). */
  warmUp(): Promise<void> {
    if (this.size === 0 || this.#closed) return Promise.resolve();
    this.#creating ??= (async () => {
      for (let i = 0; i < this.size && !this.#closed; i++) {
        try {
          const decoder = await this.#create();
          if (this.#closed) {
            await decoder.free();
            return;
          }
          this.#all.push(decoder);
          this.#idle.push(decoder);
        } catch (error) {
          this.#failure = error;
          return;
        }
      }
    })();
    return this.#creating;
  }

  /** Why the decoders could not be made, if they could not. */
  get failure(): unknown {
    return this.#failure;
  }

  /** An idle decoder, or `undefined` (none idle, still loading, disabled). Starts loading on first use. */
  tryAcquire(): Decoder | undefined {
    if (this.#closed || this.size === 0) return undefined;
    if (!this.#creating) void this.warmUp();
    return this.#idle.pop();
  }

  /** Returns a decoder taken with {@link tryAcquire}. */
  release(decoder: Decoder): void {
    if (this.#closed || !this.#all.includes(decoder) || this.#idle.includes(decoder)) return;
    this.#idle.push(decoder);
  }

  /** Frees every decoder (after their pending calls). */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#creating;
    await Promise.all(this.#all.map((d) => d.free()));
    this.#all.length = 0;
    this.#idle.length = 0;
  }
}
