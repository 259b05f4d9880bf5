// The split release bundle: each teacher page opened directly on a phone loads at most 450 KB
// gzip of WASM and JS (the main module, its glue, the chunk loader and the page's chunks), a
// teacher never fetches a chunk only operator pages need, and an operator page fetches its chunks
// on a client-side navigation and works.
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
/** The budget for a first load's WASM + JS, gzip as served: 450 KB read as 450,000 B. */
const FIRST_LOAD_BUDGET = 450_000;

/**
 * The split manifest maps each split point (`__<route>_route_view_<hash>` for a lazy route,
 * `__<function>_<hash>` for a `#[lazy]` function) to the chunks it needs, its own `split_…`
 * module last.
 */
const splitManifest = JSON.parse(
  readFileSync(path.join(site, manifest.site_pkg_dir, '__wasm_split_manifest.json'), 'utf8'),
);
/** The lazy routes of app/src/routes.rs, by the snake-case name of their wrapper. */
const OPERATOR_ROUTES = new Set([
  'confirmations', 'undelivered_mail', 'audit_log', 'people', 'schools', 'identification', 'upload',
  'config', 'run', 'published', 'diagnostics_admin', 'instrument_statistics', 'courses_admin',
  'enrolments_admin', 'school', 'certificates_admin', 'certificate_registry', 'growth_admin',
  'platform_regions', 'platform_region', 'platform_audit', 'platform_clubs', 'dashboard',
  'support_cases', 'support_summary', 'support_case', 'support_profile', 'support_chat', 'support_documents', 'support_document',
]);
const TEACHER_ROUTES = new Set([
  'landing', 'region', 'register', 'login', 'recover', 'confirm', 'reset', 'invitation', 'cabinet', 'settings', 'attempt',
  'result', 'route', 'learn', 'shared_routes', 'growth_report', 'my_growth', 'my_certificates',
]);
/** The club's pages (issue 14): directors' and deputies', neither operator nor teacher pages. */
const CLUB_ROUTES = new Set(['clubs', 'club', 'club_section', 'club_thread', 'club_search', 'club_best', 'club_moderation']);
// The club's events and notifications (club::events, club::notify).
for (const route of ['club_events', 'club_event', 'club_notifications', 'club_unsubscribe']) CLUB_ROUTES.add(route);
const operatorNeeds = new Set();
const teacherNeeds = new Set();
for (const [key, chunks] of Object.entries(splitManifest)) {
  const route = /^__(\w+?)_route_view_\d+$/.exec(key)?.[1];
  if (route !== undefined) {
    assert.ok(
      OPERATOR_ROUTES.has(route) || TEACHER_ROUTES.has(route) || CLUB_ROUTES.has(route),
      `lazy route ${route} is neither operator's, teacher's nor the club's`,
    );
  }
  // Every other split point (a `#[lazy]` part of a teacher page) counts as a teacher's.
  const needs = OPERATOR_ROUTES.has(route) ? operatorNeeds : teacherNeeds;
  for (const chunk of chunks) needs.add(`${chunk}.wasm`);
}
/** The chunks only operator routes need: a teacher must never fetch one. */
const OPERATOR_ONLY = new Set([...operatorNeeds].filter((chunk) => !teacherNeeds.has(chunk)));
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

/**
 * Opens `url` in a fresh page of `context` and returns the bundle files that load fetched; its
 * page errors go to `errors`.
 */
async function firstLoad(context, url, errors) {
  const page = await context.newPage();
  const files = [];
  page.on('pageerror', (error) => errors.push(`${url}: pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${url}: console: ${message.text()}`);
  });
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith(pkg)) files.push(pathname.slice(pkg.length));
  });
  await page.goto(url);
  await waitForHydration(page);
  await page.waitForLoadState('networkidle');
  await page.close();
  return files;
}

test('each teacher page opened directly stays within 450 KB, and a teacher never fetches an operator chunk', async () => {
  const { context, page, files, errors } = await recordedPage();
  const pages = {};
  let attempt;
  try {
    pages.landing = await firstLoad(context, server.url + '/', errors);
    pages.region = await firstLoad(context, server.url + '/r/khabarovsk', errors);
    pages.registration = await firstLoad(context, server.url + '/r/khabarovsk/register', errors);
    pages.login = await firstLoad(context, server.url + '/r/khabarovsk/login', errors);
    await page.goto(server.url + '/');
    await waitForHydration(page);
    await page.goto(server.url + '/r/khabarovsk');
    await waitForHydration(page);
    await registerAndConfirm(page, server, mail, TEACHER, PASSWORD, 'Учитель');
    await login(page, server, 'khabarovsk', TEACHER, PASSWORD);
    await waitForHydration(page);
    pages.cabinet = await firstLoad(context, server.url + '/r/khabarovsk/cabinet', errors);
    pages.growth = await firstLoad(context, server.url + '/r/khabarovsk/growth', errors);
    pages.certificates = await firstLoad(context, server.url + '/r/khabarovsk/certificates', errors);
    await page.getByRole('button', { name: 'Начать диагностику' }).first().click();
    await page.waitForURL('**/diagnostics/*');
    attempt = page.url();
    await waitForHydration(page);
    const item = page.locator('li.item').first();
    await item.waitFor();
    await item.locator('label.option').first().click();
    await item.locator('.save-state[data-state=saved]').waitFor();
    pages['diagnostic attempt'] = await firstLoad(context, attempt, errors);
  } finally {
    await page.screenshot({ path: screenshotPath('bundle-teacher.png'), fullPage: true });
    await context.close();
  }
  assert.deepEqual(errors, [], 'the teacher saw page errors');

  const all = new Set([...files, ...Object.values(pages).flat()]);
  const fetchedOperatorOnly = [...all].filter((file) => OPERATOR_ONLY.has(file));
  assert.deepEqual(fetchedOperatorOnly, [], 'the teacher fetched chunks only operator pages need');
  assert.ok(!/role_links|school_aggregate/.test([...all].join(' ')), `a teacher fetched a staff part of the cabinet: ${[...all].join(', ')}`);

  const over = [];
  for (const [name, fetched] of Object.entries(pages)) {
    const code = [...new Set(fetched)].filter((file) => /\.(js|wasm)$/.test(file));
    assert.ok(code.includes('rost_bg.wasm'), `${name}: the main module was not loaded`);
    const total = code.reduce((sum, file) => sum + gzipSize(file), 0);
    console.log(`${name}: ${code.length} files, ${total} B gzip (${(total / 1024).toFixed(1)} KiB)`);
    if (total > FIRST_LOAD_BUDGET) over.push(`${name} ${total} B > ${FIRST_LOAD_BUDGET} B`);
  }
  assert.deepEqual(over, [], 'first loads over their limit, gzip');
});

test('an operator opens a lazy page by a link in the app, and it loads its chunk and works', async () => {
  const { context, page, files, errors } = await recordedPage();
  let before = 0;
  try {
    await login(page, server, 'khabarovsk', OPERATOR, PASSWORD);
    await waitForHydration(page);
    await page.locator('.cabinet nav.admin-links').first().waitFor();
    await page.waitForLoadState('networkidle');
    before = files.length;
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
  const navigation = files.slice(before);
  assert.ok(
    navigation.some((file) => /^split___people_route_view_\d+\.wasm$/.test(file)),
    `the people page's chunk was not fetched on the navigation: ${navigation.join(', ')}`,
  );
});
