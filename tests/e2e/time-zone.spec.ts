import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * A trader in India: the browser's zone is Asia/Kolkata. The platform stores order times as
 * UTC without a zone; a fresh order must read the trader's wall clock (IST), not UTC and not
 * UTC read as local. Also: the page has the same `window.tradedesk` as under Electron.
 */
test.use({ timezoneId: 'Asia/Kolkata' });

function watchRow(page: Page, symbol: string): Locator {
  return page
    .getByRole('table', { name: 'Watchlist' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: symbol, exact: true }) });
}

/** "HH:MM:SS" → seconds after local midnight. */
function secondsOf(clock: string): number {
  const [h, m, s] = clock.split(':').map(Number) as [number, number, number];
  return h * 3600 + m * 60 + s;
}

const SYMBOL = 'ADANIENT';

test('a fresh order shows the time on the trader’s clock in India (IST)', async ({ terminal }, testInfo) => {
  const { page } = terminal;
  expect(await page.evaluate(() => new Date().getTimezoneOffset())).toBe(-330);
  await expect(watchRow(page, SYMBOL)).toBeVisible();
  await expect(page.getByRole('status', { name: 'Trading feed: Live' })).toBeVisible();

  // The browser host's page has the preload's API: window.tradedesk.{invoke, on}.
  const api = await page.evaluate(async () => {
    const td = window.tradedesk!;
    const info = await td.invoke('app.info', {});
    return { keys: Object.keys(td).sort(), host: info.ok ? info.value.host : null };
  });
  expect(api).toEqual({ keys: ['invoke', 'on'], host: 'web' });

  const clockBefore = await page.evaluate(() => new Date().toTimeString().slice(0, 8));
  await watchRow(page, SYMBOL)
    .getByRole('button', { name: `Buy ${SYMBOL}` })
    .click();
  const ticket = page.getByRole('dialog', { name: `Buy ${SYMBOL}` });
  await ticket.getByLabel('Quantity').fill('1');
  await ticket.getByRole('button', { name: 'Place order' }).click();
  await expect(ticket).toBeHidden();

  await page
    .getByRole('tablist', { name: 'Order status' })
    .getByRole('tab', { name: /^Executed/ })
    .click();
  const row = page
    .getByRole('table', { name: 'Orders' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: SYMBOL, exact: true }) })
    .first();
  await expect(row).toContainText('EXECUTED');
  const shown = (await row.getByRole('cell').first().innerText()).trim();
  const clockAfter = await page.evaluate(() => new Date().toTimeString().slice(0, 8));
  await testInfo.attach('order-time-ist', { body: await page.screenshot(), contentType: 'image/png' });

  // Today's order: HH:MM:SS on the IST wall clock, between the clock read before and after.
  expect(shown).toMatch(/^\d{2}:\d{2}:\d{2}$/);
  const day = 86_400;
  const since = (secondsOf(shown) - secondsOf(clockBefore) + day) % day;
  const until = (secondsOf(clockAfter) - secondsOf(shown) + day) % day;
  expect(since, `shown ${shown}, clock ${clockBefore}–${clockAfter}`).toBeLessThanOrEqual(120);
  expect(until, `shown ${shown}, clock ${clockBefore}–${clockAfter}`).toBeLessThanOrEqual(120);
});
