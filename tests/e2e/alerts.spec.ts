import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { stackInfo, startStack, type Stack } from '../../electron/stack';
import { expect, test as base } from './fixtures';

/**
 * Price alerts and the keymap in the browser host (issue 16). The backend runs in this test's
 * process (not `npm run stack`), so the spec can move a price with the market simulator's own
 * test hook (`setPrice`: a trade at that price, ticked to subscribers) instead of waiting for
 * the random walk to cross a value.
 */
const STACK_LIMIT_MS = 330_000;

const test = base.extend<{ live: Stack }>({
  live: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
    async ({}, use, testInfo) => {
      // Decided before paying for a backend (the electron project says why it skips).
      testInfo.skip(testInfo.project.name !== 'web', 'issue 16 specifies the alerts flows for the web project');
      const dataDir = mkdtempSync(join(tmpdir(), 'tradedesk-e2e-alerts-stack-'));
      const stack = await startStack({ port: 0, marketPort: 0, dataDir, seed: 7 });
      try {
        await use(stack);
      } finally {
        await stack.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    { scope: 'test', timeout: STACK_LIMIT_MS },
  ],
  stack: [
    async ({ live }, use) => {
      const refuse = () => Promise.reject(new Error('the alerts spec keeps its backend running'));
      await use({ info: stackInfo(live), stop: refuse, start: refuse });
    },
    { scope: 'test', timeout: STACK_LIMIT_MS },
  ],
});

// Each flow is long (dozens of steps through the real stack); on the shared 2-core machine the
// default 90 s budget ran out during the last step's teardown. A budget, not a timed assertion.
test.describe.configure({ timeout: 200_000 });

/** The first watchlist row: selected by a click; its symbol. */
async function selectFirstRow(page: Page): Promise<string> {
  const watchlist = page.getByRole('table', { name: 'Watchlist' });
  const row = watchlist.getByRole('row').nth(1);
  await expect(row).toBeVisible({ timeout: 60_000 });
  const symbol = (await row.getByRole('rowheader').innerText()).trim();
  await row.click();
  await expect(row).toHaveAttribute('aria-selected', 'true');
  return symbol;
}

test('an alert set just above the price fires once when the price moves through it, and re-arms', async ({
  terminal,
  live,
}, testInfo) => {
  const { page } = terminal;
  const symbol = await selectFirstRow(page);
  // Wait for a live price in the row (the alert's suggestion is one tick above it).
  const watchRow = page.getByRole('table', { name: 'Watchlist' }).getByRole('row').nth(1);
  await expect(watchRow.getByRole('cell').nth(1)).not.toHaveText('—', { timeout: 30_000 });

  // From the row's own button: "Alert <symbol>".
  await watchRow.hover();
  await page.getByRole('button', { name: `Alert ${symbol}`, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Set an alert: ${symbol}` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText('Alerts fire while Tradedesk is running.', { exact: false })).toBeVisible();

  // The dialog suggests one tick above the price. The demo walk moves a few ticks a second, so
  // the spec sets the alert 1% above instead (still "just above", but out of the walk's reach
  // until the spec moves the price itself).
  const value = dialog.getByLabel('Alert price (₹)');
  const suggestion = Number(await value.inputValue());
  expect(suggestion).toBeGreaterThan(0);
  const suggested = (Math.ceil((suggestion * 1.01) / 0.05) * 0.05).toFixed(2);
  // A value off the tick grid is refused beside the field, in words.
  await value.fill(`${suggested}1`);
  await dialog.getByRole('button', { name: 'Set alert' }).click();
  await expect(dialog.getByText(/multiple of the tick size/)).toBeVisible();
  await value.fill(suggested);
  await page.screenshot({ path: testInfo.outputPath('alert-dialog.png') });
  await dialog.getByRole('button', { name: 'Set alert' }).click();
  await expect(dialog).toBeHidden();

  const alerts = page.getByRole('table', { name: 'Alerts' });
  const alertRow = alerts.getByRole('row').filter({ has: page.getByRole('rowheader', { name: symbol }) });
  await expect(alertRow).toHaveCount(1);
  await expect(alertRow.getByText('Armed')).toBeVisible({ timeout: 30_000 });

  const [stored] = (
    await live.supabase.db.query<{ token: number; value: number }>(
      'SELECT "token", "value"::float8 AS "value" FROM price_alerts WHERE "symbol" = $1',
      [symbol],
    )
  ).rows;
  expect(stored?.value).toBe(Number(suggested));
  const { token, value: at } = stored!;

  // Well below the value first (a price the engine has seen on this connection), then through it.
  live.market.setPrice(token, Math.round(at * 0.97 * 20) / 20);
  live.market.setPrice(token, Math.round(at * 1.02 * 20) / 20);

  const toasts = page.getByRole('status', { name: 'Notifications' });
  const toast = toasts.getByText(`Alert: ${symbol}`, { exact: true });
  await expect(toast).toHaveCount(1, { timeout: 30_000 });
  // In a browser that has not been allowed to notify, the toast says so.
  await expect(toasts.getByText(/No desktop notification/)).toBeVisible();
  await expect(alertRow.getByText('Triggered')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('alert-triggered.png') });
  // The event log (the side column's other tab) has it once.
  const sideTabs = page.getByRole('tablist', { name: 'Side panels' });
  await sideTabs.getByRole('tab', { name: 'Event log' }).click();
  const log = page.getByRole('list', { name: 'Trading events' });
  await expect(log.getByText(new RegExp(`Alert: ${symbol} crossed above`))).toHaveCount(1);
  await sideTabs.getByRole('tab', { name: /^Alerts/ }).click();

  // A second crossing while it is triggered does not fire it again: it stays off until re-armed.
  live.market.setPrice(token, Math.round(at * 0.97 * 20) / 20);
  live.market.setPrice(token, Math.round(at * 1.03 * 20) / 20);
  await expect(alertRow.getByText('Triggered')).toBeVisible();
  // Told once: no second toast (the first may have timed out by now), one line in the event log.
  expect(await toast.count()).toBeLessThanOrEqual(1);
  await sideTabs.getByRole('tab', { name: 'Event log' }).click();
  await expect(log.getByText(new RegExp(`Alert: ${symbol} crossed above`))).toHaveCount(1);
  await sideTabs.getByRole('tab', { name: /^Alerts/ }).click();
  expect(
    (
      await live.supabase.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM price_alerts WHERE "state" = 'TRIGGERED'`,
      )
    ).rows[0]?.n,
  ).toBe(1);

  // Re-arm it: armed again; a filter by state shows it where it belongs.
  await alertRow.getByRole('button', { name: new RegExp(`^Re-arm alert ${symbol} `) }).click();
  await expect(alertRow.getByText('Armed')).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('Show').selectOption('TRIGGERED');
  await expect(alerts.getByRole('rowheader', { name: symbol })).toHaveCount(0);
  await page.getByLabel('Show').selectOption('ACTIVE');
  await expect(alerts.getByRole('rowheader', { name: symbol })).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath('alert-rearmed.png') });
});

