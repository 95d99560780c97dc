import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../../../electron/core/ipc/sender-guard';

const trusted = { origins: ['http://localhost:5173'], fileRoot: '/opt/Tradedesk/resources/app.asar/out/renderer' };

describe('isTrustedSender', () => {
  it('accepts the main frame of our window loaded from the packaged renderer', () => {
    expect(
      isTrustedSender(
        {
          frameUrl: 'file:///opt/Tradedesk/resources/app.asar/out/renderer/index.html',
          isMainFrame: true,
          isOurWindow: true,
        },
        trusted,
      ),
    ).toBe(true);
  });
  it('accepts the dev server origin', () => {
    expect(isTrustedSender({ frameUrl: 'http://localhost:5173/', isMainFrame: true, isOurWindow: true }, trusted)).toBe(
      true,
    );
  });
  it('refuses sub-frames, foreign windows, other origins and path escapes', () => {
    const refused = [
      {
        frameUrl: 'file:///opt/Tradedesk/resources/app.asar/out/renderer/index.html',
        isMainFrame: false,
        isOurWindow: true,
      },
      {
        frameUrl: 'file:///opt/Tradedesk/resources/app.asar/out/renderer/index.html',
        isMainFrame: true,
        isOurWindow: false,
      },
      { frameUrl: 'https://evil.example/', isMainFrame: true, isOurWindow: true },
      { frameUrl: 'http://localhost:5174/', isMainFrame: true, isOurWindow: true },
      {
        frameUrl: 'file:///opt/Tradedesk/resources/app.asar/out/renderer/../../../../etc/passwd',
        isMainFrame: true,
        isOurWindow: true,
      },
      {
        frameUrl: 'file:///opt/Tradedesk/resources/app.asar/out/renderer-evil/index.html',
        isMainFrame: true,
        isOurWindow: true,
      },
      { frameUrl: undefined, isMainFrame: true, isOurWindow: true },
      { frameUrl: 'not a url', isMainFrame: true, isOurWindow: true },
    ];
    for (const facts of refused) expect(isTrustedSender(facts, trusted), JSON.stringify(facts)).toBe(false);
  });

  it('an install path with % or # in it: matched as characters, never thrown on or truncated', () => {
    const root = '/home/a b/100% #1/Tradedesk/out/renderer';
    const url = pathToFileURL(`${root}/index.html`).href; // how Chromium reports the loaded file
    expect(url).toContain('%25');
    const facts = { frameUrl: url, isMainFrame: true, isOurWindow: true };
    expect(isTrustedSender(facts, { origins: [], fileRoot: root })).toBe(true);
    // `#` used to cut the root short, which let a sibling folder through.
    const sibling = pathToFileURL('/home/a b/100% #2/evil/index.html').href;
    expect(isTrustedSender({ ...facts, frameUrl: sibling }, { origins: [], fileRoot: root })).toBe(false);
  });
});
