import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import pngjs from 'pngjs';
import {
  startServer, startMailServer, launchBrowser, waitForHydration, registerAndConfirm, login, assertFitsWidth,
  newSession, linkIn, PHONE,
} from './harness.mjs';

const { PNG } = pngjs;
const decodeQr = jsQR.default ?? jsQR;

const ADMIN = 'sertifikaty@khkiro.ru';
const TEACHER = 'ivanova@school5.ru';
const SECOND = 'petrov@school5.ru';
const PASSWORD = 'Сертификат-2026-пароль';
let server;
let mail;
let browser;

before(async () => {
  mail = await startMailServer('certificates');
  server = await startServer('certificates', { ROST_SMTP_URL: mail.url });
  browser = await launchBrowser();
  const page = await browser.newPage();
  await registerAndConfirm(page, server, mail, ADMIN, PASSWORD);
  await registerAndConfirm(page, server, mail, TEACHER, PASSWORD, 'Учитель');
  await registerAndConfirm(page, server, mail, SECOND, PASSWORD, 'Учитель');
  await page.close();
  // What the learning loop and the people page produce: a certificate administrator, and two
  // teachers whose one-course route is completed and whose first diagnostic's deficit closed
  // on the re-test (the default rule).
  server.sql(`
    insert into role_grants (tenant_id, user_id, role)
      select t.id, u.id, 'certificate_admin' from tenants t, users u where t.slug = 'khabarovsk' and u.email = '${ADMIN}';
    update users set full_name = 'Иванова Мария Петровна' where email = '${TEACHER}';
    update users set full_name = 'Петров Пётр Ильич' where email = '${SECOND}';
    insert into courses (tenant_id, code, title, provider, kind, format, hours)
      select id, 'CERT-BROWSER', 'Формирующее оценивание', 'ХК ИРО', 'soft', 'дистанционно', 72 from tenants where slug = 'khabarovsk';`);
  for (const email of [TEACHER, SECOND]) graduate(email);
});

/** A diagnostic result with one competency at `score`, as stored in `attempts.result`. */
function result(score) {
  const level = score < 0.6 ? 'pronounced' : 'minimal';
  return JSON.stringify({
    points: 0, max_points: 0, thresholds: { low: 0.6, high: 0.8 },
    competencies: [{ code: 'MET-2', title: 'Формирующее и критериальное оценивание', area: 'MET', score, level, description: '', deficit_meaning: '' }],
    deficits: score < 0.6 ? ['MET-2'] : [],
  });
}

/** The first diagnostic with a deficit, its closing re-test, and the completed one-course route. */
function graduate(email) {
  server.sql(`
    with t as (select id from tenants where slug = 'khabarovsk'),
         u as (select id from users where email = '${email}'),
         c as (select c.id, c.tenant_id from courses c, t where c.tenant_id = t.id and c.code = 'CERT-BROWSER'),
         i as (select i.id from instruments i, t where i.tenant_id = t.id order by i.title limit 1),
         b as (insert into attempts (tenant_id, instrument_id, user_id, item_ids, items, finished_at, finished_by, result)
               select t.id, i.id, u.id, '{}', '[]', now() - interval '30 days', 'person', '${result(0.3)}' from t, i, u
               returning id, instrument_id, tenant_id, user_id),
         a as (insert into attempts (tenant_id, instrument_id, user_id, item_ids, items, finished_at, finished_by, result, retest_of)
               select b.tenant_id, b.instrument_id, b.user_id, '{}', '[]', now() - interval '1 day', 'person', '${result(0.9)}', b.id from b),
         r as (insert into routes (tenant_id, user_id, attempt_id) select b.tenant_id, b.user_id, b.id from b returning id, tenant_id),
         ri as (insert into route_items (tenant_id, route_id, course_id, position) select r.tenant_id, r.id, c.id, 0 from r, c)
    insert into enrolments (tenant_id, course_id, user_id, status, completed_via, completed_on, hours)
      select c.tenant_id, c.id, u.id, 'completed', 'admin', date '2026-11-20', 72 from c, u;`);
}

