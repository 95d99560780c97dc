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
    const root = new URL(`file://${trusted.fileRoot.endsWith('/') ? trusted.fileRoot : `${trusted.fileRoot}/`}`);
    // Compare decoded, normalised paths: `URL` already resolved any `..` segments.
    return decodeURIComponent(url.pathname).startsWith(decodeURIComponent(root.pathname));
  }
  return trusted.origins.includes(url.origin);
}
