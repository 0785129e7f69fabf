import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BankingCore } from '../bank/index.ts';
import { decodeJson, encodeJson, isCoreMethod } from '../bank/http/protocol.ts';
import { isTellerError } from '../shared/index.ts';
import { bearerMatches, sendJson } from './http-server.ts';

/** Largest request body: a core call's arguments are ids, amounts and short texts. */
export const MAX_CORE_BODY_BYTES = 64 * 1024;

/** A result, with bytes as `{"$bytes": …}` (encodeJson); errors go through sendJson. */
function answer(res: ServerResponse, body: unknown): void {
  const text = encodeJson(body);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_CORE_BODY_BYTES) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Serves a {@link BankingCore} as the Teller core API (protocol.ts): `POST /v1/core/<method>` with
 * `{"args": [...]}`, for the prefix route `/v1/core/*` as its POST handler. A Teller node with `TELLER_CORE_TOKEN`
 * serves its sandbox bank this way, so other nodes (TELLER_BANK_URL) can share it, and it is the
 * reference a bank's own facade is tested against. Refusals inside results stay results; a
 * TellerError thrown by the core is a 400 with its code; anything else a 500.
 */
export function coreRoutes(core: BankingCore, token: string) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!bearerMatches(req, token))
      return refuse(res, 401, 'TELLER_ERR_UNAUTHENTICATED', 'send Authorization: Bearer <TELLER_CORE_TOKEN>');
    const method = /^\/v1\/core\/([A-Za-z]+)$/.exec((req.url ?? '').split('?')[0] ?? '')?.[1] ?? '';
    if (!isCoreMethod(method))
      return refuse(res, 404, 'TELLER_ERR_NOT_FOUND', `no core method "${method.slice(0, 40)}"`);
    const text = await readBody(req);
    if (text === undefined)
      return refuse(res, 413, 'TELLER_ERR_FRAME_TOO_LARGE', `at most ${MAX_CORE_BODY_BYTES} bytes`);
    let args: unknown;
    try {
      args = (decodeJson(text) as { args?: unknown }).args;
    } catch {
      return refuse(res, 400, 'TELLER_ERR_BAD_JSON', 'the body is not valid JSON');
    }
    if (!Array.isArray(args))
      return refuse(res, 400, 'TELLER_ERR_BAD_MESSAGE', 'the body is {"args": [...]}');
    try {
      const call = (core[method] as (...a: unknown[]) => Promise<unknown>).bind(core);
      const result = await call(...(args as unknown[]));
      answer(res, result === undefined ? {} : { result });
    } catch (error) {
      if (isTellerError(error)) return refuse(res, 400, error.code, error.message);
      refuse(res, 500, 'TELLER_ERR_INTERNAL', 'the core failed');
    }
  };
}
