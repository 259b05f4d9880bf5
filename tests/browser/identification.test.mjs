import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  startServer, startMailServer, launchBrowser, openPage, waitForHydration, screenshotPath,
  registerAndConfirm, login, root, assertFitsWidth,
} from './harness.mjs';

const OPERATOR = 'analyst@khkiro.ru';
const PASSWORD = 'Аналитик-ХКИРО-2026';
let server;
let mail;
let browser;

before(async () => {
  mail = await startMailServer('identification');
  const env = { ROST_SMTP_URL: mail.url, ROST_BOOTSTRAP_OPERATORS: `khabarovsk:${OPERATOR}` };
  server = await startServer('identification', env);
  browser = await launchBrowser();
  const page = await browser.newPage();
  await registerAndConfirm(page, server, mail, OPERATOR, PASSWORD);
  await page.close();
  await server.stop();
  server = await startServer('identification', env, { keepData: true });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  mail?.stop();
});

/** The editor form whose submit button has this name. */
function form(page, button) {
  return page.locator('form', { has: page.getByRole('button', { name: button, exact: true }) });
}

test('an operator loads data, builds a configuration, runs it, explains, overrides, publishes and exports', async () => {
  const { page, problems } = await openPage(browser, server.url + '/r/khabarovsk/login');
  try {
    await scenario(page, problems);
  } finally {
    await page.screenshot({ path: screenshotPath('identification-last.png'), fullPage: true });
  }
});

