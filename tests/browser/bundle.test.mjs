// The split release bundle: a teacher's journey loads only the main module (within the size
// budget), and an operator page fetches its lazy chunk on a client-side navigation and works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  root, startServer, startMailServer, launchBrowser, waitForHydration, registerAndConfirm, login,
  screenshotPath,
} from './harness.mjs';

// The release bundle unless told otherwise (ROST_SITE_ROOT=target/site-dev checks the dev split).
const site = process.env.ROST_SITE_ROOT ?? path.join(root, 'target', 'site');
const manifest = JSON.parse(readFileSync(path.join(site, 'manifest.json'), 'utf8'));
const pkg = `/${manifest.site_pkg_dir}/`;
/** What every page loads: wasm-bindgen's glue, the main module and the split loader it imports. */
const EAGER = new Set(['rost.js', 'rost_bg.wasm', '__wasm_split.______________________.js', 'rost.css']);
/**
 * The first load's WASM + JS, gzip-compressed as served: the measured 666 KiB plus a margin, so
 * that growth is noticed. The target is 450 KB, which the eager teacher pages alone
 * exceed (docs/benchmarks.md).
 */
const FIRST_LOAD_BUDGET = 700 * 1024;
const OPERATOR = 'bundle-operator@khkiro.ru';
const TEACHER = 'bundle-teacher@school5.ru';
const PASSWORD = 'Бандл-проверка-2026';
let server;
let mail;
let browser;

before(async () => {
  mail = await startMailServer('bundle');
  const env = { ROST_SMTP_URL: mail.url, ROST_BOOTSTRAP_OPERATORS: `khabarovsk:${OPERATOR}` };
  server = await startServer('bundle', env);
  browser = await launchBrowser();
  const page = await browser.newPage();
  await registerAndConfirm(page, server, mail, OPERATOR, PASSWORD);
  await page.close();
  // The platform administrator's setting takes effect at start-up.
  await server.stop();
  server = await startServer('bundle', env, { keepData: true });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  mail?.stop();
});

/** A fresh page that records the bundle files it requests and every page error. */
async function recordedPage() {
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const files = [];
  const errors = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/pkg/')) {
      assert.ok(pathname.startsWith(pkg), `${pathname} is not from the served bundle ${pkg}`);
      files.push(pathname.slice(pkg.length));
    }
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return { context, page, files, errors };
}

const gzipSize = (file) => statSync(path.join(site, manifest.site_pkg_dir, `${file}.gz`)).size;

test('a teacher registers, signs in and answers a diagnostic without fetching an operator chunk', async () => {
  const { context, page, files, errors } = await recordedPage();
  try {
    await page.goto(server.url + '/');
    await waitForHydration(page);
    await page.goto(server.url + '/r/khabarovsk');
    await waitForHydration(page);
    await registerAndConfirm(page, server, mail, TEACHER, PASSWORD, 'Учитель');
    await login(page, server, 'khabarovsk', TEACHER, PASSWORD);
    await waitForHydration(page);
    await page.getByRole('button', { name: 'Начать диагностику' }).first().click();
    await page.waitForURL('**/diagnostics/*');
    await waitForHydration(page);
    const item = page.locator('li.item').first();
    await item.waitFor();
    await item.locator('label.option').first().click();
    await item.locator('.save-state[data-state=saved]').waitFor();
  } finally {
    await page.screenshot({ path: screenshotPath('bundle-teacher.png'), fullPage: true });
    await context.close();
  }
  assert.deepEqual(errors, [], 'the teacher saw page errors');
  const loaded = new Set(files);
  assert.deepEqual([...loaded].filter((file) => !EAGER.has(file)), [], 'the teacher fetched lazy chunks');
  assert.ok(loaded.has('rost_bg.wasm'), 'the main module was loaded');

  const firstLoad = [...loaded].filter((file) => /\.(js|wasm)$/.test(file));
  const sizes = Object.fromEntries(firstLoad.map((file) => [file, gzipSize(file)]));
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  console.log(`first load, gzip: ${JSON.stringify(sizes)}, total ${(total / 1024).toFixed(1)} KiB`);
  assert.ok(total <= FIRST_LOAD_BUDGET, `the first load is ${total} bytes gzip, over ${FIRST_LOAD_BUDGET}`);
});

test('an operator opens a lazy page by a link in the app, and it loads its chunk and works', async () => {
  const { context, page, files, errors } = await recordedPage();
  try {
    await login(page, server, 'khabarovsk', OPERATOR, PASSWORD);
    await waitForHydration(page);
    assert.deepEqual(files.filter((file) => !EAGER.has(file)), [], 'the cabinet fetched lazy chunks');
    // Survives only while the router navigates in place: a full page load would reset it.
    await page.evaluate(() => { window.stillTheSameDocument = true; });
    await page.getByRole('link', { name: 'Люди региона' }).click();
    await page.waitForURL('**/r/khabarovsk/admin/people');
    await page.getByLabel('ФИО').fill('Петрова Анна Сергеевна');
    await page.getByLabel('Электронная почта').fill('anna@khkiro.ru');
    await page.getByLabel('Роль').selectOption({ label: 'модератор клуба' });
    await page.getByRole('button', { name: 'Пригласить' }).click();
    await page.locator('table.invitations tr[data-email="anna@khkiro.ru"]').waitFor();
    assert.equal(await page.evaluate(() => window.stillTheSameDocument), true, 'the page was reloaded');
  } finally {
    await page.screenshot({ path: screenshotPath('bundle-operator.png'), fullPage: true });
    await context.close();
  }
  assert.deepEqual(errors, [], 'the operator saw page errors');
  const chunks = files.filter((file) => file.endsWith('.wasm') && !EAGER.has(file));
  assert.ok(chunks.length > 0, `no lazy chunk was fetched: ${files.join(', ')}`);
});
