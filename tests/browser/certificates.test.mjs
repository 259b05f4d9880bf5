import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, startMailServer, launchBrowser, waitForHydration, registerAndConfirm, login, assertFitsWidth,
  newSession, PHONE,
} from './harness.mjs';

const ADMIN = 'sertifikaty@khkiro.ru';
const TEACHER = 'ivanova@school5.ru';
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
  await page.close();
  // What the learning loop and the people page produce: a certificate administrator, and a
  // teacher whose one-course route is completed.
  server.sql(`
    insert into role_grants (tenant_id, user_id, role)
      select t.id, u.id, 'certificate_admin' from tenants t, users u where t.slug = 'khabarovsk' and u.email = '${ADMIN}';
    update users set full_name = 'Иванова Мария Петровна' where email = '${TEACHER}';
    with t as (select id from tenants where slug = 'khabarovsk'),
         u as (select id from users where email = '${TEACHER}'),
         c as (insert into courses (tenant_id, code, title, provider, kind, format, hours)
               select t.id, 'CERT-BROWSER', 'Формирующее оценивание', 'ХК ИРО', 'soft', 'дистанционно', 72 from t returning id, tenant_id),
         r as (insert into routes (tenant_id, user_id) select t.id, u.id from t, u returning id, tenant_id),
         i as (insert into route_items (tenant_id, route_id, course_id, position) select r.tenant_id, r.id, c.id, 0 from r, c)
    insert into enrolments (tenant_id, course_id, user_id, status, completed_via, completed_on, hours)
      select c.tenant_id, c.id, u.id, 'completed', 'admin', date '2026-11-20', 72 from c, u;`);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  mail?.stop();
});

async function session() {
  return newSession(browser, { viewport: PHONE });
}

test('an administrator issues a certificate; the public page says it is valid and tells a tampered file', async () => {
  const admin = await session();
  let number;
  try {
    await login(admin.page, server, 'khabarovsk', ADMIN, PASSWORD);
    await waitForHydration(admin.page);
    await admin.page.locator('nav.admin-links').getByRole('link', { name: 'Сертификаты', exact: true }).click();
    await admin.page.getByRole('heading', { name: 'Очередь на выдачу' }).waitFor();
    await waitForHydration(admin.page);
    const person = admin.page.locator('ul.queue li', { hasText: 'Иванова Мария Петровна' });
    await person.getByText('72 ч', { exact: false }).waitFor();
    await person.getByRole('button', { name: 'Выдать' }).click();
    await admin.page.locator('.job-progress[data-finished=true]').waitFor({ timeout: 30_000 });
    assert.match(await admin.page.locator('.job-progress').innerText(), /Выдано: 1 \/ 1/);
    await assertFitsWidth(admin.page);
    await admin.page.goto(`${server.url}/r/khabarovsk/admin/certificates/registry`);
    await waitForHydration(admin.page);
    number = await admin.page.locator('li.certificate').first().getAttribute('data-number');
    assert.match(number, /^27-\d{4}-000001$/);
    assert.deepEqual(admin.problems, []);
  } finally {
    await admin.context.close();
  }
  const [message] = await mail.waitFor(TEACHER, 2);
  assert.ok(message.includes('Вам выдан сертификат') || (await mail.waitFor(TEACHER, 2)).some((m) => m.includes('Вам выдан сертификат')));

  const visitor = await session();
  try {
    await visitor.page.goto(`${server.url}/verify/${number}`);
    await waitForHydration(visitor.page);
    await visitor.page.getByText('Сертификат действителен').waitFor();
    assert.match(await visitor.page.locator('dd.holder').innerText(), /^Ив\*\*\* М\. П\.$/);
    const issued = Buffer.from(server.sql(`select encode(pdf, 'base64') from certificates where number = '${number}'`).replace(/\s/g, ''), 'base64');
    const tampered = Buffer.from(issued);
    tampered[Math.floor(tampered.length / 2)] ^= 1;
    await visitor.page.locator('input[type=file]').setInputFiles({ name: 'certificate.pdf', mimeType: 'application/pdf', buffer: tampered });
    await visitor.page.getByRole('button', { name: 'Проверить файл' }).click();
    await visitor.page.getByText('не совпадает с выданным', { exact: false }).waitFor();
    await waitForHydration(visitor.page);
    await visitor.page.locator('input[type=file]').setInputFiles({ name: 'certificate.pdf', mimeType: 'application/pdf', buffer: issued });
    await visitor.page.getByRole('button', { name: 'Проверить файл' }).click();
    await visitor.page.getByText('Файл подлинный', { exact: false }).waitFor();
    await assertFitsWidth(visitor.page);
    assert.deepEqual(visitor.problems, []);
  } finally {
    await visitor.context.close();
  }
});
