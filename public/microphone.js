// Microphone capture: getUserMedia → AudioWorklet (capture-worklet.js) → 20 ms frames of 16 kHz
// pcm_s16le. The device is opened per utterance and released after it, so the browser's
// recording indicator is on only while the customer is being heard.

export const CAPTURE_RATE_HZ = 16000;
const FRAME_SAMPLES = 320; // 20 ms at 16 kHz

const loaded = new WeakSet();

export class Microphone {
  /** @param {AudioContext} context */
  constructor(context) {
    this.context = context;
    /** @type {MediaStream | undefined} */
    this.stream = undefined;
    /** @type {AudioWorkletNode | undefined} */
    this.node = undefined;
    /** @type {MediaStreamAudioSourceNode | undefined} */
    this.source = undefined;
  }

  get active() {
    return this.stream !== undefined;
  }

  /**
   * Opens the microphone and calls `onFrame(ArrayBuffer)` with each 20 ms frame until `stop()`.
   * Rejects with the browser's error (NotAllowedError, NotFoundError) when there is no microphone.
   * @param {(frame: ArrayBuffer) => void} onFrame
   */
  async start(onFrame) {
    if (this.stream) return;
    if (!navigator.mediaDevices?.getUserMedia) throw new Error('this browser cannot record audio here');
    if (!loaded.has(this.context)) {
      await this.context.audioWorklet.addModule(new URL('./capture-worklet.js', import.meta.url));
      loaded.add(this.context);
    }
    // Echo cancellation keeps the agent's own voice from the speaker out of the stream, so it
    // does not barge in on itself. Noise suppression and gain control are tuned for human listeners
    // and cost the recognizer: with them on, PocketSphinx's confidence for "send twelve hundred
    // dollars to bob li" fell from 0.69 to 0.41 (the test suite's utterance, Chromium 156).
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: false, autoGainControl: false },
    });
    await this.context.resume();
    const source = this.context.createMediaStreamSource(stream);
    // No outputs: Chromium still runs a node that has inputs and nothing downstream.
    const node = new AudioWorkletNode(this.context, 'pcm16k-capture', {
      numberOfInputs: 1,
      numberOfOutputs: 0,
      processorOptions: { targetRateHz: CAPTURE_RATE_HZ, frameSamples: FRAME_SAMPLES },
    });
    node.port.onmessage = (event) => onFrame(event.data);
    source.connect(node);
    this.stream = stream;
    this.source = source;
    this.node = node;
  }

  /**
   * Releases the device. Resolves once the worklet has handed over its last partial frame (or after
   * 200 ms), so a caller can send `audio.end` after every frame of the utterance.
   * @returns {Promise<void>}
   */
  stop() {
    const { node, source, stream } = this;
    this.stream = undefined;
    this.source = undefined;
    this.node = undefined;
    source?.disconnect();
    for (const track of stream?.getTracks() ?? []) track.stop();
    if (!node) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        node.port.close();
        resolve();
      };
      const timer = setTimeout(done, 200);
      const forward = node.port.onmessage;
      node.port.onmessage = (event) => {
        if (event.data === 'stopped') done();
        else forward?.call(node.port, event);
      };
      node.port.postMessage('stop');
    });
  }
}
