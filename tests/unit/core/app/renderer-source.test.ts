import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cspHeader, rendererSource, trustedOrigins } from '../../../../electron/core/app/renderer-source';
import { isTrustedSender } from '../../../../electron/core/ipc/sender-guard';

const rendererDir = '/opt/Tradedesk/resources/app.asar/out/renderer';

describe('rendererSource: the dev/packaged origin rule', () => {
  it('packaged: always the built files, whatever ELECTRON_RENDERER_URL says, and that origin is not trusted', () => {
    const source = rendererSource({ isPackaged: true, devServerUrl: 'http://localhost:5173/', rendererDir });
    expect(source).toMatchObject({ kind: 'file', file: join(rendererDir, 'index.html') });
    expect(source.kind === 'file' && source.ignored).toMatch(/ignored by a packaged app/);
    const trusted = trustedOrigins(source);
    expect(trusted.origins).toEqual([]);
    const fromDevServer = { frameUrl: 'http://localhost:5173/', isMainFrame: true, isOurWindow: true };
    expect(isTrustedSender(fromDevServer, trusted)).toBe(false);
    const fromFile = { frameUrl: `file://${rendererDir}/index.html`, isMainFrame: true, isOurWindow: true };
    expect(isTrustedSender(fromFile, trusted)).toBe(true);
  });

  it('not packaged, dev server on loopback: load it and trust exactly its origin', () => {
    const source = rendererSource({ isPackaged: false, devServerUrl: 'http://localhost:5173', rendererDir });
    expect(source).toEqual({ kind: 'dev-server', url: 'http://localhost:5173/', origin: 'http://localhost:5173' });
    expect(trustedOrigins(source)).toEqual({ origins: ['http://localhost:5173'] });
    const other = { frameUrl: 'http://localhost:5174/', isMainFrame: true, isOurWindow: true };
    expect(isTrustedSender(other, trustedOrigins(source))).toBe(false);
  });

  it('not packaged, no dev server: the built files', () => {
    expect(rendererSource({ isPackaged: false, devServerUrl: undefined, rendererDir })).toEqual({
      kind: 'file',
      file: join(rendererDir, 'index.html'),
      rendererDir,
    });
    expect(rendererSource({ isPackaged: false, devServerUrl: '', rendererDir }).kind).toBe('file');
  });

  it('not packaged, but a remote or non-http URL: refused, the built files load instead', () => {
    for (const url of ['https://evil.example/', 'http://192.0.2.7:5173/', 'file:///tmp/x.html', 'not a url']) {
      const source = rendererSource({ isPackaged: false, devServerUrl: url, rendererDir });
      expect(source.kind, url).toBe('file');
      expect(source.kind === 'file' && source.ignored, url).toBeTruthy();
    }
  });
});

describe('cspHeader', () => {
  it('the built renderer gets the strict header: no inline or remote script', () => {
    const header = cspHeader(rendererSource({ isPackaged: true, devServerUrl: undefined, rendererDir }));
    expect(header).toContain("script-src 'self';");
    expect(header).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('the dev server gets no header, so its meta policy (which allows the Fast Refresh preamble) is the only one', () => {
    expect(cspHeader(rendererSource({ isPackaged: false, devServerUrl: 'http://127.0.0.1:5173', rendererDir }))).toBe(
      null,
    );
  });
});
