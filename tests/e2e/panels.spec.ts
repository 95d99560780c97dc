import type { Locator, Page, TestInfo } from '@playwright/test';
import { expect, test, type TerminalHandle } from './fixtures';

/**
 * Chart and depth as workspace panels (issues 14 and 15), by role and name: a chart detached
 * into a window of its own keeps moving with the market; a chart on a link colour follows the
 * watchlist and the positions of the same colour.
 */

const FIRST = 'ADANIENT';
const SECOND = 'ADANIPORTS';
const THIRD = 'APOLLOHOSP';

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
  await expect(watchRow(page, FIRST)).toBeVisible();
  await expect(page.getByRole('status', { name: 'Market feed: Live' })).toBeVisible();
}

/** The next window the app opens: a popup page (browser host) or a BrowserWindow (Electron). */
function nextWindow(terminal: TerminalHandle): Promise<Page> {
  return terminal.electronApp
    ? terminal.electronApp.waitForEvent('window')
    : terminal.page.context().waitForEvent('page');
}

/** "O 2,871.40 H … L … C 2,872.35 V …" → the close. */
const READOUT = /O ([\d,]+\.\d{2}) H ([\d,]+\.\d{2}) L ([\d,]+\.\d{2}) C ([\d,]+\.\d{2}) V [\d,]+/;

async function readoutClose(chart: Locator): Promise<string | null> {
  return (await chart.getByTestId('chart-readout').innerText()).match(READOUT)?.[4] ?? null;
}

test.describe('chart and depth panels in the workspace', () => {
  // Two pages on one host, and waits for the live market to move, on a shared 2-core machine.
  test.slow();

  test('detach a chart: its own window, whose candles follow the market; the main window no longer shows it', async ({
    terminal,
  }, testInfo) => {
    const { page } = terminal;
    await ready(page);
    await watchRow(page, FIRST).getByRole('rowheader', { name: FIRST }).click();
    await page.keyboard.press('c');
    const chart = page.getByRole('region', { name: `Chart ${FIRST}` });
    await expect(chart.getByTestId('chart-readout')).toHaveText(READOUT);

    const opened = nextWindow(terminal);
    await chart.getByRole('button', { name: `Detach chart ${FIRST}` }).click();
    const second = await opened;
    const detached = second.getByRole('region', { name: `Chart ${FIRST}` });
    await expect(detached.getByTestId('chart-readout')).toHaveText(READOUT);
    await expect(second).toHaveTitle(new RegExp(`^Chart ${FIRST} — Tradedesk$`));
    await expect(page.getByRole('region', { name: /^Chart / })).toHaveCount(0);

    // Its candles move: main streams this window's instrument to it.
    const first = await readoutClose(detached);
    await expect.poll(async () => readoutClose(detached), { timeout: 45_000 }).not.toBe(first);
    await snap(second, testInfo, 'detached-chart');

    // Return: the chart is back in the main window's market row, same instrument.
    const closed = second.waitForEvent('close');
    await second.getByRole('button', { name: 'Return to main window' }).click();
    await closed;
    await expect(page.getByRole('region', { name: `Chart ${FIRST}` }).getByTestId('chart-readout')).toHaveText(READOUT);
    await snap(page, testInfo, 'chart-returned');
  });

  test('a chart and a depth panel on Red follow a Red watchlist and Red positions; a depth panel added later joins with the current instrument', async ({
    terminal,
  }, testInfo) => {
    const { page } = terminal;
    await ready(page);
    await expect(page.getByRole('status', { name: 'Trading feed: Live' })).toBeVisible();

    // A position to select later.
    await watchRow(page, SECOND)
      .getByRole('button', { name: `Buy ${SECOND}` })
      .click();
    const ticket = page.getByRole('dialog', { name: `Buy ${SECOND}` });
    await ticket.getByLabel('Quantity').fill('1');
    await ticket.getByRole('button', { name: 'Place order' }).click();
    await expect(ticket).toBeHidden();
    const positionRow = page
      .getByRole('table', { name: 'Positions' })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: SECOND, exact: true }) });
    await expect(positionRow).toBeVisible();

    // An empty chart panel from Add panel, on Red.
    await page.getByRole('button', { name: 'Add panel' }).click();
    await page.getByRole('menu', { name: 'Add panel' }).getByRole('menuitem', { name: 'Chart' }).click();
    const waiting = page.getByRole('region', { name: 'Chart', exact: true });
    await expect(waiting).toContainText('Choose a link colour');
    await waiting.getByRole('combobox', { name: 'Link colour' }).selectOption({ label: 'Red' });
    await page
      .getByRole('region', { name: /^Watchlist/ })
      .getByRole('combobox', { name: 'Link colour' })
      .selectOption({ label: 'Red' });

    // Selecting a row sets the chart there, then the next row moves it on.
    await watchRow(page, FIRST).getByRole('rowheader', { name: FIRST }).click();
    await expect(page.getByRole('region', { name: `Chart ${FIRST}` }).getByTestId('chart-readout')).toHaveText(READOUT);
    await watchRow(page, THIRD).getByRole('rowheader', { name: THIRD }).click();
    const chart = page.getByRole('region', { name: `Chart ${THIRD}` });
    await expect(chart.getByTestId('chart-readout')).toHaveText(READOUT);
    await expect(page.getByRole('region', { name: `Chart ${FIRST}` })).toHaveCount(0);

    // A depth panel that joins Red shows the channel's instrument at once.
    await page.getByRole('button', { name: 'Add panel' }).click();
    await page.getByRole('menu', { name: 'Add panel' }).getByRole('menuitem', { name: 'Depth' }).click();
    await page
      .getByRole('region', { name: 'Depth', exact: true })
      .getByRole('combobox', { name: 'Link colour' })
      .selectOption({ label: 'Red' });
    await expect(page.getByRole('table', { name: `Depth ${THIRD}` })).toBeVisible();

    // Positions on Red: selecting the position sets chart and depth to its instrument.
    await page
      .getByRole('region', { name: /^Positions/ })
      .getByRole('combobox', { name: 'Link colour' })
      .selectOption({ label: 'Red' });
    await positionRow.getByRole('rowheader', { name: SECOND }).click();
    await expect(positionRow).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('region', { name: `Chart ${SECOND}` }).getByTestId('chart-readout')).toHaveText(
      READOUT,
    );
    await expect(page.getByRole('table', { name: `Depth ${SECOND}` })).toBeVisible();
    await snap(page, testInfo, 'linked-chart-and-depth');
  });
});
