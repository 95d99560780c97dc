// Reads a failed tool's output (electron-builder, @electron/rebuild, node-gyp, @electron/get)
// and says in a few words why it failed, and whether the reason is that a download host could
// not be reached — the case a machine without access to Electron's release host always hits.

// In order of how much they say: an error code beats a tool's generic advice.
const NETWORK = [
  [/\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ESOCKETTIMEDOUT)\b/],
  [/getaddrinfo/i],
  [/socket hang up|Client network socket disconnected|\bfetch failed\b/i],
  [/network connectivity/i, 'a download failed: node-gyp reports a network connectivity problem'],
];

/** @param {string} text @returns {{ unreachable: boolean, reason: string }} */
export function describeFailure(text) {
  const lines = String(text)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('at '));
  for (const [re, summary] of NETWORK) {
    const line = lines.find((l) => re.test(l));
    if (line) return { unreachable: true, reason: shorten(summary ?? line) };
  }
  return {
    unreachable: false,
    reason: shorten(lines.find((l) => /error|failed|⨯/i.test(l)) ?? lines[0] ?? 'no output'),
  };
}

function shorten(line) {
  return line.replace(/\s+/g, ' ').slice(0, 160);
}
