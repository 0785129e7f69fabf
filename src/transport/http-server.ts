import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** A route: a GET handler, or handlers by method. */
export type Route = RouteHandler | Partial<Record<'GET' | 'POST' | 'PUT' | 'DELETE', RouteHandler>>;

/** Reads a JSON request body of at most `maxBytes`; undefined when it is not JSON or too large. */
export async function readJsonBody(req: IncomingMessage, maxBytes = 64 * 1024): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** True when `req` carries `Authorization: Bearer <token>` (compared in constant time). */
export function bearerMatches(req: IncomingMessage, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]?.trim() ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

export interface HttpServerOptions {
  readonly port: number;
  readonly host: string;
  /** Exact-path routes (a handler is GET); a `prefix` route ends with `/*` and serves everything below. */
  readonly routes: Readonly<Record<string, Route>>;
  /** WebSocket endpoints by path; other upgrade requests get 404. */
  readonly upgrades?: Readonly<
    Record<string, (req: IncomingMessage, socket: Duplex, head: Buffer) => void | Promise<void>>
  >;
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
    const prefix = Object.keys(options.routes).find(
      (r) => r.endsWith('/*') && path.startsWith(r.slice(0, -1)),
    );
    const route = options.routes[path] ?? (prefix ? options.routes[prefix] : undefined);
    if (!route) {
      sendJson(res, 404, { error: { code: 'TELLER_ERR_NOT_FOUND', message: `no route ${path}` } });
      return;
    }
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    const handler =
      typeof route === 'function' ? (method === 'GET' ? route : undefined) : route[method as 'GET'];
    if (!handler) {
      const allowed = typeof route === 'function' ? 'GET' : Object.keys(route).join(', ');
      sendJson(res, 405, { error: { code: 'TELLER_ERR_INVALID_REQUEST', message: `use ${allowed}` } });
      return;
    }
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      options.onError?.(error);
      if (!res.headersSent)
        sendJson(res, 500, { error: { code: 'TELLER_ERR_INTERNAL', message: 'internal error' } });
      else res.destroy();
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const handler = options.upgrades?.[path];
    if (!handler) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    socket.on('error', () => socket.destroy());
    Promise.resolve(handler(req, socket, head)).catch((error: unknown) => {
      options.onError?.(error);
      socket.destroy();
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
