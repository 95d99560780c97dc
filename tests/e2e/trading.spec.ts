import type { Locator, Page, TestInfo } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * The trading screen end to end, on the embedded stack, found by role and name only. Written
 * once for both hosts (the fixtures pick web or electron per project).
 */

/** "₹10,00,000.00" / "-₹1,234.50" → number. */
function rupees(text: string): number {
  const negative = text.trim().startsWith('-');
  const n = Number(text.replace(/[^\d.]/g, ''));
  return negative ? -n : n;
}

function accountValue(page: Page, label: string): Locator {
  return page.getByRole('region', { name: /^Account/ }).locator(`dt:text-is("${label}") + dd`);
}

async function readRupees(locator: Locator): Promise<number> {
  await expect(locator).toHaveText(/₹/);
  return rupees(await locator.innerText());
}

function watchRow(page: Page, symbol: string): Locator {
  return page
    .getByRole('table', { name: 'Watchlist' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: symbol, exact: true }) });
}

function rowOf(page: Page, table: 'Positions' | 'Orders', symbol: string): Locator {
  return page
    .getByRole('table', { name: table })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: symbol, exact: true }) });
}

function orderTab(page: Page, name: 'Open' | 'Executed' | 'Cancelled'): Locator {
  return page.getByRole('tablist', { name: 'Order status' }).getByRole('tab', { name: new RegExp(`^${name}`) });
}

async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await testInfo.attach(name, { body: await page.screenshot(), contentType: 'image/png' });
}

/** The first instrument of the default watchlist (the seed's NIFTY 50 list starts with it). */
const FIRST = 'ADANIENT';
const SECOND = 'ADANIPORTS';

