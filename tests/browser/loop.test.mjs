// Issue 12's whole learning loop as one story, on a phone: a teacher finishes a diagnostic,
// accepts her route, replaces one course, completes a micro-course, uploads a document that a
// course administrator accepts in another browser, takes the re-test that this opens and reads
// the growth chart. Every page must fit 390 px and raise no page error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, startMailServer, launchBrowser, waitForHydration, screenshotPath, PHONE,
  registerAndConfirm, login, assertFitsWidth, answerMicroCheck, linkIn,
} from './harness.mjs';

const TEACHER = 'loop-teacher@school5.ru';
const ADMIN = 'loop-admin@khkiro.ru';
const PASSWORD = 'Маршрут-петля-2026';
const INSTRUMENT = 'Диагностика профессиональных дефицитов педагога';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
// The teacher is weak in exactly these: formative assessment, which the platform's micro-course
// K-041 develops, and reflection, which only courses of providers develop (K-017, K-018).
const WEAK = {
  'MET-2': 'Формирующее и критериальное оценивание',
  'COM-4': 'Рефлексия и саморазвитие',
};
const MICRO = 'Микрокурс «Формирующее оценивание на уроке»';
const PROPOSED = 'Профилактика профессионального выгорания и тайм-менеджмент педагога';
const CHOSEN = 'Рефлексивная практика: самоанализ урока и индивидуальный образовательный маршрут педагога';
let server;
let mail;
let browser;

before(async () => {
  mail = await startMailServer('loop');
  server = await startServer('loop', { ROST_SMTP_URL: mail.url });
  browser = await launchBrowser();
  const page = await browser.newPage();
  await registerAndConfirm(page, server, mail, TEACHER, PASSWORD, 'Учитель');
  await registerAndConfirm(page, server, mail, ADMIN, PASSWORD);
  await page.close();
  // Granting a role is not part of this story (the accounts tests cover it).
  server.sql(`insert into role_grants (tenant_id, user_id, role)
    select t.id, u.id, 'course_admin' from tenants t, users u
    where t.slug = 'khabarovsk' and u.email = '${ADMIN}'`);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  mail?.stop();
});

