import { join } from 'node:path';
import type { TrustedOrigins } from '../ipc/sender-guard';

/**
 * Where the Electron host loads the renderer from, and what follows from that: which origin IPC
 * trusts and which CSP header main adds. The rule (electron-vite's: the dev server only when not
 * packaged) lives here so it is tested without Electron.
 */
export interface RendererFacts {
  /** `app.isPackaged`. */
  isPackaged: boolean;
  /** `process.env.ELECTRON_RENDERER_URL`, set by `electron-vite dev`. */
  devServerUrl: string | undefined;
  /** The built renderer folder (`out/renderer`). */
  rendererDir: string;
}

export type RendererSource =
  | { kind: 'dev-server'; url: string; origin: string }
  | { kind: 'file'; file: string; rendererDir: string; ignored?: string };

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function rendererSource(facts: RendererFacts): RendererSource {
  const file = { kind: 'file' as const, file: join(facts.rendererDir, 'index.html'), rendererDir: facts.rendererDir };
  if (!facts.devServerUrl) return file;
  // A packaged app never follows an environment variable to a page: whoever sets it would get
  // the whole window.tradedesk bridge.
  if (facts.isPackaged) return { ...file, ignored: 'ELECTRON_RENDERER_URL is ignored by a packaged app' };
  let url: URL;
  try {
    url = new URL(facts.devServerUrl);
  } catch {
    return { ...file, ignored: `ELECTRON_RENDERER_URL is not a URL: ${facts.devServerUrl}` };
  }
  if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname)) {
    return { ...file, ignored: `ELECTRON_RENDERER_URL must be an http:// loopback dev server, not ${url.origin}` };
  }
  return { kind: 'dev-server', url: url.href, origin: url.origin };
}

/** The frames whose IPC main serves (see sender-guard.ts): the dev server's origin, or the built files. */
export function trustedOrigins(source: RendererSource): TrustedOrigins {
  return source.kind === 'dev-server' ? { origins: [source.origin] } : { origins: [], fileRoot: source.rendererDir };
}

/**
 * The header policy for the built renderer. Where Chromium applies it on top of the page's meta
 * tag both are enforced, so it must not be looser anywhere; it is stricter in one place: no
 * WebSocket to loopback (`connect-src 'self'`), which only the browser host's page needs —
 * the Electron renderer talks to main over IPC alone.
 */
export const RENDERER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'";

/**
 * The CSP header main adds to responses, or null for none. With the dev server the page's own
 * meta tag (relaxed for React Fast Refresh's inline preamble in vite.renderer.config.ts) is the
 * policy: a strict header on top would be enforced as well and block that preamble.
 */
export function cspHeader(source: RendererSource): string | null {
  return source.kind === 'dev-server' ? null : RENDERER_CSP;
}
