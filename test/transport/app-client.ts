import WebSocket from 'ws';

/** A scripted app-protocol client for tests: sends JSON and audio, collects what the server says. */
export class AppClient {
  readonly messages: Record<string, unknown>[] = [];
  readonly audio: Buffer[] = [];
  private waiters: {
    test: (m: Record<string, unknown>) => boolean;
    resolve: (m: Record<string, unknown>) => void;
  }[] = [];
  closeCode: number | undefined;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        this.audio.push(Buffer.from(data as Buffer));
        return;
      }
      const m = JSON.parse((data as Buffer).toString('utf8')) as Record<string, unknown>;
      this.messages.push(m);
      this.waiters = this.waiters.filter((w) => {
        if (!w.test(m)) return true;
        w.resolve(m);
        return false;
      });
    });
    ws.on('close', (code) => (this.closeCode = code));
  }

  static connect(
    url: string,
    token: string | undefined,
    via: 'header' | 'protocol' = 'protocol',
  ): Promise<AppClient> {
    const protocols = ['teller.v1', ...(token && via === 'protocol' ? [`bearer.${token}`] : [])];
    const headers = token && via === 'header' ? { authorization: `Bearer ${token}` } : {};
    const ws = new WebSocket(url, protocols, { headers });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new AppClient(ws)));
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => reject(new Error(`HTTP ${res.statusCode}: ${body}`)));
      });
      ws.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Resolves with the next (or an already received, unconsumed) message of `type` matching `test`. */
  next(
    type: string,
    test: (m: Record<string, unknown>) => boolean = () => true,
    timeoutMs = 15_000,
  ): Promise<Record<string, unknown>> {
    const match = (m: Record<string, unknown>) => m['type'] === type && test(m);
    const seen = this.messages.find((m) => match(m) && !(m as { _taken?: boolean })._taken);
    if (seen) {
      (seen as { _taken?: boolean })._taken = true;
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `timed out waiting for ${type}; got ${JSON.stringify(this.messages.map((m) => m['type']))}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({
        test: match,
        resolve: (m) => {
          clearTimeout(timer);
          (m as { _taken?: boolean })._taken = true;
          resolve(m);
        },
      });
    });
  }

  /** The agent's next line that awaits something (its answer to a turn). */
  async say(): Promise<{ text: string; awaits: string }> {
    const m = await this.next('agent.say');
    return { text: String(m['text']), awaits: String(m['awaits']) };
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}
