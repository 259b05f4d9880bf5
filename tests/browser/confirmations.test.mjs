import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, startMailServer, launchBrowser, waitForHydration, screenshotPath, registerAndConfirm, login,
} from './harness.mjs';

const OPERATOR = 'operator@khkiro.ru';
const DIRECTOR = 'head.browser@school27.ru';
const PASSWORD = 'Оператор-ХКИРО-2026';
const PHONE = { width: 390, height: 844 };
let server;
let mail;
let browser;

before(async () => {
  mail = await startMailServer('confirmations');
  const env = { ROST_SMTP_URL: mail.url, ROST_BOOTSTRAP_OPERATORS: `khabarovsk:${OPERATOR}` };
  server = await startServer('confirmations', env);
  browser = await launchBrowser();
  const page = await browser.newPage();
  await registerAndConfirm(page, server, mail, OPERATOR, PASSWORD);
  await registerAndConfirm(page, server, mail, DIRECTOR, PASSWORD, 'Директор');
  await page.close();
  // The platform administrator's setting takes effect at start-up.
  await server.stop();
  server = await startServer('confirmations', env, { keepData: true });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  mail?.stop();
});

/** A phone-sized page that records console errors, page errors and failed requests. */
async function phonePage() {
  const page = await browser.newPage({ locale: 'ru-RU', viewport: PHONE });
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  return { page, problems };
}

async function fitsThePhone(page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `the page is ${width} px wide on a ${PHONE.width} px phone`);
}

test('the operator confirms a registered director, who then holds the director role', async () => {
  const head = await phonePage();
  await login(head.page, server, 'khabarovsk', DIRECTOR, PASSWORD);
  await head.page.getByText('Ваша принадлежность к школе ожидает подтверждения', { exact: false }).waitFor();
  assert.doesNotMatch(await head.page.locator('.roles').innerText(), /руководитель ОО/);
  await fitsThePhone(head.page);

  const operator = await phonePage();
  await login(operator.page, server, 'khabarovsk', OPERATOR, PASSWORD);
  await waitForHydration(operator.page);
  await operator.page.getByRole('link', { name: 'Подтверждение сотрудников' }).click();
  await operator.page.getByRole('heading', { name: 'Подтверждение сотрудников школ' }).waitFor();
  await waitForHydration(operator.page);
  const card = operator.page.locator(`article[data-email="${DIRECTOR}"]`);
  await card.waitFor();
  assert.match(await card.innerText(), /Директор · МАОУ «Гимназия № 5»/);
  await fitsThePhone(operator.page);
  await operator.page.screenshot({ path: screenshotPath('confirmations-queue.png'), fullPage: true });
  await card.getByRole('button', { name: 'Подтвердить' }).click();
  await card.waitFor({ state: 'detached' });
  assert.equal(
    server.sql(`select m.school_status from memberships m join users u on u.id = m.user_id
                where u.email = '${DIRECTOR}'`),
    'confirmed',
  );

  const messages = await mail.waitFor(DIRECTOR, 2);
  assert.ok(messages.some((m) => /Принадлежность к школе подтверждена/.test(m)), 'the decision is e-mailed');
  await head.page.reload();
  await head.page.locator('.roles').waitFor();
  assert.match(await head.page.locator('.roles').innerText(), /руководитель ОО/);
  assert.equal(await head.page.getByText('ожидает подтверждения', { exact: false }).count(), 0);
  await head.page.getByRole('link', { name: 'Подтверждение сотрудников' }).waitFor();
  await head.page.screenshot({ path: screenshotPath('confirmations-director.png'), fullPage: true });
  // The school's aggregate has a page of its own, reached from the cabinet and opened directly.
  await waitForHydration(head.page);
  await head.page.getByRole('link', { name: 'Диагностика школы' }).click();
  await head.page.getByText('Педагоги школы ещё не завершили ни одной диагностики.').waitFor();
  await head.page.reload();
  await waitForHydration(head.page);
  await head.page.getByText('Педагоги школы ещё не завершили ни одной диагностики.').waitFor();
  await fitsThePhone(head.page);

  assert.deepEqual(operator.problems, []);
  assert.deepEqual(head.problems, []);
  await operator.page.close();
  await head.page.close();
});
