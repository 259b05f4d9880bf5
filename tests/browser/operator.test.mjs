import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, startMailServer, launchBrowser, openPage, waitForHydration, screenshotPath, linkIn,
  registerAndConfirm,
} from './harness.mjs';

const OPERATOR = 'operator@khkiro.ru';
const PASSWORD = 'Оператор-ХКИРО-2026';
let server;
let mail;
let browser;

before(async () => {
  mail = await startMailServer('operator');
  const env = { ROST_SMTP_URL: mail.url, ROST_BOOTSTRAP_OPERATORS: `khabarovsk:${OPERATOR}` };
  server = await startServer('operator', env);
  browser = await launchBrowser();
  const page = await browser.newPage();
  await registerAndConfirm(page, server, mail, OPERATOR, PASSWORD);
  await page.close();
  // The platform administrator's setting takes effect at start-up.
  await server.stop();
  server = await startServer('operator', env, { keepData: true });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  mail?.stop();
});

test('an operator invites a colleague, grants a role and re-sends an undelivered e-mail', async () => {
  const { page, problems } = await openPage(browser, server.url + '/r/khabarovsk/login');
  await waitForHydration(page);
  await page.getByLabel('Электронная почта').fill(OPERATOR);
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL('**/r/khabarovsk/cabinet');
  assert.match(await page.locator('.roles').innerText(), /региональный оператор/);

  await page.goto(server.url + '/r/khabarovsk/admin/people');
  await waitForHydration(page);
  await page.getByLabel('ФИО').fill('Кузнецова Ольга Ивановна');
  await page.getByLabel('Электронная почта').fill('olga@khkiro.ru');
  await page.getByLabel('Роль').selectOption({ label: 'администратор сертификатов' });
  await page.getByRole('button', { name: 'Пригласить' }).click();
  await page.getByText('Приглашение отправлено.').waitFor();
  const row = page.locator('tr[data-email="olga@khkiro.ru"]');
  await row.waitFor();
  assert.match(await row.innerText(), /администратор сертификатов/);
  assert.match(await row.innerText(), /адрес не подтверждён/);
  const [invitation] = await mail.waitFor('olga@khkiro.ru', 1);
  assert.match(invitation, /reset\?token=/);

  await row.getByRole('combobox').selectOption({ label: 'модератор клуба' });
  await row.getByRole('button', { name: 'Добавить роль' }).click();
  await page.waitForFunction(() =>
    document.querySelector('tr[data-email="olga@khkiro.ru"]')?.innerText.includes('модератор клуба'));
  await page.screenshot({ path: screenshotPath('operator-people.png'), fullPage: true });

  // A message the mail server refused for good.
  server.sql(`update outbox set status = 'failed', last_error = '550 5.1.1 mailbox unavailable'
              where recipient = 'olga@khkiro.ru'`);
  await page.goto(server.url + '/r/khabarovsk/admin/mail');
  await waitForHydration(page);
  await page.getByText('550 5.1.1 mailbox unavailable').waitFor();
  await page.getByRole('button', { name: 'Отправить повторно' }).click();
  await mail.waitFor('olga@khkiro.ru', 2);
  await page.reload();
  await page.getByText('Все письма доставлены.').waitFor();
  assert.equal(server.sql(`select status from outbox where recipient = 'olga@khkiro.ru'`), 'sent');

  await page.goto(server.url + '/r/khabarovsk/admin/audit');
  await page.getByText('повторная отправка письма').first().waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

test('a visitor who is not signed in is refused by the operator pages', async () => {
  const page = await browser.newPage();
  const response = await page.goto(server.url + '/r/khabarovsk/admin/people');
  assert.equal(response.status(), 401);
  await page.getByText('Войдите в личный кабинет, чтобы продолжить.').waitFor();
  await page.close();
});