async function ready(page: Page): Promise<void> {
  await expect(watchRow(page, FIRST)).toBeVisible();
  await expect(page.getByRole('status', { name: 'Market feed: Live' })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Trading feed: Live' })).toBeVisible();
}

async function placeOrder(
  page: Page,
  symbol: string,
  side: 'Buy' | 'Sell',
  opts: { quantity: string; limit?: string },
) {
  await watchRow(page, symbol)
    .getByRole('button', { name: `${side} ${symbol}` })
    .click();
  const ticket = page.getByRole('dialog', { name: `${side} ${symbol}` });
  await expect(ticket).toBeVisible();
  if (opts.limit !== undefined) {
    await ticket.getByRole('radio', { name: 'Limit' }).check();
    await ticket.getByLabel('Price').fill(opts.limit);
  }
  await ticket.getByLabel('Quantity').fill(opts.quantity);
  await expect(ticket.getByRole('group', { name: 'Estimate' }).or(ticket.getByLabel('Estimate'))).toContainText('₹');
  await ticket.getByRole('button', { name: 'Place order' }).click();
  await expect(ticket).toBeHidden();
}

test.describe('trading screen', () => {
  test('ticks change watchlist prices', async ({ terminal }, testInfo) => {
    const { page } = terminal;
    await ready(page);
    const ltp = watchRow(page, FIRST).getByRole('cell').nth(1);
    await expect(ltp).toHaveText(/\d/);
    const first = await ltp.innerText();
    await expect.poll(async () => ltp.innerText(), { timeout: 30_000 }).not.toBe(first);
    // A changed price flashes its cell up or down (a tint that clears itself).
    await expect(page.locator('td.ltp[data-flash="up"], td.ltp[data-flash="down"]').first()).toBeAttached({
      timeout: 10_000,
    });
    await expect(page.getByRole('group', { name: 'NIFTY 50' })).toContainText(/\d{2},\d{3}\.\d{2}/);
    await expect(page.getByRole('contentinfo')).toContainText(terminal.version);
    await snap(page, testInfo, 'main-screen');
  });

  test('MARKET buy: toast, executed order, position, margin drops — no reload', async ({ terminal }, testInfo) => {
    const { page } = terminal;
    await ready(page);
    const available = accountValue(page, 'Available margin');
    const before = await readRupees(available);

    await placeOrder(page, FIRST, 'Buy', { quantity: '10' });

    await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(`Bought ${FIRST}`);
    await orderTab(page, 'Executed').click();
    await expect(rowOf(page, 'Orders', FIRST)).toContainText('EXECUTED');
    await expect(rowOf(page, 'Positions', FIRST)).toContainText('10');
    await expect.poll(async () => readRupees(available)).toBeLessThan(before);
    await snap(page, testInfo, 'after-market-buy');
  });

  test('LIMIT far from the market rests in Open; Cancel releases its margin', async ({ terminal }, testInfo) => {
    const { page } = terminal;
    await ready(page);
    const used = accountValue(page, 'Used margin');
    const usedBefore = await readRupees(used);
    const ltpCell = watchRow(page, SECOND).getByRole('cell').nth(1);
    await expect(ltpCell).toHaveText(/\d/);
    const ltpText = await ltpCell.innerText();
    // 10 % under the market, on the tick grid and inside the day's ±20 % band: the paper broker
    // will not fill it.
    const far = (Math.floor(rupees(ltpText) * 0.9 * 20) / 20).toFixed(2);

    await placeOrder(page, SECOND, 'Buy', { quantity: '5', limit: far });

    await orderTab(page, 'Open').click();
    const row = rowOf(page, 'Orders', SECOND);
    await expect(row).toContainText('PENDING');
    await expect.poll(async () => readRupees(used)).toBeGreaterThan(usedBefore);
    await snap(page, testInfo, 'limit-open');

    // Modify the resting order's price; the blotter shows the new price.
    const lower = (Math.floor(rupees(ltpText) * 0.88 * 20) / 20).toFixed(2);
    await row.getByRole('button', { name: `Modify ${SECOND} order` }).click();
    const modify = page.getByRole('dialog', { name: `Modify BUY ${SECOND}` });
    await modify.getByLabel('Price').fill(lower);
    await modify.getByRole('button', { name: 'Save changes' }).click();
    await expect(modify).toBeHidden();
    await expect(row).toContainText(
      Number(lower).toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
    );

    await row.getByRole('button', { name: `Cancel ${SECOND} order` }).click();
    await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(`Order cancelled: ${SECOND}`);
    await expect(row).toHaveCount(0);
    await expect.poll(async () => readRupees(used)).toBe(usedBefore);
    await orderTab(page, 'Cancelled').click();
    await expect(rowOf(page, 'Orders', SECOND)).toContainText('CANCELLED');
  });

  test('Exit a position: confirmation, then closed with booked P&L', async ({ terminal }, testInfo) => {
    const { page } = terminal;
    await ready(page);
    await placeOrder(page, FIRST, 'Buy', { quantity: '3' });
    const position = rowOf(page, 'Positions', FIRST);
    await expect(position).toBeVisible();

    await position.getByRole('button', { name: `Exit ${FIRST}` }).click();
    const confirm = page.getByRole('dialog', { name: `Exit ${FIRST}?` });
    await expect(confirm).toBeVisible();
    await confirm.getByRole('button', { name: 'Exit position' }).click();
    await expect(confirm).toBeHidden();

    await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(`Position closed: ${FIRST}`);
    await page
      .getByRole('tablist', { name: 'Position filter' })
      .getByRole('tab', { name: /^Closed/ })
      .click();
    const closed = rowOf(page, 'Positions', FIRST);
    await expect(closed).toBeVisible();
    await expect(closed.getByRole('cell').nth(5)).toHaveText(/₹\d/);
    await expect(page.getByRole('list', { name: 'Trading events' })).toContainText(`Closed ${FIRST}, booked`);
    await snap(page, testInfo, 'after-exit');
  });

  test('watchlists: create, add by keyboard search, reorder, remove, rename, delete', async ({
    terminal,
  }, testInfo) => {
    const { page } = terminal;
    await ready(page);
    const tabs = page.getByRole('tablist', { name: 'Watchlists' });
    await page.getByRole('button', { name: 'New watchlist' }).click();
    await page.getByLabel('New watchlist name').fill('Scalps');
    await page.getByLabel('New watchlist name').press('Enter');
    await expect(tabs.getByRole('tab', { name: 'Scalps' })).toHaveAttribute('aria-selected', 'true');

    const search = page.getByRole('combobox', { name: 'Add instrument' });
    for (const symbol of ['INFY', 'TCS']) {
      await search.fill(symbol);
      await expect(page.getByRole('listbox', { name: 'Search results' }).getByRole('option').first()).toContainText(
        symbol,
      );
      await search.press('Enter');
      await expect(watchRow(page, symbol)).toBeVisible();
    }
    const table = page.getByRole('table', { name: 'Watchlist' });
    await expect(table.getByRole('rowheader')).toHaveText(['INFY', 'TCS']);

    await watchRow(page, 'TCS').getByRole('rowheader').click();
    await watchRow(page, 'TCS').getByRole('button', { name: 'Move TCS up' }).click();
    await expect(table.getByRole('rowheader')).toHaveText(['TCS', 'INFY']);
    // Keyboard: Alt+↓ on the selected row moves it back down.
    await watchRow(page, 'TCS').focus();
    await page.keyboard.press('Alt+ArrowDown');
    await expect(table.getByRole('rowheader')).toHaveText(['INFY', 'TCS']);

    await watchRow(page, 'INFY').getByRole('rowheader').click();
    await watchRow(page, 'INFY').getByRole('button', { name: 'Remove INFY' }).click();
    await expect(table.getByRole('rowheader')).toHaveText(['TCS']);

    await page.getByRole('button', { name: 'Rename watchlist' }).click();
    await page.getByLabel('Watchlist name').fill('Scalps 2');
    await page.getByLabel('Watchlist name').press('Enter');
    await expect(tabs.getByRole('tab', { name: 'Scalps 2' })).toBeVisible();
    await snap(page, testInfo, 'watchlist-managed');

    await page.getByRole('button', { name: 'Delete watchlist' }).click();
    await page.getByRole('group', { name: 'Confirm delete' }).getByRole('button', { name: 'Delete' }).click();
    await expect(tabs.getByRole('tab', { name: 'Scalps 2' })).toHaveCount(0);
    await expect(watchRow(page, FIRST)).toBeVisible();
  });

  test('keyboard: B on the selected row opens the ticket, Esc cancels, Enter goes to Place order and Enter there places', async ({
    terminal,
  }) => {
    const { page } = terminal;
    await ready(page);
    await watchRow(page, SECOND).getByRole('rowheader').click();
    await page.keyboard.press('b');
    const ticket = page.getByRole('dialog', { name: `Buy ${SECOND}` });
    await expect(ticket).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(ticket).toBeHidden();
    await watchRow(page, SECOND).focus();
    await page.keyboard.press('s');
    const sell = page.getByRole('dialog', { name: `Sell ${SECOND}` });
    await expect(sell.getByLabel('Quantity')).toBeFocused();
    await sell.getByLabel('Quantity').fill('0');
    await page.keyboard.press('Enter');
    await expect(sell.getByText('Enter a whole number of shares above 0')).toBeVisible();
    await sell.getByLabel('Quantity').fill('2');
    // A text field never places (issue 16): Enter there checks the order and moves to the button.
    await page.keyboard.press('Enter');
    await expect(sell.getByRole('button', { name: 'Place order' })).toBeFocused();
    await expect(sell).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(sell).toBeHidden();
    await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(`Sold ${SECOND}`);
  });

  test('stack down → Offline with stale time; back up → Live and reconciled', async ({ stack, terminal }, testInfo) => {
    const { page } = terminal;
    await ready(page);
    await stack.stop();
    await expect(
      page.getByRole('status', { name: /^Trading feed: Offline — stale since \d{2}:\d{2}:\d{2}$/ }),
    ).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole('status', { name: /^Market feed: (Offline — stale since|Reconnecting)/ })).toBeVisible({
      timeout: 60_000,
    });
    await snap(page, testInfo, 'offline');

    await stack.start();
    await expect(page.getByRole('status', { name: 'Trading feed: Live' })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole('status', { name: 'Market feed: Live' })).toBeVisible({ timeout: 60_000 });
    // Reconciled: trading works again on the same screen, and nothing is marked stale.
    await placeOrder(page, FIRST, 'Buy', { quantity: '1' });
    await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(`Bought ${FIRST}`);
    await expect(page.getByText(/Showing cached data/)).toHaveCount(0);
  });

  test('starts offline from the cache: data on screen, marked stale', async ({ stack, openTerminal }, testInfo) => {
    const first = await openTerminal();
    await ready(first.page);
    const balance = await first.page
      .getByRole('region', { name: /^Account/ })
      .locator('dt:text-is("Balance") + dd')
      .innerText();
    await first.close();
    await stack.stop();

    const again = await openTerminal({ dataDir: first.dataDir });
    const { page } = again;
    await expect(watchRow(page, FIRST)).toBeVisible();
    await expect(page.getByRole('region', { name: /^Account/ }).locator('dt:text-is("Balance") + dd')).toHaveText(
      balance,
    );
    await expect(page.getByText(/Showing cached data — stale/)).toBeVisible();
    await expect(page.getByRole('status', { name: /^Trading feed: (Offline|Connecting|Reconnecting)/ })).toBeVisible();
    await snap(page, testInfo, 'offline-from-cache');
  });
});
