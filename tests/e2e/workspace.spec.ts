import type { Locator, Page, TestInfo } from '@playwright/test';
import { expect, test, type TerminalHandle } from './fixtures';

/**
 * The multi-window workspace (issue 14), found by role and name: detach a panel into a window of
 * its own, link windows by colour, give a panel back, and a named layout that comes back after
 * the host restarts on the same data folder.
 */

function watchlist(page: Page): Locator {
  return page.getByRole('region', { name: /^Watchlist/ });
}

function ticket(page: Page): Locator {
  return page.getByRole('region', { name: /^Order ticket/ });
}

function watchRow(page: Page, symbol: string): Locator {
  return page
    .getByRole('table', { name: 'Watchlist' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: symbol, exact: true }) });
}

async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

async function ready(page: Page): Promise<void> {
  await expect(watchRow(page, 'ADANIENT')).toBeVisible();
  await expect(page.getByRole('status', { name: 'Market feed: Live' })).toBeVisible();
}

/** The next window the app opens: a popup page (browser host) or a BrowserWindow (Electron). */
function nextWindow(terminal: TerminalHandle): Promise<Page> {
  return terminal.electronApp
    ? terminal.electronApp.waitForEvent('window')
    : terminal.page.context().waitForEvent('page');
}

/** Opens `Add panel` and picks a kind. */
async function addPanel(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'Add panel' }).click();
  await page.getByRole('menu', { name: 'Add panel' }).getByRole('menuitem', { name: title }).click();
}

/** The watchlist's LTP cell for a symbol (third column). */
async function ltpOf(page: Page, symbol: string): Promise<string> {
  return watchRow(page, symbol).getByRole('cell').nth(1).innerText();
}

