import type { Browser } from 'playwright-core';
import type { TestApp } from '../support/test-app';
import { appAndBrowser, createStaff, expectText, newPage, PHONE } from './helpers';

/** Accounts in the console: a reset password must be replaced at sign-in; signing out ends the token on the server. */
describe('web console accounts (browser)', () => {
  let app: TestApp;
  let browser: Browser;

  const suite = appAndBrowser();

  beforeAll(() => {
    ({ app, browser } = suite);
  });

  it('after an admin reset the person chooses a new password before going on; signing out refuses the token', async () => {
    const staff = await createStaff(app, 'care_team', 'Tổ Chăm Sóc Đặt Lại');
    const [{ id }] = await app.db.query(`SELECT id FROM users WHERE email = $1`, [staff.email]);
    const reset = await app.http
      .post(`/api/users/${id}/reset-password`)
      .auth(app.adminToken, { type: 'bearer' })
      .expect(200);
    const page = await newPage(browser, PHONE);
    await page.goto(app.url);
    await page.locator('input[name=email]').fill(staff.email);
    await page.locator('input[name=password]').fill(reset.body.temporaryPassword);
    await page.locator('form button[type=submit]').click();
    const newPassword = page.locator('input[name=newPassword]');
    await newPassword.fill('qwertyqwerty');
    await page.locator('form button[type=submit]').click();
    await expectText(page.getByRole('alert'), '10,000');
    await newPassword.fill('my own new password');
    await page.locator('form button[type=submit]').click();
    await page.getByTestId('whoami').waitFor();
    await app.http
      .post('/api/auth/login')
      .send({ email: staff.email, password: 'my own new password' })
      .expect(200);

    const token = await page.evaluate<string>('sessionStorage.getItem("dh.token")');
    await app.http.get('/api/auth/me').auth(token, { type: 'bearer' }).expect(200);
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.locator('input[name=email]').waitFor();
    await app.http.get('/api/auth/me').auth(token, { type: 'bearer' }).expect(401);
    await page.context().close();
  });
});
