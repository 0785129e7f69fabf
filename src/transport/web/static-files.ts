import { readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Route } from '../http-server.ts';

/** `public/` at the package root: the same three levels up from `src/transport/web` and `dist/transport/web`. */
export const PUBLIC_DIR = fileURLToPath(new URL('../../../public/', import.meta.url));

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Same-origin only: the client loads nothing from elsewhere (no CDN) and talks only to this server.
 * CSP Level 3 lets 'self' match ws:/wss: on the same host, which the WebSocket needs.
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'permissions-policy':
    'microphone=(self), publickey-credentials-get=(self), publickey-credentials-create=(self)',
} as const;

/** Every servable file below `dir`, as URL path → file path. Dotfiles and unknown types are left out. */
function listFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return files;
  }
  for (const entry of entries) {
    const file = join(dir, entry);
    const parts = relative(dir, file).split(sep);
    if (parts.some((p) => p.startsWith('.')) || !(extname(file) in CONTENT_TYPES)) continue;
    if (!statSync(file).isFile()) continue;
    files.set(`/${parts.join('/')}`, file);
  }
  return files;
}

/**
 * Routes serving the static web client: one exact route per file found at start-up (so no request
 * path ever reaches the file system), and `/` for `index.html`. Files are read per request, so an
 * edited client shows on reload; a file added later needs a restart.
 */
export function staticRoutes(dir: string = PUBLIC_DIR): Record<string, Route> {
  const routes: Record<string, Route> = {};
  for (const [path, file] of listFiles(dir)) {
    routes[path] = async (_req, res) => {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'content-length': body.length,
        'cache-control': 'no-cache',
        ...SECURITY_HEADERS,
      });
      res.end(body);
    };
  }
  const index = routes['/index.html'];
  if (index) routes['/'] = index;
  return routes;
}
