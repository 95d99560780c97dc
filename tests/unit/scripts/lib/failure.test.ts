import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../../../scripts/lib/failure.mjs';

describe('describeFailure', () => {
  it("node-gyp unable to fetch Electron's headers: unreachable, with the line that says so", () => {
    const log = [
      'gyp info it worked if it ends with ok',
      'gyp http GET https://example.invalid/headers/v45.5.0/node-v45.5.0-headers.tar.gz',
      'gyp WARN install got an error, rolling back install',
      'gyp ERR! configure error',
      'gyp ERR! stack FetchError: request to https://example.invalid/x failed, reason: getaddrinfo ENOTFOUND example.invalid',
      '    at ClientRequest.<anonymous> (/x/node_modules/minipass-fetch/lib/index.js:130:14)',
      'Error: node-gyp failed to rebuild',
    ].join('\n');
    const failure = describeFailure(log);
    expect(failure.unreachable).toBe(true);
    expect(failure.reason).toContain('ENOTFOUND');
    expect(failure.reason.length).toBeLessThanOrEqual(160);
  });

  it('a compile error is not a network failure', () => {
    const failure = describeFailure(
      "../src/better_sqlite3.cpp:60:12: error: no matching function for call to 'v8::External::New'\nmake: *** Error 1",
    );
    expect(failure).toEqual({
      unreachable: false,
      reason: "../src/better_sqlite3.cpp:60:12: error: no matching function for call to 'v8::External::New'",
    });
  });

  it('empty output still gives a reason', () => {
    expect(describeFailure('')).toEqual({ unreachable: false, reason: 'no output' });
  });
});

describe('describeFailure on what this machine prints', () => {
  it("node-gyp's generic advice without an error code still counts as unreachable", () => {
    const log =
      'Error: This is most likely not a problem with node-gyp or the package itself and\nis related to network connectivity. In most cases you are behind a proxy or have bad\nnetwork settings.\n    at go (/x/node-gyp/lib/install.js:244:21)';
    expect(describeFailure(log)).toEqual({
      unreachable: true,
      reason: 'a download failed: node-gyp reports a network connectivity problem',
    });
  });

  it("@electron/get's download failure (what `npm install` meets here) counts as unreachable", () => {
    const log = [
      'TypeError: fetch failed',
      '    at node:internal/deps/undici/undici:14976:13',
      '    at async FetchDownloader.download (file:///x/node_modules/@electron/get/dist/FetchDownloader.js:46:30)',
    ].join('\n');
    expect(describeFailure(log)).toEqual({ unreachable: true, reason: 'TypeError: fetch failed' });
  });
});
