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

test('an operator invites a colleague, who accepts on a phone, and re-sends an undelivered e-mail', async () => {
  const { page, problems } = await openPage(browser, server.url + '/r/khabarovsk/login');
  await waitForHydration(page);
  await page.getByLabel('Электронная почта').fill(OPERATOR);
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL('**/r/khabarovsk/cabinet');
  assert.match(await page.locator('.roles').innerText(), /региональный оператор/);

  await page.goto(server.url + '/r/khabarovsk/admin/people');
  await waitForHydration(page);
  const sent = [];
  for (const role of ['администратор сертификатов', 'модератор клуба']) {
    await page.getByLabel('ФИО').fill('Кузнецова Ольга Ивановна');
    await page.getByLabel('Электронная почта').fill('olga@khkiro.ru');
    await page.getByLabel('Роль').selectOption({ label: role });
    await page.getByRole('button', { name: 'Пригласить' }).click();
    await page.waitForFunction((label) =>
      document.querySelector('table.invitations tr[data-email="olga@khkiro.ru"]')?.innerText.includes(label), role);
    // Each invitation mails a new link and retires the previous one.
    const links = (await mail.waitFor('olga@khkiro.ru', sent.length + 1)).map((m) => linkIn(m, '/invitation?token='));
    sent.push(links.find((l) => !sent.includes(l)));
  }
  // Until she accepts, the operator sees only what was typed and the status.
  const offer = await page.locator('table.invitations tr[data-email="olga@khkiro.ru"]').innerText();
  assert.match(offer, /приглашение отправлено/);
  assert.match(offer, /администратор сертификатов, модератор клуба/);
  assert.equal(await page.locator('table.people tr[data-email="olga@khkiro.ru"]').count(), 0);
  await page.screenshot({ path: screenshotPath('operator-people.png'), fullPage: true });

  const phone = await browser.newPage({ locale: 'ru-RU', viewport: { width: 390, height: 844 } });
  await phone.goto(sent[1]);
  await waitForHydration(phone);
  await phone.getByText('администратор сертификатов, модератор клуба', { exact: false }).waitFor();
  await phone.getByLabel('Новый пароль').fill('Пароль-Ольги-2026');
  await phone.getByRole('button', { name: 'Принять приглашение' }).click();
  await phone.getByText('Приглашение принято').waitFor();
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page fits the phone: ${width}px`);
  await phone.screenshot({ path: screenshotPath('invitation-accepted-phone.png'), fullPage: true });
  await phone.close();

  await page.reload();
  await page.locator('table.people tr[data-email="olga@khkiro.ru"]').waitFor();
  assert.match(await page.locator('table.people tr[data-email="olga@khkiro.ru"]').innerText(), /модератор клуба/);

  // A message the mail server refused for good.
  server.sql(`update outbox set status = 'failed', last_error = '550 5.1.1 mailbox unavailable'
              where id = (select max(id) from outbox where recipient = 'olga@khkiro.ru')`);
  await page.goto(server.url + '/r/khabarovsk/admin/mail');
  await waitForHydration(page);
  await page.getByText('550 5.1.1 mailbox unavailable').waitFor();
  await page.getByRole('button', { name: 'Отправить повторно' }).click();
  await mail.waitFor('olga@khkiro.ru', 3);
  await page.reload();
  await page.getByText('Все письма доставлены.').waitFor();
  assert.equal(
    server.sql(`select string_agg(distinct status, ',') from outbox where recipient = 'olga@khkiro.ru'`), 'sent');

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
