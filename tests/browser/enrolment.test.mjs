// Enrolment and completion by document (issue 12): a teacher enrols in a course of her route
// and uploads a certificate; a course administrator, in another browser, accepts it; the
// teacher sees the course done with its hours, on the route and in her cabinet.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, startMailServer, launchBrowser, waitForHydration, screenshotPath,
  registerAndConfirm, login, assertFitsWidth,
  newSession, PHONE,
} from './harness.mjs';

const OPERATOR = 'enrol-operator@khkiro.ru';
const TEACHER = 'enrol-teacher@school5.ru';
const ADMIN = 'enrol-admin@khkiro.ru';
const PASSWORD = 'Курсы-проверка-2026';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
let server;
let mail;
let browser;

/** A finished diagnostic with a pronounced deficit in PSY-1, so the route proposes a course of
 * a provider (no micro-course of the platform develops it). */
function finishedDiagnostic(email) {
  const result = JSON.stringify({
    points: 2, max_points: 10, thresholds: { low: 0.6, high: 0.8 },
    competencies: [{
      code: 'PSY-1', title: 'Учёт возрастных особенностей', area: 'Психолого-педагогическая', score: 0.2,
      level: 'pronounced', description: '', deficit_meaning: '',
    }],
    deficits: ['PSY-1'],
  });
  server.sql(`insert into attempts (tenant_id, instrument_id, user_id, item_ids, items, finished_at, finished_by, result)
    select t.id, (select i.id from instruments i where i.tenant_id = t.id order by i.created_at limit 1),
           u.id, '{}', '[]', now(), 'person', '${result}'::jsonb
    from tenants t, users u where t.slug = 'khabarovsk' and u.email = '${email}'`);
}

before(async () => {
  mail = await startMailServer('enrolment');
  const env = { ROST_SMTP_URL: mail.url, ROST_BOOTSTRAP_OPERATORS: `khabarovsk:${OPERATOR}` };
  server = await startServer('enrolment', env);
  browser = await launchBrowser();
  const page = await browser.newPage();
  await registerAndConfirm(page, server, mail, OPERATOR, PASSWORD);
  await registerAndConfirm(page, server, mail, TEACHER, PASSWORD, 'Учитель');
  await registerAndConfirm(page, server, mail, ADMIN, PASSWORD);
  await page.close();
  await server.stop();
  server = await startServer('enrolment', env, { keepData: true });
  server.sql(`insert into role_grants (tenant_id, user_id, role)
    select t.id, u.id, 'course_admin' from tenants t, users u
    where t.slug = 'khabarovsk' and u.email = '${ADMIN}'`);
  finishedDiagnostic(TEACHER);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  mail?.stop();
});

async function session(email) {
  const signedIn = await newSession(browser, { viewport: PHONE });
  await login(signedIn.page, server, 'khabarovsk', email, PASSWORD);
  return signedIn;
}

test('a teacher enrols from her route, a course administrator accepts her document, and the course is done with its hours', async () => {
  const teacher = await session(TEACHER);
  const { page } = teacher;
  await page.goto(`${server.url}/r/khabarovsk/route`);
  await waitForHydration(page);
  // A course of a provider: micro-courses of the platform are completed by their own check.
  const card = page.locator('article.route-course').filter({ hasNot: page.locator('.badge') }).first();
  const title = (await card.locator('h4').textContent()).trim();
  await card.getByText('Состояние: запланирован').waitFor();
  await card.getByRole('button', { name: 'Записаться' }).click();
  await card.getByText('Состояние: записан').waitFor();
  await mail.waitFor(TEACHER, 2); // the confirmation of the address, then the enrolment
  assert.ok(mail.messagesTo(TEACHER).some((m) => m.includes('Вы записаны на курс')));

  // The certificate: a plain form post; the page comes back with the outcome.
  await card.locator('input[type=file]').setInputFiles({ name: 'удостоверение.pdf', mimeType: 'application/pdf', buffer: PDF });
  await card.getByRole('button', { name: 'Отправить документ' }).click();
  await page.waitForURL(/uploaded=/);
  await waitForHydration(page);
  await page.getByText('Документ отправлен администратору курсов на проверку.').waitFor();
  await page.getByText('Документ «удостоверение.pdf» на проверке.').waitFor();
  await page.screenshot({ path: screenshotPath('enrolment-teacher-uploaded.png'), fullPage: true });

  // The course administrator, in another browser, finds it from the cabinet and accepts it.
  const admin = await session(ADMIN);
  await admin.page.getByRole('link', { name: 'Записи и прохождение курсов' }).click();
  await admin.page.waitForURL('**/admin/enrolments');
  await waitForHydration(admin.page);
  const document = admin.page.locator('article.document').filter({ hasText: title });
  await document.getByText('удостоверение.pdf').waitFor();
  await admin.page.screenshot({ path: screenshotPath('enrolment-admin-queue.png'), fullPage: true });
  const hours = await document.locator('input[name=hours]').inputValue();
  await document.getByRole('button', { name: 'Принять' }).click();
  await admin.page.getByText('Документов на проверке нет.').waitFor();
  await assertFitsWidth(admin.page);

  // The teacher sees the course done with its hours, on the route and in the cabinet.
  await page.goto(`${server.url}/r/khabarovsk/route`);
  await waitForHydration(page);
  await page.locator('article.route-course').filter({ hasText: title }).getByText(`Состояние: пройден, ${hours} ч`).waitFor();
  await page.getByText(new RegExp(`Пройдено 1 из \\d+ курсов, ${hours} ч`)).first().waitFor();
  await page.screenshot({ path: screenshotPath('enrolment-teacher-done.png'), fullPage: true });
  await page.goto(`${server.url}/r/khabarovsk/cabinet`);
  await waitForHydration(page);
  await page.locator('#route').getByText(new RegExp(`Пройдено 1 из \\d+ курсов, ${hours} ч`)).waitFor();
  assert.ok(mail.messagesTo(TEACHER).some((m) => m.includes('Прохождение курса подтверждено')));

  assert.deepEqual(teacher.problems, []);
  assert.deepEqual(admin.problems, []);
  await teacher.context.close();
  await admin.context.close();
});
