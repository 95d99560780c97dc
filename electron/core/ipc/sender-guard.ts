import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Decides whether an IPC message may be served. The Electron host feeds it what it knows about
 * the sending frame; the rule lives here so it is tested without Electron. A sender is trusted
 * only if it is the main frame (not an iframe) of one of our windows and its document was loaded
 * from the app's own origin.
 */
export interface SenderFacts {
  /** `event.senderFrame.url` (may be empty if the frame is gone). */
  frameUrl: string | undefined;
  /** `event.senderFrame.parent === null`. */
  isMainFrame: boolean;
  /** The sending webContents belongs to a window this app created. */
  isOurWindow: boolean;
}

export interface TrustedOrigins {
  /** Exact origins allowed, e.g. `http://localhost:5173` for the dev server. */
  origins: readonly string[];
  /** Allow documents loaded from `file://` under this directory (the packaged renderer). */
  fileRoot?: string;
}

export function isTrustedSender(facts: SenderFacts, trusted: TrustedOrigins): boolean {
  if (!facts.isOurWindow || !facts.isMainFrame || !facts.frameUrl) return false;
  let url: URL;
  try {
    url = new URL(facts.frameUrl);
  } catch {
    return false;
  }
  if (url.protocol === 'file:') {
    if (!trusted.fileRoot) return false;
    // Compare file paths, not URL text: fileURLToPath decodes exactly once (a `%` or `#` in the
    // install path is a character, not an escape) and `URL` already resolved any `..` segments.
    let framePath: string;
    try {
      framePath = fileURLToPath(url);
    } catch {
      return false; // a file URL with a host, or an encoded separator
    }
    const root = resolve(trusted.fileRoot);
    return framePath.startsWith(root.endsWith(sep) ? root : root + sep);
  }
  return trusted.origins.includes(url.origin);
}
