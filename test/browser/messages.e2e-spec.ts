import type { Page } from 'playwright-core';
import { appAndBrowser, expectText, newPage, PHONE } from './helpers';

/**
 * Messages as keys: a notice on screen follows the language toggle, and a failed request says what
 * happened in the reader's language ("Failed to fetch" never reaches the page).
 */
describe('console messages (browser)', () => {
  const suite = appAndBrowser();
  let page: Page;

  beforeEach(async () => {
    page = await newPage(suite.browser, PHONE);
    await page.goto(suite.app.url);
    await page.locator('input[name=email]').waitFor();
  });
  afterEach(() => page.context().close());

  const submit = async (email: string, password: string) => {
    await page.locator('input[name=email]').fill(email);
    await page.locator('input[name=password]').fill(password);
    await page.locator('form button[type=submit]').click();
  };
  const toggle = () => page.locator('button.lang').click();

  it('re-translates a notice already on screen when the language changes', async () => {
    await submit('nobody@test.local', 'wrong-password-1');
    const error = page.locator('.notice-error');
    await expectText(error, 'Email hoặc mật khẩu không đúng');
    await toggle();
    await expectText(error, 'Wrong email or password');
    await toggle();
    await expectText(error, 'Email hoặc mật khẩu không đúng');
  });

  it('says in words that the server cannot be reached, in both languages', async () => {
    await page.route('**/api/auth/login', (route) => route.abort('internetdisconnected'));
    await submit('nobody@test.local', 'wrong-password-1');
    const error = page.locator('.notice-error');
    await expectText(error, 'Không kết nối được máy chủ — kiểm tra mạng và thử lại');
    expect(await error.textContent()).not.toMatch(/fetch/i);
    await toggle();
    await expectText(error, 'Cannot reach the server — check the connection and try again');
  });

  it('names a 5xx or 429 by what it means, not by its body', async () => {
    await page.route('**/api/auth/login', (route) =>
      route.fulfill({ status: 503, contentType: 'text/html', body: '<html>Service Unavailable</html>' }),
    );
    await submit('nobody@test.local', 'wrong-password-1');
    const error = page.locator('.notice-error');
    await expectText(error, 'Máy chủ đang bận hoặc tạm ngưng');
    await page.unroute('**/api/auth/login');
    await page.route('**/api/auth/login', (route) =>
      route.fulfill({ status: 429, contentType: 'application/json', body: '{"statusCode":429}' }),
    );
    await toggle();
    await submit('nobody@test.local', 'wrong-password-1');
    await expectText(error, 'Too many requests in a short time');
  });
});
