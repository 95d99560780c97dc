import type { IncomingMessage, ServerResponse } from 'node:http';

/** Small HTTP helpers shared by the Auth and REST routes. */

export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor() {
    super('Payload Too Large');
  }
}

/** Reads the whole body as UTF-8, failing fast (without buffering the rest) past the limit. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(new BodyTooLargeError());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (err) => {
      if (!failed) reject(err);
    });
  });
}

/** Parses JSON, returning a sentinel instead of throwing so callers answer with their API's error shape. */
export const INVALID_JSON = Symbol('invalid json');
export function parseJson(text: string): unknown {
  if (text.trim() === '') return INVALID_JSON;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID_JSON;
  }
}

export function send(
  res: ServerResponse,
  status: number,
  body: string | null,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  const h: Record<string, string> = { ...headers };
  if (body !== null && !h['Content-Type']) h['Content-Type'] = 'application/json; charset=utf-8';
  res.writeHead(status, h);
  res.end(body ?? undefined);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, JSON.stringify(value), headers);
}

/** The key the client sends as `apikey` (header, or query param for clients that cannot set headers). */
export function apiKeyOf(req: IncomingMessage, url: URL): string | undefined {
  const h = req.headers['apikey'];
  if (typeof h === 'string' && h) return h;
  return url.searchParams.get('apikey') ?? undefined;
}

export function bearerOf(req: IncomingMessage): string | undefined {
  const h = req.headers['authorization'];
  if (typeof h !== 'string') return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1] : undefined;
}

/** CORS for the browser host / renderer (protocol doc D.5); harmless for Node clients. */
export const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, POST, PATCH, PUT, DELETE, OPTIONS',
  'Access-Control-Allow-Headers':
    'apikey, authorization, content-type, x-client-info, accept-profile, content-profile, prefer, x-supabase-api-version, x-retry-count, range, range-unit, accept',
  'Access-Control-Expose-Headers': 'Content-Range, X-Supabase-Api-Version',
  'Access-Control-Max-Age': '86400',
};