test('keyboard: ? lists the keys, a clash is refused naming the action, a rebound key trades, text fields keep their keys', async ({
  terminal,
}, testInfo) => {
  const { page } = terminal;
  const symbol = await selectFirstRow(page);

  // A opens the alert dialog on the selected row; Esc closes it.
  await page.keyboard.press('a');
  await expect(page.getByRole('dialog', { name: `Set an alert: ${symbol}` })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  const trading = help.getByRole('table', { name: 'Trading keys' });
  await expect(trading.getByRole('row', { name: /Buy B/ })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('shortcuts.png') });

  // S belongs to Sell: refused, and the message names Sell.
  await help.getByRole('button', { name: 'Change key for Buy' }).click();
  await page.keyboard.press('s');
  await expect(help.getByRole('alert')).toHaveText(/S is already the key for Sell/);
  // F2 is free: Buy takes it.
  await help.getByRole('button', { name: 'Change key for Buy' }).click();
  await page.keyboard.press('F2');
  await expect(trading.getByRole('row', { name: /Buy F2/ })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('shortcuts-rebound.png') });
  await help.getByRole('button', { name: 'Close' }).click();
  await expect(help).toBeHidden();

  // The row is still selected: F2 opens the Buy ticket, B no longer does.
  await page.getByRole('table', { name: 'Watchlist' }).getByRole('row').nth(1).click();
  await page.keyboard.press('b');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.keyboard.press('F2');
  await expect(page.getByRole('dialog', { name: `Buy ${symbol}` })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // Chart rebound to G: the watchlist follows the keymap — C opens nothing, G opens the chart.
  await page.getByRole('table', { name: 'Watchlist' }).getByRole('row').nth(1).click();
  await page.keyboard.press('?');
  await help.getByRole('button', { name: 'Change key for Chart' }).click();
  await page.keyboard.press('g');
  const instrumentKeys = help.getByRole('table', { name: 'Instrument keys' });
  await expect(instrumentKeys.getByRole('row', { name: /^Chart G/ })).toBeVisible();
  await help.getByRole('button', { name: 'Close' }).click();
  const watchlist = page.getByRole('region', { name: /^Watchlist/ });
  // The title row reminds of the keys as bound now.
  await expect(watchlist.getByText(/G chart/)).toBeVisible();
  await page.getByRole('table', { name: 'Watchlist' }).getByRole('row').nth(1).click();
  const chart = page.getByRole('region', { name: `Chart ${symbol}` });
  await page.keyboard.press('c');
  // A key that opened something would have done so by the time the next key's result shows.
  await page.keyboard.press('?');
  await expect(help).toBeVisible();
  await expect(chart).toHaveCount(0);
  await help.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('table', { name: 'Watchlist' }).getByRole('row').nth(1).click();
  await page.keyboard.press('g');
  await expect(chart).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('chart-by-rebound-key.png') });

  // Switch layout opens the Layouts menu (the dialog says so); Esc closes it.
  await page.keyboard.press('?');
  await expect(help.getByText('Opens the Layouts menu', { exact: false })).toBeVisible();
  await help.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('table', { name: 'Watchlist' }).getByRole('row').nth(1).click();
  await page.keyboard.press('Control+Shift+L');
  const layouts = page.getByRole('menu', { name: 'Layouts' });
  await expect(layouts).toBeVisible();
  // Open on the layout in use: ↑/↓ move from it.
  await expect(layouts.getByRole('menuitemradio', { checked: true })).toBeFocused();
  await page.screenshot({ path: testInfo.outputPath('layouts-by-key.png') });
  await page.keyboard.press('Escape');
  await expect(layouts).toBeHidden();

  // In a text field, trading keys type: S and F2 open nothing.
  const search = page.getByRole('combobox', { name: 'Add instrument' });
  await search.click();
  await page.keyboard.type('s');
  await page.keyboard.press('F2');
  await expect(search).toHaveValue('s');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  // / from outside a field goes to search.
  await search.fill('');
  await page.getByRole('table', { name: 'Watchlist' }).getByRole('row').nth(1).click();
  await page.keyboard.press('/');
  await expect(search).toBeFocused();

  // Back to the defaults for the next run on this data folder.
  await search.press('Escape');
  await page.getByRole('table', { name: 'Watchlist' }).getByRole('row').nth(1).click();
  await page.keyboard.press('?');
  await page
    .getByRole('dialog', { name: 'Keyboard shortcuts' })
    .getByRole('button', { name: 'Reset all keys' })
    .click();
  await expect(trading.getByRole('row', { name: /Buy B/ })).toBeVisible();
  await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).getByRole('button', { name: 'Close' }).click();

  // Detach: the panel that has focus moves into a window of its own, as its button would.
  await page.getByRole('table', { name: 'Watchlist' }).getByRole('row').nth(1).click();
  const opened = page.context().waitForEvent('page');
  await page.keyboard.press('Control+Shift+D');
  const second = await opened;
  await expect(second.getByRole('table', { name: 'Watchlist' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('table', { name: 'Watchlist' })).toHaveCount(0);
  await second.screenshot({ path: testInfo.outputPath('detached-by-key.png') });
});

