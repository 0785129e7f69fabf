// One conversation over the app WebSocket protocol (docs/protocol.md, subprotocol `teller.v1`).

export const PROTOCOL = 'teller.v1';
/** Microphone frames are dropped rather than queued when the socket is this far behind. */
const MAX_BUFFERED_BYTES = 256 * 1024;

/**
 * @typedef {object} ConnectionEvents
 * @property {(message: Record<string, any>) => void} onMessage a server JSON message
 * @property {(data: ArrayBuffer) => void} onAudio a binary frame of agent speech
 * @property {(code: number, reason: string) => void} onClose
 */

export class Connection {
  /**
   * Opens the socket, authenticated with the token as a `bearer.` subprotocol (browsers cannot set
   * headers on a WebSocket), and sends `start` (a `session.start` message) once open.
   * @param {string} token
   * @param {Record<string, unknown>} start
   * @param {ConnectionEvents} events
   */
  constructor(token, start, events) {
    const url = new URL('/v1/app', location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    this.ws = new WebSocket(url, [PROTOCOL, `bearer.${token}`]);
    this.ws.binaryType = 'arraybuffer';
    this.dropped = 0;
    this.ws.onopen = () => this.send(start);
    this.ws.onmessage = (event) => {
      if (typeof event.data === 'string') {
        let message;
        try {
          message = JSON.parse(event.data);
        } catch {
          return;
        }
        events.onMessage(message);
      } else events.onAudio(event.data);
    };
    this.ws.onclose = (event) => events.onClose(event.code, event.reason);
  }

  get open() {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** @param {Record<string, unknown>} message */
  send(message) {
    if (this.open) this.ws.send(JSON.stringify(message));
  }

  /** @param {ArrayBuffer} frame */
  sendAudio(frame) {
    if (!this.open) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.dropped++;
      return;
    }
    this.ws.send(frame);
  }

  close() {
    if (this.ws.readyState <= WebSocket.OPEN) {
      this.send({ type: 'session.end' });
      this.ws.close(1000, 'client closed');
    }
  }
}
