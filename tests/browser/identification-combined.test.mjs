// Combined criteria (issue 16 §3): the Leskensky template pasted into the JSON editor, its demo
// data uploaded, and the composite status «confirmed» (in the list AND low ВПР, NOT excluded)
// computed in the run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  startServer, startMailServer, launchBrowser, openPage, waitForHydration, screenshotPath,
  registerAndConfirm, login, root, assertFitsWidth,
} from './harness.mjs';

const OPERATOR = 'combined@khkiro.ru';
const PASSWORD = 'Составной-статус-2026';
let server;
let mail;
let browser;

before(async () => {
  mail = await startMailServer('identification-combined');
  const env = { ROST_SMTP_URL: mail.url, ROST_BOOTSTRAP_OPERATORS: `khabarovsk:${OPERATOR}` };
  server = await startServer('identification-combined', env);
  browser = await launchBrowser();
  const page = await browser.newPage();
  await registerAndConfirm(page, server, mail, OPERATOR, PASSWORD);
  await page.close();
  await server.stop();
  server = await startServer('identification-combined', env, { keepData: true });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  mail?.stop();
});

test('a composite status from the JSON editor is computed in a run', async () => {
  const { page, problems } = await openPage(browser, server.url + '/r/khabarovsk/login');
  try {
    await login(page, server, 'khabarovsk', OPERATOR, PASSWORD);
    const templates = path.join(root, 'app/src/identification/templates');
    await page.goto(server.url + '/r/khabarovsk/admin/identification');
    await page.locator('input[type=file]').setInputFiles(path.join(templates, 'leskensky_demo.csv'));
    await page.getByRole('button', { name: 'Загрузить и проверить' }).click();
    await page.getByText('Файл проверен, ошибок нет. Строк данных: 8.').waitFor();
    await waitForHydration(page);
    await page.getByRole('button', { name: 'Подтвердить загрузку' }).click();
    await page.waitForURL('**/r/khabarovsk/admin/identification');
    await page.locator('table.years').getByRole('cell', { name: '2021' }).waitFor();

    await waitForHydration(page);
    await page.getByText('Импорт из JSON').click();
    await page.locator('textarea[name=json]').fill(readFileSync(path.join(templates, 'leskensky.json'), 'utf8'));
    await page.getByRole('button', { name: 'Импортировать' }).click();
    await page.waitForURL('**/admin/identification/configs/**');
    await page.getByText('Конфигурация готова к расчёту.').waitFor();

    await waitForHydration(page);
    await page.getByRole('button', { name: 'Рассчитать' }).click();
    await page.waitForURL('**/admin/identification/runs/**');
    const counts = page.locator('ul.counts');
    await counts.getByText('Школа с низкими образовательными результатами: 3').waitFor();
    await counts.getByText('В списке региональной информационной системы: 6').waitFor();
    const table = page.locator('table.run');
    const text = await table.innerText();
    assert.match(text, /07-1001[\s\S]*Школа с низкими образовательными результатами/);
    // Listed, low ВПР, but being reorganised: not confirmed.
    const excluded = await table.locator('tr', { hasText: '07-1005' }).innerText();
    assert.doesNotMatch(excluded, /Школа с низкими образовательными результатами/);
    await assertFitsWidth(page);
    assert.deepEqual(problems, []);
  } finally {
    await page.screenshot({ path: screenshotPath('identification-combined.png'), fullPage: true });
  }
});
