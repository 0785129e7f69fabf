// AudioWorklet: microphone samples at the context's rate → 16 kHz mono pcm_s16le in 20 ms frames,
// the format session.start declares (docs/protocol.md). Runs on the audio rendering thread.

/** Fractional input positions are rounded to one of this many precomputed filter phases. */
const PHASES = 64;
/** Filter half-width in output samples: 8 zero crossings each side of the windowed sinc. */
const ZERO_CROSSINGS = 8;

/**
 * Band-limited resampling: each output sample is a windowed-sinc low-pass (cutoff just under the
 * target Nyquist, so 16 kHz output holds no aliased energy above 8 kHz) evaluated at its exact
 * position in the input. Works for any context rate (44.1 kHz, 48 kHz, ...).
 */
class Pcm16kCapture extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const { targetRateHz = 16000, frameSamples = 320 } = options.processorOptions ?? {};
    /** Input samples per output sample. */
    this.step = sampleRate / targetRateHz;
    const cutoff = (0.5 / Math.max(1, this.step)) * 0.92; // cycles per input sample
    this.half = Math.ceil(ZERO_CROSSINGS * Math.max(1, this.step));
    const taps = 2 * this.half;
    this.taps = taps;
    this.table = new Float32Array(PHASES * taps);
    for (let p = 0; p < PHASES; p++) {
      const frac = p / PHASES;
      let sum = 0;
      for (let k = 0; k < taps; k++) {
        // Tap k weighs input sample i - half + 1 + k for an output at position i + frac.
        const d = k - this.half + 1 - frac;
        const x = 2 * cutoff * d;
        const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
        const w = 0.5 + 0.5 * Math.cos((Math.PI * d) / this.half); // Hann
        const v = Math.abs(d) >= this.half ? 0 : sinc * w;
        this.table[p * taps + k] = v;
        sum += v;
      }
      for (let k = 0; k < taps; k++) this.table[p * taps + k] /= sum; // unity gain at DC
    }
    this.buffer = new Float32Array(Math.ceil(sampleRate / 10) + taps * 2);
    this.length = 0;
    /** Position of the next output sample, in input samples from buffer[0]. */
    this.position = this.half;
    this.frameSamples = frameSamples;
    this.frame = new Int16Array(frameSamples);
    this.fill = 0;
    this.running = true;
    this.port.onmessage = (event) => {
      if (event.data === 'stop') {
        this.flush();
        this.running = false;
        this.port.postMessage('stopped');
      }
    };
  }

  append(samples) {
    if (this.length + samples.length > this.buffer.length) {
      // Keep only the history the next output still needs.
      const keep = Math.max(0, Math.floor(this.position) - this.half);
      this.buffer.copyWithin(0, keep, this.length);
      this.length -= keep;
      this.position -= keep;
      if (this.length + samples.length > this.buffer.length) {
        const grown = new Float32Array((this.length + samples.length) * 2);
        grown.set(this.buffer.subarray(0, this.length));
        this.buffer = grown;
      }
    }
    this.buffer.set(samples, this.length);
    this.length += samples.length;
  }

  emit(value) {
    const clamped = Math.max(-1, Math.min(1, value));
    this.frame[this.fill++] = clamped < 0 ? clamped * 0x8000 : clamped * 0x7fff;
    if (this.fill === this.frameSamples) {
      this.port.postMessage(this.frame.buffer, [this.frame.buffer]);
      this.frame = new Int16Array(this.frameSamples);
      this.fill = 0;
    }
  }

  flush() {
    if (this.fill === 0) return;
    const rest = this.frame.slice(0, this.fill);
    this.port.postMessage(rest.buffer, [rest.buffer]);
    this.fill = 0;
  }

  process(inputs) {
    if (!this.running) return false;
    const channels = inputs[0];
    if (!channels || channels.length === 0 || !channels[0]) return true;
    let mono = channels[0];
    if (channels.length > 1) {
      mono = new Float32Array(mono.length);
      for (const channel of channels) for (let i = 0; i < mono.length; i++) mono[i] += channel[i];
      for (let i = 0; i < mono.length; i++) mono[i] /= channels.length;
    }
    this.append(mono);
    const { taps, table, buffer } = this;
    while (this.position + this.half + 1 < this.length) {
      let index = Math.floor(this.position);
      let phase = Math.round((this.position - index) * PHASES);
      if (phase === PHASES) {
        phase = 0;
        index += 1;
      }
      const start = index - this.half + 1;
      const row = phase * taps;
      let sum = 0;
      for (let k = 0; k < taps; k++) sum += buffer[start + k] * table[row + k];
      this.emit(sum);
      this.position += this.step;
    }
    return true;
  }
}

registerProcessor('pcm16k-capture', Pcm16kCapture);
