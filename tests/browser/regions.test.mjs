import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, waitForHydration, screenshotPath } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer('regions');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the landing page hydrates and its filter narrows the list of regions', async () => {
  const { page, problems } = await openPage(browser, server.url + '/');
  await waitForHydration(page);
  const items = page.locator('.region-list li');
  assert.equal(await items.count(), 5);

  await page.getByLabel('Поиск региона').fill('хабар');
  await page.waitForFunction(() => document.querySelectorAll('.region-list li').length === 1);
  assert.equal(await items.first().innerText().then((t) => t.includes('Хабаровский край')), true);

  await page.getByLabel('Поиск региона').fill('42');
  await page.waitForFunction(() => document.querySelectorAll('.region-list li').length === 1);
  assert.match(await items.first().innerText(), /Кузбасс/);

  await page.getByLabel('Поиск региона').fill('Марс');
  await page.getByText('Ни один регион не подходит под запрос.').waitFor();
  assert.equal(await items.count(), 0);

  assert.deepEqual(problems, [], 'no console errors or CSP violations');
  await page.close();
});

test('following a region link opens the Russian region page', async () => {
  const { page, problems } = await openPage(browser, server.url + '/');
  await waitForHydration(page);
  await page.getByLabel('Поиск региона').fill('Хабаровский');
  await page.getByRole('link', { name: 'Хабаровский край' }).click();
  await page.waitForURL('**/r/khabarovsk');
  await page.getByRole('heading', { level: 1, name: 'Хабаровский край' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'ru');
  await page.getByRole('heading', { name: 'Муниципальные образования' }).waitFor();
  const body = await page.locator('main').innerText();
  assert.match(body, /Нанайский муниципальный район/);
  assert.match(body, /ШНРО/);
  assert.doesNotMatch(body, /Краснинская/, 'another region\'s school must not appear');
  assert.equal(await page.title(), 'Хабаровский край — Рост');
  await page.screenshot({ path: screenshotPath('region-khabarovsk.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('an unknown region shows the Russian not-found page', async () => {
  const page = await browser.newPage();
  const response = await page.goto(server.url + '/r/atlantida');
  assert.equal(response.status(), 404);
  await page.getByRole('heading', { name: 'Регион не найден' }).waitFor();
  await page.close();
});