test.describe('multi-window workspace', () => {
  // Two or three pages on one host (and, for the restart, a second host start) on a shared
  // 2-core machine: a budget three times the default, not a timing claim.
  test.slow();

  test('detach a watchlist: its own window with live prices; a link colour drives the ticket in the other window; Return gives it back', async ({
    openTerminal,
  }, testInfo) => {
    const terminal = await openTerminal();
    const { page } = terminal;
    await ready(page);

    // A docked ticket in the main window, on the red channel.
    await addPanel(page, 'Order ticket');
    await expect(ticket(page)).toBeVisible();
    await ticket(page).getByRole('combobox', { name: 'Link colour' }).selectOption({ label: 'Red' });
    await expect(ticket(page)).toContainText('Select an instrument in a red-linked watchlist.');

    // Detach the watchlist: a second window shows it, the main window no longer does.
    const opened = nextWindow(terminal);
    await watchlist(page)
      .getByRole('button', { name: /^Detach watchlist/ })
      .click();
    const second = await opened;
    await ready(second);
    await expect(page.getByRole('table', { name: 'Watchlist' })).toHaveCount(0);
    await expect(second.getByRole('region', { name: /^Positions/ })).toHaveCount(0);
    await expect(second).toHaveTitle(/^Watchlist .* — Tradedesk$/);

    // Its prices move (the same feed, through main).
    const first = await ltpOf(second, 'ADANIENT');
    await expect.poll(() => ltpOf(second, 'ADANIENT'), { timeout: 30_000 }).not.toBe(first);

    // Red in the detached watchlist too: selecting a row sets the ticket in the main window.
    await watchlist(second).getByRole('combobox', { name: 'Link colour' }).selectOption({ label: 'Red' });
    await watchRow(second, 'ADANIENT').getByRole('rowheader').click();
    await expect(ticket(page).getByRole('button', { name: 'Buy ADANIENT' })).toBeVisible();
    await expect(ticket(page).getByLabel('Linked instrument')).toContainText('ADANIENT');
    await snap(second, testInfo, 'detached-watchlist');
    await snap(page, testInfo, 'main-with-linked-ticket');

    // An edited ticket is not retargeted: the next selection is offered instead.
    await ticket(page).getByLabel('Quantity').fill('5');
    await watchRow(second, 'ADANIPORTS').getByRole('rowheader').click();
    await expect(ticket(page).getByRole('button', { name: 'Switch to ADANIPORTS' })).toBeVisible();
    await expect(ticket(page).getByRole('button', { name: 'Buy ADANIENT' })).toBeVisible();
    await snap(page, testInfo, 'edited-ticket-offer');
    await ticket(page).getByRole('button', { name: 'Switch to ADANIPORTS' }).click();
    await expect(ticket(page).getByRole('button', { name: 'Buy ADANIPORTS' })).toBeVisible();

    // Return: the window closes and the watchlist is back in the main window.
    const closed = second.waitForEvent('close');
    await second.getByRole('button', { name: 'Return to main window' }).click();
    await closed;
    await ready(page);
    await snap(page, testInfo, 'main-after-return');
  });

  test('a named layout survives a restart of the host: Restore 2 windows brings back both, with their watchlist and link colour', async ({
    openTerminal,
  }, testInfo) => {
    test.skip(
      testInfo.project.name === 'electron',
      'Electron opens the layout’s windows itself at start (no Restore button); its restore is the electron project’s bounds spec',
    );
    const terminal = await openTerminal();
    const { page } = terminal;
    await ready(page);

    const w1 = nextWindow(terminal);
    await watchlist(page)
      .getByRole('button', { name: /^Detach watchlist/ })
      .click();
    const list = await w1;
    await ready(list);
    await watchlist(list).getByRole('combobox', { name: 'Link colour' }).selectOption({ label: 'Green' });
    const w2 = nextWindow(terminal);
    await page.getByRole('button', { name: 'Detach positions' }).click();
    const positions = await w2;
    await expect(positions.getByRole('table', { name: 'Positions' })).toBeVisible();

    // Save as "Morning" from the Layouts menu.
    await page.getByRole('button', { name: /^Layouts/ }).click();
    await page.getByRole('menu', { name: 'Layouts' }).getByRole('menuitem', { name: 'Save layout as…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save layout as' });
    await dialog.getByLabel('Layout name').fill('Morning');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('button', { name: 'Layouts · Morning' })).toBeVisible();

    // Restart the host on the same data folder.
    await terminal.close();
    const again = await openTerminal({ dataDir: terminal.dataDir });
    const main = again.page;
    await expect(main.getByRole('button', { name: 'Layouts · Morning' })).toBeVisible();
    await expect(main.getByRole('table', { name: 'Watchlist' })).toHaveCount(0);
    const restore = main.getByRole('button', { name: 'Restore 2 windows' });
    await expect(restore).toBeVisible();
    await snap(main, testInfo, 'restore-offered');

    const pages: Page[] = [];
    main.context().on('page', (p) => pages.push(p));
    await restore.click();
    await expect.poll(() => pages.length).toBe(2);
    const hasList = async (p: Page) => (await p.getByRole('table', { name: 'Watchlist' }).count()) > 0;
    await expect.poll(async () => (await Promise.all(pages.map(hasList))).filter(Boolean).length).toBe(1);
    const restoredList = pages[(await Promise.all(pages.map(hasList))).indexOf(true)]!;
    const restoredPositions = pages.find((p) => p !== restoredList)!;
    await ready(restoredList);
    await expect(watchlist(restoredList).getByRole('combobox', { name: 'Link colour' })).toHaveValue('fdc3.channel.4');
    await expect(restoredPositions.getByRole('table', { name: 'Positions' })).toBeVisible();
    await expect(main.getByRole('button', { name: /^Restore/ })).toHaveCount(0);
    await snap(restoredList, testInfo, 'restored-watchlist');

    // The Layouts menu lists both layouts, Morning checked.
    await main.getByRole('button', { name: /^Layouts/ }).click();
    const menu = main.getByRole('menu', { name: 'Layouts' });
    await expect(menu.getByRole('menuitemradio', { name: 'Morning' })).toHaveAttribute('aria-checked', 'true');
    await expect(menu.getByRole('menuitemradio', { name: 'Default' })).toHaveAttribute('aria-checked', 'false');
    await snap(main, testInfo, 'layouts-menu');
  });
});
