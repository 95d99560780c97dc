import { expect, test } from './fixtures';

test('the window opens and the status bar shows the app version', async ({ terminal }) => {
  const { page, version } = terminal;
  await expect(page).toHaveTitle(/Tradedesk/);
  await expect(page.getByRole('contentinfo')).toContainText(version);
  await test.info().attach('main-screen', { body: await page.screenshot(), contentType: 'image/png' });
});
