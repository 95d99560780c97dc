import type { Locator, Page, TestInfo } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * Chart and depth panels end to end on the embedded stack (its market serves history and
 * streams depth in `full` mode), found by role and name only.
 */

const SYMBOL = 'ADANIENT';

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

/** "O 2,871.40 H … L … C 2,872.35 V …" → the close as the watchlist prints prices ("2,872.35"). */
const READOUT = /O ([\d,]+\.\d{2}) H ([\d,]+\.\d{2}) L ([\d,]+\.\d{2}) C ([\d,]+\.\d{2}) V [\d,]+/;

async function readoutClose(chart: Locator): Promise<string | null> {
  return (await chart.getByTestId('chart-readout').innerText()).match(READOUT)?.[4] ?? null;
}

test.describe('charts and depth', () => {
  test('a chart and the depth of a watchlist row follow the market; a level opens the ticket at its price', async ({
    terminal,
  }, testInfo) => {
    // Two waits for the live market to move (a candle, the book) on a shared machine.
    test.slow();
    const { page } = terminal;
    await expect(watchRow(page, SYMBOL)).toBeVisible();
    await expect(page.getByRole('status', { name: 'Market feed: Live' })).toBeVisible();
    const ltp = watchRow(page, SYMBOL).getByRole('cell').nth(1);
    await expect(ltp).toHaveText(/\d/);

    await test.step('C on a selected row opens its chart: candles, readout, live last candle', async () => {
      await watchRow(page, SYMBOL).getByRole('rowheader', { name: SYMBOL }).click();
      await page.keyboard.press('c');
      const chart = page.getByRole('region', { name: `Chart ${SYMBOL}` });
      await expect(chart).toBeVisible();
      await expect(chart.locator('canvas').first()).toBeVisible();
      await expect(chart.getByTestId('chart-readout')).toHaveText(READOUT);
      await expect(chart.getByRole('radio', { name: '5 minutes', exact: true })).toHaveAttribute(
        'aria-checked',
        'true',
      );
      // The last candle's close is the last traded price: read both in one go until they agree
      // (they update on their own frames).
      await expect
        .poll(async () => {
          const [close, last] = await Promise.all([readoutClose(chart), ltp.innerText()]);
          return close !== null && close === last.trim();
        })
        .toBe(true);
      // …and it moves with the market.
      const first = await readoutClose(chart);
      await expect.poll(async () => readoutClose(chart), { timeout: 45_000 }).not.toBe(first);
      await snap(page, testInfo, 'chart-5m');

      await chart.getByRole('radio', { name: '1 day', exact: true }).click();
      await expect(chart.getByRole('radio', { name: '1 day', exact: true })).toHaveAttribute('aria-checked', 'true');
      await expect(chart.getByRole('radio', { name: '5 minutes', exact: true })).toHaveAttribute(
        'aria-checked',
        'false',
      );
      // A day candle reads as a date, not a time of day.
      await expect(chart.getByTestId('chart-readout')).toHaveText(/^\d{2} [A-Z][a-z]{2} \d{4} O [\d,]+\.\d{2}/);
      await chart.getByRole('radio', { name: '1 minute', exact: true }).click();
      await expect(chart.getByTestId('chart-readout')).toHaveText(/^\d{2} [A-Z][a-z]{2} \d{2}:\d{2} IST O /);
      await snap(page, testInfo, 'chart-1m');
      // The interval group is one tab stop; arrows move the choice.
      await chart.getByRole('radio', { name: '1 minute', exact: true }).focus();
      await page.keyboard.press('ArrowRight');
      await expect(chart.getByRole('radio', { name: '3 minutes', exact: true })).toHaveAttribute(
        'aria-checked',
        'true',
      );
      await expect(chart.getByRole('radio', { name: '3 minutes', exact: true })).toBeFocused();
    });

    await test.step('the row’s Depth button opens five bid and five offer levels that update live', async () => {
      await watchRow(page, SYMBOL)
        .getByRole('button', { name: `Depth ${SYMBOL}` })
        .click();
      const depth = page.getByRole('table', { name: `Depth ${SYMBOL}` });
      await expect(depth).toBeVisible();
      for (const header of ['Bid', 'Bid orders', 'Bid quantity', 'Offer', 'Offer orders', 'Offer quantity'])
        await expect(depth.getByRole('columnheader', { name: header, exact: true })).toBeVisible();
      const bids = depth.getByRole('button', { name: new RegExp(`^Buy ${SYMBOL} at `) });
      const offers = depth.getByRole('button', { name: new RegExp(`^Sell ${SYMBOL} at `) });
      await expect(bids).toHaveCount(5);
      await expect(offers).toHaveCount(5);
      await expect(depth.getByRole('rowheader', { name: 'Total bids' })).toBeVisible();
      const book = await depth.innerText();
      await expect.poll(async () => depth.innerText(), { timeout: 45_000 }).not.toBe(book);
      await snap(page, testInfo, 'chart-and-depth');

      // The book moves under the pointer: read the level's name and click it in one turn of the
      // page, so the price compared is the one clicked.
      const best = bids.first();
      await expect(best).toBeVisible();
      const name = await best.evaluate((el: HTMLElement) => {
        const label = el.getAttribute('aria-label') ?? '';
        el.click();
        return label;
      });
      const price = name.replace(`Buy ${SYMBOL} at `, '').replaceAll(',', '');
      const ticket = page.getByRole('dialog', { name: `Buy ${SYMBOL}` });
      await expect(ticket).toBeVisible();
      await expect(ticket.getByRole('radio', { name: 'Limit' })).toBeChecked();
      await expect(ticket.getByLabel('Price')).toHaveValue(price);
      await snap(page, testInfo, 'ticket-from-depth');
    });
  });
});
