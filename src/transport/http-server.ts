import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpServerOptions {
  readonly port: number;
  readonly host: string;
  /** Exact-path GET routes; the gateway adds WebSocket upgrades on the returned server. */
  readonly routes: Readonly<Record<string, RouteHandler>>;
  readonly onError?: (error: unknown) => void;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
  });
  res.end(payload);
}

/** Starts the HTTP server and resolves once it listens (port 0 picks a free port). */
export async function startHttpServer(options: HttpServerOptions): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = options.routes[path];
    if (!route) {
      sendJson(res, 404, { error: { code: 'TELLER_ERR_NOT_FOUND', message: `no route ${path}` } });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: { code: 'TELLER_ERR_INVALID_REQUEST', message: 'use GET' } });
      return;
    }
    Promise.resolve(route(req, res)).catch((error: unknown) => {
      options.onError?.(error);
      if (!res.headersSent)
        sendJson(res, 500, { error: { code: 'TELLER_ERR_INTERNAL', message: 'internal error' } });
      else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, port: (server.address() as AddressInfo).port };
}
