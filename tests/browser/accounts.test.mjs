import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, startMailServer, launchBrowser, openPage, waitForHydration, screenshotPath, linkIn,
  assertFitsWidth,
} from './harness.mjs';

let server;
let mail;
let browser;

before(async () => {
  mail = await startMailServer('accounts');
  server = await startServer('accounts', { ROST_SMTP_URL: mail.url });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  mail?.stop();
});

test('a teacher registers, confirms by e-mail setting the password, logs in and out, resets the password and logs in again', async () => {
  const email = 'teacher.browser@school27.ru';
  const { page, problems } = await openPage(browser, server.url + '/r/khabarovsk');
  await waitForHydration(page);
  await page.getByRole('link', { name: 'Регистрация' }).click();
  await page.getByRole('heading', { name: 'Регистрация' }).waitFor();
  await waitForHydration(page);

  // Anyone can type any address here, so registration asks for no password.
  assert.equal(await page.locator('input[type=password]').count(), 0, 'a password field on registration');
  await page.getByLabel('ФИО').fill('Смирнова Анна Сергеевна');
  await page.getByLabel('Электронная почта').fill(email);
  await page.getByLabel('Муниципальное образование').selectOption({ label: 'Нанайский муниципальный район' });
  await page.getByLabel('Школа').selectOption({ label: 'МБОУ СОШ с. Троицкое' });
  await page.getByLabel('Должность').selectOption({ label: 'Учитель' });
  await page.getByLabel('Преподаваемые предметы (через запятую)').fill('русский язык, литература');
  await page.getByLabel('Педагогический стаж, лет').fill('7');
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Зарегистрироваться' }).click();
  await page.getByText('Мы отправили письмо со ссылкой для подтверждения адреса', { exact: false }).waitFor();
  await page.screenshot({ path: screenshotPath('register-done.png'), fullPage: true });

  const [confirmation] = await mail.waitFor(email, 1);
  assert.match(confirmation, /Хабаровский край/);
  await page.goto(linkIn(confirmation, '/confirm?token='));
  await waitForHydration(page);
  // The confirmation page, reached from the mailbox, sets the password.
  await page.getByLabel('Новый пароль').fill('Амурский-тигр-2026');
  await page.getByRole('button', { name: 'Подтвердить адрес' }).click();
  await page.getByText('Адрес подтверждён').waitFor();
  await page.getByRole('link', { name: 'Войти' }).last().click();

  await page.getByRole('heading', { name: 'Вход в личный кабинет' }).waitFor();
  await waitForHydration(page);
  await page.getByLabel('Электронная почта').fill(email);
  await page.getByLabel('Пароль').fill('Амурский-тигр-2026');
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL('**/r/khabarovsk/cabinet');
  await page.locator('.cabinet .person').getByText('Смирнова Анна Сергеевна').waitFor();
  await assertFitsWidth(page);
  // The header names who is signed in, and its menu lists the pages the roles open.
  const menu = page.locator('details.header-menu');
  assert.equal(await menu.locator('summary').innerText(), 'Смирнова Анна Сергеевна');
  await waitForHydration(page);
  await menu.locator('summary').click();
  assert.deepEqual(await menu.locator('nav a').allInnerTexts(), ['Личный кабинет']);
  await menu.locator('nav').getByText('Хабаровский край').waitFor();
  await assertFitsWidth(page);
  await menu.locator('summary').click();
  assert.match(await page.locator('.roles').innerText(), /педагог/);
  await page.screenshot({ path: screenshotPath('cabinet.png'), fullPage: true });

  // The account's settings have their own page, linked from the cabinet.
  await waitForHydration(page);
  await page.getByRole('link', { name: 'Настройки' }).click();
  await page.getByRole('heading', { name: 'Настройки' }).waitFor();
  await page.getByLabel('Педагогический стаж, лет').fill('8');
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await page.getByText('Изменения сохранены.').waitFor();
  await assertFitsWidth(page);
  await page.getByRole('link', { name: '← В личный кабинет' }).click();
  await page.locator('.cabinet .person').getByText('Смирнова Анна Сергеевна').waitFor();

  await waitForHydration(page);
  await page.getByRole('button', { name: 'Выйти', exact: true }).click();
  await page.waitForURL('**/r/khabarovsk/login');
  const cabinet = await page.goto(server.url + '/r/khabarovsk/cabinet');
  assert.equal(cabinet.status(), 401, 'logged out');

  await page.goto(server.url + '/r/khabarovsk/recover');
  await waitForHydration(page);
  await page.getByLabel('Электронная почта').fill(email);
  await page.getByRole('button', { name: 'Отправить ссылку' }).click();
  await page.getByText('Если такой адрес зарегистрирован', { exact: false }).waitFor();
  const messages = await mail.waitFor(email, 2);
  const reset = messages.find((m) => m.includes('/reset?token='));
  await page.goto(linkIn(reset, '/reset?token='));
  await waitForHydration(page);
  await page.getByLabel('Новый пароль').fill('Новый-пароль-Амур');
  await page.getByRole('button', { name: 'Сохранить пароль' }).click();
  await page.getByText('Пароль изменён').waitFor();

  await page.goto(server.url + '/r/khabarovsk/login');
  await waitForHydration(page);
  await page.getByLabel('Электронная почта').fill(email);
  await page.getByLabel('Пароль').fill('Амурский-тигр-2026');
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByText('Неверный адрес электронной почты или пароль.').waitFor();
  await page.getByLabel('Пароль').fill('Новый-пароль-Амур');
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL('**/r/khabarovsk/cabinet');
  await page.locator('.cabinet .person').getByText('Смирнова Анна Сергеевна').waitFor();

  // The refused login and the logged-out cabinet answer 401 on purpose.
  const unexpected = problems.filter((p) => !/\b401\b/.test(p));
  assert.deepEqual(unexpected, []);
  await page.close();
});