/** A signed-in browser profile of its own on a phone, recording every page error. */
async function session(email) {
  const context = await browser.newContext({ locale: 'ru-RU', viewport: PHONE });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${page.url()}: ${message.text()}`);
  });
  await login(page, server, 'khabarovsk', email, PASSWORD);
  await waitForHydration(page);
  return { context, page, problems };
}

/** The first e-mail to `recipient` that says `text`, once it has arrived. */
async function mailTo(recipient, text) {
  for (let count = 1; ; count++) {
    const found = (await mail.waitFor(recipient, count)).find((m) => m.includes(text));
    if (found) return found;
  }
}

/** Opens a page of the region and waits until it is interactive and fits the phone. */
async function open(page, path) {
  await page.goto(`${server.url}/r/khabarovsk${path}`);
  await waitForHydration(page);
}

/**
 * The keys of the items of the person's open attempt, by item id, with the competency each
 * item measures first: read from the database as the server scores them (the browser never
 * gets a key), so the teacher can answer as someone who knows all but `WEAK`.
 */
function diagnosticKeys(email) {
  const rows = server.sql(`
    select coalesce(json_agg(json_build_object('id', d.id, 'kind', i.body->>'kind', 'correct', i.body->'correct',
             'accepted', i.body->'accepted', 'competency', i.body->'competencies'->0->>'code')), '[]')
    from attempts a join users u on u.id = a.user_id
    cross join lateral jsonb_to_recordset(a.items) as d(id uuid, version int)
    join items i on i.tenant_id = a.tenant_id and i.id = d.id and i.version = d.version
    where u.email = '${email}' and a.finished_at is null`);
  return new Map(JSON.parse(rows).map((key) => [key.id, key]));
}

/** Answers every item of the open attempt: right, unless it measures one of `weak`. */
async function answerDiagnostic(page, weak) {
  const items = page.locator('li.item');
  await items.first().waitFor();
  const keys = diagnosticKeys(TEACHER);
  const total = await items.count();
  assert.equal(total, keys.size, 'every item on the page is one of the attempt');
  for (let n = 0; n < total; n++) {
    const item = items.nth(n);
    const key = keys.get(await item.getAttribute('data-item'));
    const right = !weak.includes(key.competency);
    const option = (index) => item.locator('label.option').filter({ has: page.locator(`input[value="${index}"]`) });
    if (key.kind === 'likert') {
      await item.getByText(right ? '5 — полностью про меня' : '1 — совсем не про меня').click();
    } else if (key.kind === 'short') {
      await item.locator('input[type=text]').fill(right ? key.accepted[0] : 'не знаю');
    } else if (right) {
      for (const index of key.correct) await option(index).click();
    } else {
      const count = await item.locator('label.option').count();
      const wrong = [...Array(count).keys()].find((i) => !key.correct.includes(i));
      await option(wrong).click();
    }
  }
  // Every answer reached the server before the attempt is finished.
  await page.waitForFunction(
    (n) => document.querySelectorAll('li.item .save-state[data-state=saved]').length === n, total, { timeout: 30_000 });
  await page.locator('.autosave[data-state=saved]').waitFor();
  await page.getByText(`Отвечено ${total} из ${total}`).waitFor();
  await assertFitsWidth(page);
  return total;
}

test('a teacher goes from a diagnostic through her route, a micro-course and a confirmed document to the re-test and her growth chart', async () => {
  const started = Date.now();
  const teacher = await session(TEACHER);
  const { page } = teacher;
  let admin;
  try {
    // 1. The diagnostic, from the cabinet: all right but the two weak competencies.
    const card = page.locator('li[data-instrument]', { hasText: INSTRUMENT });
    await card.getByRole('button', { name: 'Начать диагностику' }).click();
    await page.waitForURL('**/diagnostics/*');
    await waitForHydration(page);
    const first = await answerDiagnostic(page, Object.keys(WEAK));
    assert.equal(first, 66);
    await page.getByRole('button', { name: 'Завершить и получить результат' }).click();
    await page.waitForURL('**/result');
    await page.getByRole('heading', { name: 'Уровень компетенций относительно порогов' }).waitFor();
    await waitForHydration(page);
    const pronounced = page.locator('ol.deficits li.level-pronounced');
    assert.deepEqual((await pronounced.evaluateAll((li) => li.map((l) => l.dataset.competency))).sort(),
      Object.keys(WEAK).sort(), 'exactly the weak competencies are pronounced deficits');
    for (const title of Object.values(WEAK)) {
      await pronounced.filter({ hasText: title }).getByText('выраженный дефицит', { exact: false }).waitFor();
    }
    await page.screenshot({ path: screenshotPath('loop-1-result.png'), fullPage: true });

    // 2. The proposed route: the micro-course for MET-2 and a provider's course for COM-4.
    await page.getByRole('link', { name: 'Мой образовательный маршрут (ИОМ)' }).click();
    await page.waitForURL('**/route');
    await page.getByRole('heading', { name: 'Предлагаемый маршрут по результатам диагностики' }).waitFor();
    await waitForHydration(page);
    const courses = page.locator('article.route-course');
    // A card by its heading: a card's «Заменить на» list names other courses too.
    const course = (title) => courses.filter({ has: page.getByRole('heading', { name: title, exact: true }) });
    assert.deepEqual((await courses.locator('h4').allTextContents()).sort(), [PROPOSED, MICRO].sort());
    await course(MICRO).getByText(`закрывает: ${WEAK['MET-2']}`, { exact: false }).waitFor();
    await course(PROPOSED).getByText(`закрывает: ${WEAK['COM-4']}`, { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Принять маршрут' }).click();
    await page.getByRole('heading', { name: 'Ваш маршрут' }).waitFor();
    await assertFitsWidth(page);

    // 3. She owns the route: the burnout course gives way to reflective practice, which closes
    //    the same deficit.
    const proposed = course(PROPOSED);
    await proposed.getByLabel('Заменить на').selectOption({ label: CHOSEN });
    await proposed.getByRole('button', { name: 'Заменить', exact: true }).click();
    const chosen = course(CHOSEN);
    await chosen.getByText(`закрывает: ${WEAK['COM-4']}`, { exact: false }).waitFor();
    assert.equal(await course(PROPOSED).count(), 0);
    await page.locator('ul.route-history').getByText(`курс заменён: «${PROPOSED}» → «${CHOSEN}»`).waitFor();
    assert.equal(await courses.count(), 2);
    await assertFitsWidth(page);
    await page.screenshot({ path: screenshotPath('loop-2-route.png'), fullPage: true });

    // 4. The micro-course, from its card: four lessons, then the check, passed.
    await course(MICRO).getByRole('link', { name: 'Пройти на платформе' }).click();
    await page.getByRole('heading', { name: MICRO }).waitFor();
    await waitForHydration(page);
    for (let n = 1; n <= 4; n++) {
      await page.getByText(`Урок ${n} из 4`).waitFor();
      await assertFitsWidth(page);
      await page.getByRole('button', { name: n === 4 ? 'Прочитано, к проверке →' : 'Прочитано, дальше →' }).click();
    }
    await page.getByRole('heading', { name: 'Итоговая проверка' }).waitFor();
    await page.getByRole('button', { name: 'Начать проверку' }).click();
    await answerMicroCheck(page, server, true);
    await page.getByText('Результат: 100 %').waitFor();
    await page.getByText('Курс пройден и засчитан', { exact: false }).waitFor();
    await assertFitsWidth(page);

    await open(page, '/route');
    await course(MICRO).getByText('Состояние: пройден, 6 ч').waitFor();
    await page.getByText('Пройдено 1 из 2 курсов, 6 ч').first().waitFor();

    // 5. The provider's course: enrol, take it elsewhere, send the certificate.
    await chosen.getByText('Состояние: запланирован').waitFor();
    await chosen.getByRole('button', { name: 'Записаться' }).click();
    await chosen.getByText('Состояние: записан').waitFor();
    await chosen.locator('input[type=file]').setInputFiles({ name: 'удостоверение.pdf', mimeType: 'application/pdf', buffer: PDF });
    await chosen.getByRole('button', { name: 'Отправить документ' }).click();
    await page.waitForURL(/uploaded=/);
    await waitForHydration(page);
    await page.getByText('Документ отправлен администратору курсов на проверку.').waitFor();
    await chosen.getByText('Документ «удостоверение.pdf» на проверке.').waitFor();
    await page.screenshot({ path: screenshotPath('loop-3-uploaded.png'), fullPage: true });

    // 6. The course administrator, in another browser, accepts it from the queue.
    admin = await session(ADMIN);
    await admin.page.getByRole('link', { name: 'Записи и прохождение курсов' }).click();
    await admin.page.waitForURL('**/admin/enrolments');
    await waitForHydration(admin.page);
    const document = admin.page.locator('article.document').filter({ hasText: CHOSEN });
    await document.getByText('удостоверение.pdf').waitFor();
    assert.equal(await document.locator('input[name=hours]').inputValue(), '24');
    await document.getByRole('button', { name: 'Принять' }).click();
    await admin.page.getByText('Документов на проверке нет.').waitFor();
    await assertFitsWidth(admin.page);
    await admin.page.screenshot({ path: screenshotPath('loop-4-admin.png'), fullPage: true });
    assert.deepEqual(admin.problems, []);

    // 7. The route is complete, and that opened the re-test: she hears of it by e-mail.
    const opened = await mailTo(TEACHER, 'Вам открыта повторная диагностика');
    assert.ok(opened.includes(`«${INSTRUMENT}»`), 'the re-test e-mail names the diagnostic');
    assert.ok(mail.messagesTo(TEACHER).some((m) => m.includes('Прохождение курса подтверждено')));
    await open(page, '/route');
    await chosen.getByText('Состояние: пройден, 24 ч').waitFor();
    await page.getByText('Пройдено 2 из 2 курсов, 30 ч').first().waitFor();
    await page.screenshot({ path: screenshotPath('loop-5-route-done.png'), fullPage: true });

    // 8. The re-test, from the e-mail's link to the growth page: new items, all answered right.
    await page.goto(linkIn(opened, '/growth'));
    await waitForHydration(page);
    const growth = page.locator('section#growth');
    await growth.getByText(`Открыта повторная диагностика «${INSTRUMENT}»`, { exact: false }).waitFor();
    await assertFitsWidth(page);
    await growth.getByRole('button', { name: 'Пройти повторную диагностику' }).click();
    await page.waitForURL('**/diagnostics/*');
    await waitForHydration(page);
    const seen = server.sql(`select count(*) from attempts a join users u on u.id = a.user_id
      where u.email = '${TEACHER}' and a.finished_at is null
        and a.item_ids && (select item_ids from attempts p where p.user_id = u.id and p.finished_at is not null)`);
    assert.equal(seen, '0', 'the re-test repeats no item of the first diagnostic');
    await answerDiagnostic(page, []);
    await page.getByRole('button', { name: 'Завершить и получить результат' }).click();
    await page.waitForURL('**/result');
    await waitForHydration(page);

    // 9. The growth report: before and after for every competency, both deficits closed.
    await open(page, '/growth');
    await growth.getByRole('link', { name: /Отчёт о росте/ }).click();
    await page.getByRole('heading', { name: 'Отчёт о росте' }).waitFor();
    await waitForHydration(page);
    const chart = page.locator('svg.growth-chart');
    await chart.waitFor();
    assert.equal(await chart.locator('title').first().textContent(), 'Уровень компетенций до и после');
    const rows = chart.locator('g[data-competency]');
    assert.ok(await rows.count() >= 20, `${await rows.count()} competencies on the chart`);
    for (const code of Object.keys(WEAK)) {
      const row = chart.locator(`g[data-competency="${code}"]`);
      await row.locator('circle.before').waitFor();
      await row.locator('circle.after').waitFor();
    }
    const closed = page.locator('ul.growth-list.closed li');
    assert.deepEqual((await closed.evaluateAll((li) => li.map((l) => l.dataset.competency))).sort(),
      Object.keys(WEAK).sort(), 'both deficits closed');
    for (const title of Object.values(WEAK)) {
      await closed.filter({ hasText: title }).getByText('стало 100 %', { exact: false }).waitFor();
    }
    await page.getByText('Выраженных дефицитов не осталось.').waitFor();
    // Nothing is left to propose a new route for, so the report does not offer one.
    assert.equal(await page.getByRole('heading', { name: 'Новый маршрут для оставшихся дефицитов' }).count(), 0);
    await assertFitsWidth(page);
    await page.screenshot({ path: screenshotPath('loop-6-growth.png'), fullPage: true });
    assert.deepEqual(teacher.problems, []);
  } finally {
    await admin?.context.close();
    await teacher.context.close();
    console.log(`the loop took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
});
