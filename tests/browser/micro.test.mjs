// A teacher takes a micro-course on a phone: reads the lessons one at a time, fails the check,
// retakes it with a new draw and passes; the course is then completed on its own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, startMailServer, launchBrowser, waitForHydration, screenshotPath,
  registerAndConfirm, login, assertFitsWidth, answerMicroCheck,
} from './harness.mjs';

const TEACHER = 'mikrokurs@school5.ru';
const PASSWORD = 'Микрокурс-2026-пароль';
let server;
let mail;
let browser;

before(async () => {
  mail = await startMailServer('micro');
  server = await startServer('micro', { ROST_SMTP_URL: mail.url });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  mail?.stop();
});

test('a teacher reads the lessons, fails the check, retakes it and completes the micro-course', async () => {
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  try {
    await registerAndConfirm(page, server, mail, TEACHER, PASSWORD, 'Учитель');
    await login(page, server, 'khabarovsk', TEACHER, PASSWORD);
    const course = server.sql(`select c.id from courses c join tenants t on t.id = c.tenant_id
                               where t.slug = 'khabarovsk' and c.code = 'K-041'`);
    await page.goto(`${server.url}/r/khabarovsk/learn/${course}`);
    await page.getByRole('heading', { name: 'Микрокурс «Формирующее оценивание на уроке»' }).waitFor();
    await waitForHydration(page);

    // Four lessons, one at a time; each «дальше» marks the lesson read.
    const lessons = ['Что такое формирующее оценивание и зачем оно учителю',
      'Цели и критерии: ученик знает, куда идёт', 'Приёмы проверки понимания на уроке',
      'Обратная связь, самооценивание и взаимооценивание'];
    for (const [n, title] of lessons.entries()) {
      await page.getByRole('heading', { name: title }).waitFor();
      await page.getByText(`Урок ${n + 1} из 4`).waitFor();
      await assertFitsWidth(page);
      if (n === 1) await page.screenshot({ path: screenshotPath('micro-lesson.png'), fullPage: true });
      const next = n === 3 ? 'Прочитано, к проверке →' : 'Прочитано, дальше →';
      await page.getByRole('button', { name: next }).click();
    }
    // The check opens once every lesson is saved as read (its button is enabled then); a
    // reload before that could lose the last mark on a busy machine.
    await page.waitForFunction(() => [...document.querySelectorAll('button')]
      .some((b) => b.textContent.includes('Начать проверку') && !b.disabled));
    // Reading is saved: a reload opens the check, every lesson marked read.
    await page.reload();
    await waitForHydration(page);
    await page.getByRole('heading', { name: 'Итоговая проверка' }).waitFor();
    assert.equal(await page.locator('.lesson-list .badge').count(), 4);

    await page.getByRole('button', { name: 'Начать проверку' }).click();
    await answerMicroCheck(page, server, false);
    await page.getByText('Результат: 0 %').waitFor();
    await page.getByText('Пока не засчитано: нужно не меньше 80 %', { exact: false }).waitFor();

    await page.getByRole('button', { name: 'Пройти проверку заново' }).click();
    await answerMicroCheck(page, server, true);
    await page.getByText('Результат: 100 %').waitFor();
    await page.getByText('Курс пройден и засчитан', { exact: false }).waitFor();
    await assertFitsWidth(page);
    await page.screenshot({ path: screenshotPath('micro-passed.png'), fullPage: true });

    const enrolment = server.sql(`select e.status || ' ' || e.completed_via || ' ' || e.hours
                                  from enrolments e join users u on u.id = e.user_id where u.email = '${TEACHER}'`);
    assert.equal(enrolment, 'completed micro 6');
    // Coming back later, the page says the course is done.
    await page.reload();
    await waitForHydration(page);
    await page.getByText('Курс пройден и засчитан', { exact: false }).first().waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the teacher opens her route to the school director, who reads it, until she closes it', async () => {
  const DIRECTOR = 'direktor@school5.ru';
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  try {
    await registerAndConfirm(page, server, mail, DIRECTOR, PASSWORD, 'Директор');
    // Arranged in the database: both confirmed in their school, and the teacher's finished
    // diagnostic with her accepted route (the diagnostics test walks through those pages).
    server.sql(`
      update memberships set school_status = 'confirmed'
      where user_id in (select id from users where email in ('${TEACHER}', '${DIRECTOR}'));
      with t as (select id from tenants where slug = 'khabarovsk'),
           u as (select id from users where email = '${TEACHER}'),
           a as (insert into attempts (tenant_id, instrument_id, user_id, item_ids, items, finished_at, finished_by, result)
                 select t.id, (select i.id from instruments i where i.tenant_id = t.id limit 1), u.id, '{}', '[]', now(), 'person',
                        '{"points": 0, "max_points": 1, "thresholds": {"low": 0.6, "high": 0.8}, "deficits": ["MET-2"],
                          "competencies": [{"code": "MET-2", "title": "Формирующее и критериальное оценивание",
                            "area": "Методика", "score": 0.0, "level": "pronounced", "description": "", "deficit_meaning": ""}]}'
                 from t, u returning tenant_id, id, user_id),
           r as (insert into routes (tenant_id, user_id, attempt_id) select tenant_id, user_id, id from a returning tenant_id, id)
      insert into route_items (tenant_id, route_id, course_id, position, covers)
      select r.tenant_id, r.id, c.id, 1, '[{"code": "MET-2", "title": "Формирующее и критериальное оценивание", "score": 0.0}]'
      from r join courses c on c.tenant_id = r.tenant_id and c.code = 'K-041'`);

    await login(page, server, 'khabarovsk', TEACHER, PASSWORD);
    await page.goto(`${server.url}/r/khabarovsk/route`);
    await page.getByRole('heading', { name: 'Кому показать маршрут' }).waitFor();
    await waitForHydration(page);
    const course = page.locator('article.route-course').filter({ hasText: 'Формирующее оценивание на уроке' });
    await course.getByRole('link', { name: 'Пройти на платформе' }).waitFor();
    const share = page.locator('section.share li').filter({ hasText: 'Директор' });
    await share.getByRole('button', { name: 'Показать' }).click();
    await share.getByText('видит маршрут').waitFor();
    await assertFitsWidth(page);
    await page.screenshot({ path: screenshotPath('route-shared.png'), fullPage: true });

    const director = await browser.newContext({ locale: 'ru-RU', viewport: { width: 390, height: 844 } });
    const reader = await director.newPage();
    reader.on('pageerror', (error) => problems.push(error.message));
    await login(reader, server, 'khabarovsk', DIRECTOR, PASSWORD);
    await reader.getByRole('link', { name: 'Маршруты коллег, открытые вам' }).click();
    await reader.getByRole('heading', { name: 'Маршруты коллег' }).waitFor();
    await reader.getByText('Микрокурс «Формирующее оценивание на уроке»').waitFor();
    await reader.getByText('пройден', { exact: true }).waitFor();
    await assertFitsWidth(reader);

    await share.getByRole('button', { name: 'Закрыть доступ' }).click();
    await share.getByRole('button', { name: 'Показать' }).waitFor();
    await reader.reload();
    await waitForHydration(reader);
    await reader.getByText('Пока никто не открыл вам свой маршрут.').waitFor();
    await director.close();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('an operator downloads the catalogue and a file with a bad row is refused by row and column', async () => {
  const OPERATOR = 'katalog@khkiro.ru';
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 390, height: 844 }, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  try {
    await registerAndConfirm(page, server, mail, OPERATOR, PASSWORD);
    server.sql(`insert into role_grants (tenant_id, user_id, role)
                select t.id, u.id, 'regional_operator' from tenants t, users u
                where t.slug = 'khabarovsk' and u.email = '${OPERATOR}'`);
    await login(page, server, 'khabarovsk', OPERATOR, PASSWORD);
    await page.goto(`${server.url}/r/khabarovsk/admin/courses`);
    await page.getByRole('heading', { name: 'Каталог курсов' }).waitFor();
    await waitForHydration(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Скачать каталог (XLSX)' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'каталог-курсов.xlsx');

    const csv = 'Код курса;Название;Организатор;Вид курса (soft, subject, management);Форма обучения;Объём, часов;Компетенции с весами\n'
      + 'NEW-1;Новый курс;ИРО;soft;дистанционно;24;MET-2: 1\n'
      + 'NEW-2;Ещё курс;ИРО;soft;дистанционно;24;XYZ-9: 1\n';
    await page.getByLabel('Загрузить каталог из файла').setInputFiles({
      name: 'catalogue.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8'),
    });
    await page.getByRole('button', { name: 'Загрузить', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Строка 3, столбец «Компетенции с весами»' }).waitFor();
    await waitForHydration(page);
    assert.equal(server.sql(`select count(*) from courses where code in ('NEW-1', 'NEW-2')`), '0');
    // The platform course's entry leads to its micro-course.
    await page.locator('details.course').filter({ hasText: 'K-041' }).locator('summary').click();
    await page.locator('details.course').filter({ hasText: 'K-041' }).getByRole('link', { name: 'Пройти на платформе' }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
