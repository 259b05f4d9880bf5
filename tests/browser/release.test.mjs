// The release bundle exactly as scripts/run.sh builds it (scripts/build-assets.sh release):
// it must instantiate and hydrate in Chromium, with no page error at all, on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  root, startServer, launchBrowser, waitForHydration, screenshotPath, PHONE,
} from './harness.mjs';

const site = path.join(root, 'target', 'site');
let server;
let browser;

before(async () => {
  server = await startServer('release', { ROST_SITE_ROOT: site });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the served bundle is the optimised release build', async () => {
  const manifest = JSON.parse(readFileSync(path.join(site, 'manifest.json'), 'utf8'));
  assert.equal(manifest.profile, 'release');
  const wasm = path.join(site, manifest.site_pkg_dir, `${manifest.output_name}_bg.wasm`);
  // An unoptimised main module is about 10 MB; wasm-opt -Oz brings it under 3.5 MB.
  assert.ok(statSync(wasm).size < 6_000_000, `the bundle is ${statSync(wasm).size} bytes: not optimised`);
  const html = await (await fetch(server.url + '/r/khabarovsk/register')).text();
  assert.ok(html.includes(`/${manifest.site_pkg_dir}/${manifest.output_name}.js`), 'the page loads this bundle');
});

test('a newcomer registers through the release bundle on a phone, without a single page error', async () => {
  const page = await browser.newPage({ locale: 'ru-RU', viewport: PHONE });
  const errors = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  const wasm = page.waitForResponse((response) => response.url().endsWith('_bg.wasm'));
  await page.goto(server.url + '/r/khabarovsk/register');
  assert.equal((await wasm).status(), 200);
  // Hydration proves the module instantiated; the harness also checks the phone width here.
  await waitForHydration(page);

  await page.getByLabel('ФИО').fill('Ким Елена Викторовна');
  await page.getByLabel('Электронная почта').fill('kim.release@school27.ru');
  // The school list fills only when the hydrated page reacts to the municipality.
  await page.getByLabel('Муниципальное образование').selectOption({ label: 'Нанайский муниципальный район' });
  await page.getByLabel('Школа').selectOption({ label: 'МБОУ СОШ с. Троицкое' });
  await page.getByLabel('Должность').selectOption({ label: 'Учитель' });
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Зарегистрироваться' }).click();
  await page.getByText('Мы отправили письмо', { exact: false }).waitFor();
  await page.screenshot({ path: screenshotPath('release-register.png'), fullPage: true });

  for (const url of ['/', '/r/khabarovsk', '/r/khabarovsk/login', '/r/khabarovsk/recover']) {
    await page.goto(server.url + url);
    await waitForHydration(page);
  }
  assert.deepEqual(errors, [], 'the release bundle raised page errors');
  await page.close();
});