async function scenario(page, problems) {
  await login(page, server, 'khabarovsk', OPERATOR, PASSWORD);

  // A file with a text in a numeric column is refused with the row and the column named.
  await waitForHydration(page);
  await page.getByRole('link', { name: 'Выявление школ' }).click();
  await page.getByRole('heading', { name: 'Данные показателей' }).waitFor();
  const broken = screenshotPath('broken.csv');
  writeFileSync(broken, 'school_id;year;ege_ru\n27-0001;2024;70\n27-0002;2024;нет данных\n');
  await page.locator('input[type=file]').setInputFiles(broken);
  await page.getByRole('button', { name: 'Загрузить и проверить' }).click();
  await page.getByText('Строка 3, столбец «ege_ru»: значение «нет данных» не является числом').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Подтвердить загрузку' }).count(), 0);

  // The real file: a Russian Excel export (BOM, «;», decimal comma), groups from the registry.
  await page.goto(server.url + '/r/khabarovsk/admin/identification');
  await page.locator('input[type=file]').setInputFiles(path.join(root, 'tests/fixtures/khabarovsk_indicators.csv'));
  await page.getByRole('button', { name: 'Загрузить и проверить' }).click();
  await page.getByText('Файл проверен, ошибок нет. Строк данных: 16.').waitFor();
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Подтвердить загрузку' }).click();
  await page.waitForURL('**/r/khabarovsk/admin/identification');
  const years = page.locator('table.years');
  // The upload's own table.years stays until the lazy identification page has replaced it.
  await years.getByRole('cell', { name: /Аналитик|Оператор Региональный/ }).first().waitFor();
  await years.getByRole('cell', { name: '2024' }).waitFor();
  assert.match(await years.innerText(), /ege_ma, ege_ru/);

  // A configuration built form by form.
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Пустая: индексы и зоны (многомерная средняя)' }).click();
  await page.waitForURL('**/admin/identification/configs/**');
  await waitForHydration(page);
  const general = form(page, 'Сохранить').first();
  await general.getByLabel('название').fill('Результаты ЕГЭ, 2023–2024');
  await general.getByLabel('лет в окне').fill('2');
  await general.getByLabel('сравнивать школы внутри групп').uncheck();
  await general.getByRole('button', { name: 'Сохранить' }).click();
  await page.getByRole('heading', { name: 'Результаты ЕГЭ, 2023–2024' }).waitFor();

  const addIndex = form(page, 'Добавить индекс');
  await addIndex.getByLabel('код').fill('results');
  await addIndex.getByLabel('название').fill('Результаты ЕГЭ');
  await addIndex.getByLabel('доля группы').fill('0,25');
  await addIndex.getByRole('button', { name: 'Добавить индекс' }).click();
  await page.getByText('Индекс results').waitFor();

  for (const [code, title] of [['ege_ru', 'ЕГЭ, русский язык'], ['ege_ma', 'ЕГЭ, математика']]) {
    const addIndicator = form(page, 'Добавить показатель');
    await addIndicator.getByLabel('код').fill(code);
    await addIndicator.getByLabel('название').fill(title);
    await addIndicator.getByLabel('источник (процедура)').fill('ЕГЭ');
    await addIndicator.getByLabel('нормировка').selectOption('minmax');
    await addIndicator.getByLabel('направление').selectOption('direct');
    await addIndicator.getByRole('button', { name: 'Добавить показатель' }).click();
    await page.locator(`input[value="${code}"]`).first().waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('.edit-row.add form')]
      .every((f) => f.querySelector('input[name="edit[code]"]')?.value === ''));
  }

  const addStatus = form(page, 'Добавить статус');
  await addStatus.getByLabel('код').fill('low');
  await addStatus.getByLabel('название статуса').fill('ШНРО');
  await addStatus.getByLabel('зона').selectOption('worst');
  await addStatus.getByLabel('правило по годам').selectOption('all_years');
  await addStatus.getByRole('button', { name: 'Добавить статус' }).click();
  await page.getByText('Конфигурация готова к расчёту.').waitFor();
  await page.screenshot({ path: screenshotPath('identification-config.png'), fullPage: true });

  // The run: the two weakest schools of both years.
  await page.getByRole('button', { name: 'Рассчитать' }).click();
  await page.waitForURL('**/admin/identification/runs/**');
  await page.locator('ul.counts').getByText('ШНРО: 2').waitFor();
  const table = page.locator('table.run');
  assert.match(await table.innerText(), /27-0202[\s\S]*ШНРО/);
  await assertFitsWidth(page);

  // One school's explanation: cut-off and each indicator's part of the index.
  await waitForHydration(page);
  await table.getByRole('link', { name: '27-0202' }).click();
  const explanation = page.locator('section.explanation');
  await explanation.getByRole('heading', { name: /Пояснение: 27-0202/ }).waitFor();
  const text = await explanation.innerText();
  assert.match(text, /Отсечка худшей зоны/);
  assert.match(text, /ege_ru ЕГЭ, русский язык/);
  assert.match(text, /ШНРО: по индексу/);

  // An override with a reason brings a third school in.
  await table.getByRole('link', { name: '27-0003' }).click();
  await explanation.getByRole('heading', { name: /Пояснение: 27-0003/ }).waitFor();
  await explanation.getByLabel('Решение').selectOption('add');
  await explanation.getByLabel('Причина (обязательно)').fill('Решение муниципальной комиссии: отток педагогов');
  await explanation.getByRole('button', { name: 'Сохранить решение' }).click();
  await page.locator('ul.counts').getByText('ШНРО: 3').waitFor();
  await explanation.getByText('ручное включение «low» — Решение муниципальной комиссии', { exact: false }).waitFor();
  await page.screenshot({ path: screenshotPath('identification-run.png'), fullPage: true });

  await page.getByRole('button', { name: 'Опубликовать списки' }).click();
  await page.getByText(/^опубликовано /).waitFor();

  // «Воспроизвести»: the run recomputed from the data versions it recorded gives the same bytes.
  const data = page.locator('section.run-data');
  await data.getByText(/2024: версия 1, SHA-256 [0-9a-f]{12}…/).waitFor();
  await data.getByRole('button', { name: 'Воспроизвести' }).click();
  await data.locator('p.reproduction').getByText('совпадает', { exact: false }).waitFor();
  assert.match(await data.innerText(), /SHA-256 сохранённого: ([0-9a-f]{12})…, пересчитанного: \1…/);
  await assertFitsWidth(page);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Скачать XLSX' }).click(),
  ]);
  const file = screenshotPath('identification.xlsx');
  await download.saveAs(file);
  const strings = execFileSync('python3', ['-c',
    'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("xl/sharedStrings.xml").decode())', file]).toString();
  assert.match(strings, /27-0003/);
  assert.match(strings, /ручное включение/);
  assert.match(strings, /ШНРО/);

  // The published list as coordinators see it.
  await page.goto(server.url + '/r/khabarovsk/identification');
  const published = page.locator('table.published');
  await published.waitFor();
  assert.match(await published.innerText(), /27-0003[\s\S]*ШНРО/);
  assert.equal((await published.locator('tbody tr').count()), 3);
  assert.deepEqual(problems, []);
}
