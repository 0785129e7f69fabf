/**
 * A bounded FIFO of float samples on a fixed ring buffer: the per-stream audio backlog between a
 * transport that pushes 20 ms frames and a model that consumes 32 ms windows. It never grows; a
 * write that does not fit is refused whole, so the caller decides what overload means.
 */
export class SampleQueue {
  readonly capacity: number;
  readonly #ring: Float32Array;
  #readIndex = 0;
  #length = 0;

  constructor(capacitySamples: number) {
    if (!Number.isInteger(capacitySamples) || capacitySamples <= 0) {
      throw new RangeError(`queue capacity must be a positive integer, got ${capacitySamples}`);
    }
    this.capacity = capacitySamples;
    this.#ring = new Float32Array(capacitySamples);
  }

  /** Samples waiting to be read. */
  get length(): number {
    return this.#length;
  }

  /** Free space, in samples. */
  get available(): number {
    return this.capacity - this.#length;
  }

  /**
   * Appends `samples × scale` (scale 1/32768 turns int16 into [-1, 1) floats on the way in).
   * @returns false, writing nothing, when the samples do not fit.
   */
  write(samples: Int16Array | Float32Array, scale = 1): boolean {
    if (samples.length > this.available) return false;
    const ring = this.#ring;
    let writeIndex = (this.#readIndex + this.#length) % this.capacity;
    for (let i = 0; i < samples.length; i++) {
      ring[writeIndex] = (samples[i] ?? 0) * scale;
      writeIndex = writeIndex + 1 === this.capacity ? 0 : writeIndex + 1;
    }
    this.#length += samples.length;
    return true;
  }

  /**
   * Moves `out.length` samples into `out`.
   * @returns false, reading nothing, when fewer samples are queued.
   */
  read(out: Float32Array): boolean {
    if (out.length > this.#length) return false;
    const first = Math.min(out.length, this.capacity - this.#readIndex);
    out.set(this.#ring.subarray(this.#readIndex, this.#readIndex + first));
    if (first < out.length) out.set(this.#ring.subarray(0, out.length - first), first);
    this.#readIndex = (this.#readIndex + out.length) % this.capacity;
    this.#length -= out.length;
    return true;
  }

  /** Drops everything queued. */
  clear(): void {
    this.#readIndex = 0;
    this.#length = 0;
  }
}
