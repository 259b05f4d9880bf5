// Platform administration: the administrator made by `server admin create` sets a password by
// the printed link, signs in, creates a region and invites its operator; the operator gets the
// e-mail at a real SMTP server, sets a password and sees the region's operator page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  root, startServer, startMailServer, launchBrowser, newSession, waitForHydration, screenshotPath, linkIn,
  assertFitsWidth,
} from './harness.mjs';

const ADMIN = 'admin@rost-platform.ru';
const OPERATOR = 'operator@tomsk-edu.ru';
const PASSWORD = 'Платформа-проверка-2026';
let server;
let mail;
let browser;
let adminLink;

before(async () => {
  mail = await startMailServer('platform');
  // The command runs before the server, on the same data folder (its embedded database).
  const dataDir = path.join(root, 'target', 'browser-data', 'platform');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const bin = process.env.ROST_SERVER_BIN ?? path.join(root, 'target', 'debug', 'server');
  const printed = execFileSync(bin, ['admin', 'create', '--email', ADMIN, '--name', 'Администратор Платформы'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', ROST_DATA_DIR: dataDir, ROST_LOG_FORMAT: 'json' },
  }).toString();
  assert.match(printed, /Создан администратор платформы/);
  adminLink = linkIn(printed, '/reset?token=');
  server = await startServer('platform', { ROST_SMTP_URL: mail.url }, { keepData: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  mail?.stop();
});

test('the platform administrator creates a region and invites its operator, who takes it over', async () => {
  const admin = await newSession(browser, { viewport: { width: 390, height: 844 } });
  const page = admin.page;
  // The printed link names the default address; the server under test listens elsewhere.
  const link = new URL(adminLink);
  await page.goto(server.url + link.pathname + link.search);
  await waitForHydration(page);
  await page.getByLabel('Новый пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Сохранить пароль' }).click();
  await page.getByText('Пароль изменён').waitFor();

  await page.goto(server.url + '/r/khabarovsk/login');
  await waitForHydration(page);
  await page.getByLabel('Электронная почта').fill(ADMIN);
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL('**/r/khabarovsk/cabinet');

  // The header's menu leads to the administration, a lazy page opened by client-side navigation.
  await waitForHydration(page);
  await page.locator('details.header-menu summary').click();
  await page.locator('details.header-menu').getByRole('link', { name: 'Администрирование платформы' }).click();
  await page.waitForURL(/\/admin$/);
  await page.locator('table.platform-regions tr[data-slug="khabarovsk"]').waitFor();
  await page.getByLabel('Адрес региона').fill('tomsk');
  await page.getByLabel('Название региона').fill('Томская область');
  await page.getByLabel('Код региона').fill('7');
  await page.getByLabel('Часовой пояс').fill('Asia/Tomsk');
  await page.getByLabel('Конфигурация идентификации').selectOption({ label: 'Федеральное правило ШНОР' });
  await page.getByRole('button', { name: 'Создать регион' }).click();
  await page.getByText('Код региона: ровно две цифры').waitFor();
  await page.getByLabel('Код региона').fill('70');
  await page.getByRole('button', { name: 'Создать регион' }).click();
  await page.getByText('Регион создан.').waitFor();
  await page.locator('table.platform-regions tr[data-slug="tomsk"]').waitFor();
  await page.screenshot({ path: screenshotPath('platform-regions.png'), fullPage: true });

  await page.getByRole('link', { name: 'Настройки региона' }).click();
  await page.waitForURL('**/admin/regions/tomsk');
  await page.getByRole('heading', { name: 'Томская область' }).waitFor();
  await page.getByLabel('ФИО').fill('Оператор Томский');
  await page.getByLabel('Электронная почта').fill(OPERATOR);
  await page.getByRole('button', { name: 'Отправить приглашение' }).click();
  await page.getByText('Приглашение отправлено.').waitFor();

  // An interregional club of the new region and Khabarovsk, with the default sections.
  await page.goto(server.url + '/admin');
  await waitForHydration(page);
  await page.getByRole('link', { name: 'Межрегиональные клубы' }).click();
  await page.waitForURL('**/admin/clubs');
  await page.getByLabel('Адрес клуба (латиница)').fill('sib-deputies');
  await page.getByLabel('Название клуба').fill('Клуб заместителей директоров');
  await page.getByRole('button', { name: 'Создать клуб' }).click();
  await page.getByText('Регионы клуба: отметьте хотя бы один регион.').waitFor();
  await page.getByLabel('Томская область').check();
  await page.getByLabel('Хабаровский край').check();
  await page.getByRole('button', { name: 'Создать клуб' }).click();
  await page.getByText('Клуб создан:').waitFor();
  const row = page.locator('table.platform-clubs tr[data-slug="sib-deputies"]');
  await row.getByText('Томская область, Хабаровский край').waitFor();
  await assertFitsWidth(page);

  await page.goto(server.url + '/admin/audit');
  await waitForHydration(page);
  await page.getByText('Клуб создан').first().waitFor();
  await page.getByText('Оператор приглашён').waitFor();
  await page.getByText('Регион создан').first().waitFor();
  assert.deepEqual(admin.problems, []);
  await admin.context.close();

  const [message] = await mail.waitFor(OPERATOR, 1);
  const operator = await newSession(browser, { viewport: { width: 390, height: 844 } });
  await operator.page.goto(linkIn(message, '/r/tomsk/invitation?token='));
  await waitForHydration(operator.page);
  await operator.page.getByLabel('Новый пароль').fill('Оператор-Томска-2026');
  await operator.page.getByRole('button', { name: 'Принять приглашение' }).click();
  await operator.page.getByText('Приглашение принято').waitFor();

  await operator.page.goto(server.url + '/r/tomsk/login');
  await waitForHydration(operator.page);
  await operator.page.getByLabel('Электронная почта').fill(OPERATOR);
  await operator.page.getByLabel('Пароль').fill('Оператор-Томска-2026');
  await operator.page.getByRole('button', { name: 'Войти' }).click();
  await operator.page.waitForURL('**/r/tomsk/cabinet');
  const response = await operator.page.goto(server.url + '/r/tomsk/admin/people');
  assert.equal(response.status(), 200);
  await waitForHydration(operator.page);
  await operator.page.getByRole('heading', { name: 'Люди региона' }).waitFor();
  await operator.page.locator(`tr[data-email="${OPERATOR}"]`).waitFor();
  await operator.page.screenshot({ path: screenshotPath('platform-operator-people.png'), fullPage: true });
  assert.deepEqual(operator.problems, []);
  await operator.context.close();
});

test('a person who is not a platform administrator is refused by the platform pages', async () => {
  const { context, page } = await newSession(browser);
  const response = await page.goto(server.url + '/admin');
  assert.equal(response.status(), 401);
  await page.getByText('учётной записью администратора платформы').waitFor();
  await context.close();
});