after(async () => {
  await browser?.close();
  await server?.stop();
  mail?.stop();
});

async function session() {
  return newSession(browser, { viewport: PHONE });
}

/** A 64 × 32 PNG logo: a blue band on white. */
function logoPng() {
  const png = new PNG({ width: 64, height: 32 });
  for (let i = 0; i < 64 * 32; i++) {
    const blue = (i % 64) > 8 && (i % 64) < 56;
    png.data.set(blue ? [30, 70, 140, 255] : [255, 255, 255, 255], i * 4);
  }
  return PNG.sync.write(png);
}

/** The URL in the QR code of the PDF's page: rasterised by pdftoppm, decoded by jsQR. */
function qrOf(pdf) {
  const dir = mkdtempSync(path.join(tmpdir(), 'certificate-'));
  try {
    writeFileSync(path.join(dir, 'c.pdf'), pdf);
    execFileSync('pdftoppm', ['-png', '-r', '150', '-singlefile', path.join(dir, 'c.pdf'), path.join(dir, 'page')]);
    const png = PNG.sync.read(readFileSync(path.join(dir, 'page.png')));
    const code = decodeQr(new Uint8ClampedArray(png.data), png.width, png.height);
    assert.ok(code, 'a QR code on the page');
    return code.data;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The e-mail «Вам выдан сертификат» to `email`, once it arrives. */
async function certificateMail(email) {
  for (let n = 1; ; n++) {
    const found = (await mail.waitFor(email, n)).find((m) => m.includes('Вам выдан сертификат'));
    if (found) return found;
  }
}

test('an administrator issues in bulk; the teacher downloads the PDF, its QR code says «действителен», a tampered file is told', async () => {
  const admin = await session();
  try {
    await login(admin.page, server, 'khabarovsk', ADMIN, PASSWORD);
    await waitForHydration(admin.page);
    await admin.page.locator('nav.admin-links').getByRole('link', { name: 'Сертификаты', exact: true }).click();
    await admin.page.getByRole('heading', { name: 'Очередь на выдачу' }).waitFor();
    await waitForHydration(admin.page);
    // The region's logo, checked by content on the server and drawn on the certificates.
    await admin.page.locator('form.logo-form input[type=file]').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: logoPng() });
    await admin.page.getByRole('button', { name: 'Загрузить логотип' }).click();
    await admin.page.getByText('Логотип сохранён.').waitFor();
    await admin.page.getByText('Сейчас на сертификате логотип: PNG').waitFor();
    await waitForHydration(admin.page);
    const person = admin.page.locator('ul.queue li', { hasText: 'Иванова Мария Петровна' });
    await person.getByText('72 ч', { exact: false }).waitFor();
    await person.getByText('Формирующее и критериальное оценивание: 30 % → 90 %').waitFor();
    await admin.page.getByRole('button', { name: 'Выдать всем в очереди (2)' }).click();
    await admin.page.locator('.job-progress').waitFor();
    // The job runs on the server: leaving the page and coming back shows it from the database.
    await admin.page.goto(`${server.url}/r/khabarovsk/admin/certificates/registry`);
    await waitForHydration(admin.page);
    await admin.page.goto(`${server.url}/r/khabarovsk/admin/certificates`);
    await waitForHydration(admin.page);
    await admin.page.locator('.job-progress[data-finished=true]').waitFor({ timeout: 30_000 });
    assert.match(await admin.page.locator('.job-progress').innerText(), /завершена\. Выдано: 2 \/ 2/);
    await assertFitsWidth(admin.page);
    await admin.page.getByText('Сейчас никто не ожидает сертификата').waitFor();
    // A job someone started for a person the rule does not make eligible: its failure and the
    // reason are on the page at the next open.
    server.sql(`
      with t as (select id from tenants where slug = 'khabarovsk'),
           j as (insert into certificate_jobs (tenant_id) select id from t returning id, tenant_id)
      insert into certificate_job_items (tenant_id, job_id, user_id)
        select j.tenant_id, j.id, u.id from j, users u where u.email = '${ADMIN}';`);
    await admin.page.reload();
    await waitForHydration(admin.page);
    const failed = admin.page.locator('.job-progress[data-finished=true]', { hasText: 'Выдано: 0 / 1, Не выдано: 1' });
    await failed.waitFor({ timeout: 30_000 });
    assert.match(await failed.innerText(), /Не соответствует действующему правилу выдачи/);
    await admin.page.goto(`${server.url}/r/khabarovsk/admin/certificates/registry`);
    await waitForHydration(admin.page);
    const numbers = await admin.page.locator('li.certificate').evaluateAll((items) => items.map((li) => li.dataset.number));
    assert.deepEqual(numbers.map((n) => n.slice(-6)).sort(), ['000001', '000002'], 'consecutive numbers');
    assert.deepEqual(admin.problems, []);
  } finally {
    await admin.context.close();
  }

  const letter = await certificateMail(TEACHER);
  const link = linkIn(letter, '/verify/');
  const number = link.split('/verify/')[1];
  assert.match(number, /^27-\d{4}-00000[12]$/);
  const teacher = await session();
  let pdf;
  try {
    await teacher.page.goto(link);
    await teacher.page.getByText('Сертификат действителен').waitFor();
    await login(teacher.page, server, 'khabarovsk', TEACHER, PASSWORD);
    await waitForHydration(teacher.page);
    await teacher.page.getByRole('link', { name: 'Мои сертификаты' }).click();
    await teacher.page.waitForURL('**/r/khabarovsk/certificates');
    await waitForHydration(teacher.page);
    const mine = teacher.page.locator('#certificates li', { hasText: number });
    const [download] = await Promise.all([
      teacher.page.waitForEvent('download'),
      mine.getByRole('link', { name: 'PDF' }).click(),
    ]);
    pdf = readFileSync(await download.path());
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.match(execFileSync('pdfimages', ['-list', await download.path()]).toString(), /\s64\s+32\s+rgb/, 'the logo on the certificate');
    await assertFitsWidth(teacher.page);
    assert.deepEqual(teacher.problems, []);
  } finally {
    await teacher.context.close();
  }
  const scanned = qrOf(pdf);
  assert.equal(scanned, link, 'the QR code leads to the verification page of the number');

  const visitor = await session();
  try {
    await visitor.page.goto(scanned);
    // A plain page: no WebAssembly is loaded for it.
    assert.equal(await visitor.page.locator('script[type=module], link[rel=modulepreload]').count(), 0);
    await visitor.page.getByText('Сертификат действителен').waitFor();
    assert.match(await visitor.page.locator('dd.holder').innerText(), /^Ив\*\*\* М\. П\.$/);
    const tampered = Buffer.from(pdf);
    tampered[Math.floor(tampered.length / 2)] ^= 1;
    await visitor.page.locator('input[type=file]').setInputFiles({ name: 'certificate.pdf', mimeType: 'application/pdf', buffer: tampered });
    await visitor.page.getByRole('button', { name: 'Проверить файл' }).click();
    await visitor.page.getByText('не совпадает с выданным', { exact: false }).waitFor();
    await visitor.page.locator('input[type=file]').setInputFiles({ name: 'certificate.pdf', mimeType: 'application/pdf', buffer: pdf });
    await visitor.page.getByRole('button', { name: 'Проверить файл' }).click();
    await visitor.page.getByText('Файл подлинный', { exact: false }).waitFor();
    await assertFitsWidth(visitor.page);
    assert.deepEqual(visitor.problems, []);
  } finally {
    await visitor.context.close();
  }
});