test('alert from the chart: its Alert button at the last price, the alert key at the price under the crosshair', async ({
  terminal,
}, testInfo) => {
  const { page } = terminal;
  const symbol = await selectFirstRow(page);
  const watchRow = page.getByRole('table', { name: 'Watchlist' }).getByRole('row').nth(1);
  await expect(watchRow.getByRole('cell').nth(1)).not.toHaveText('—', { timeout: 30_000 });
  await page.keyboard.press('c');
  const chart = page.getByRole('region', { name: `Chart ${symbol}` });
  await expect(chart).toBeVisible();
  await expect(chart.getByTestId('chart-readout')).toBeVisible({ timeout: 60_000 });

  // The chart's own button, named for its instrument: one tick above the last price.
  await chart.getByRole('button', { name: `Alert ${symbol}`, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Set an alert: ${symbol}` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Condition')).toHaveValue('LTP_ABOVE');
  expect(Number(await dialog.getByLabel('Alert price (₹)').inputValue())).toBeGreaterThan(0);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // The pointer high on the chart (above every candle: the scale keeps 8 % free at the top),
  // then the alert key: the price there, on the tick grid, crossing above.
  const canvas = chart.locator('.chart-canvas');
  const box = (await canvas.boundingBox())!;
  const ltpText = async () =>
    Number((await dialog.getByText(/LTP [\d,.]+/).innerText()).match(/LTP ([\d,.]+)/)![1]!.replace(/,/g, ''));
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.03);
  await page.keyboard.press('a');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Condition')).toHaveValue('LTP_ABOVE');
  const above = Number(await dialog.getByLabel('Alert price (₹)').inputValue());
  expect(above).toBeGreaterThan(await ltpText());
  expect(Math.round(above * 20) / 20).toBeCloseTo(above, 6);
  await page.screenshot({ path: testInfo.outputPath('alert-from-chart.png') });
  await dialog.getByRole('button', { name: 'Set alert' }).click();
  await expect(dialog).toBeHidden();

  // Low on the candles (above the volume bars): below the last price, crossing below.
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.76);
  await page.keyboard.press('a');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Condition')).toHaveValue('LTP_BELOW');
  const below = Number(await dialog.getByLabel('Alert price (₹)').inputValue());
  expect(below).toBeGreaterThan(0);
  expect(below).toBeLessThan(await ltpText());
  await page.keyboard.press('Escape');

  // The one set is listed, at the price picked on the chart.
  const alerts = page.getByRole('table', { name: 'Alerts' });
  const alertRow = alerts.getByRole('row').filter({ has: page.getByRole('rowheader', { name: symbol }) });
  await expect(alertRow).toHaveCount(1);
  await expect(alertRow).toContainText(above.toLocaleString('en-IN', { minimumFractionDigits: 2 }));
  await page.screenshot({ path: testInfo.outputPath('alert-from-chart-listed.png') });
});
