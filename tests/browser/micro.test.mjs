// A teacher takes a micro-course on a phone: reads the lessons one at a time, fails the check,
// retakes it with a new draw and passes; the course is then completed on its own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, startMailServer, launchBrowser, waitForHydration, screenshotPath,
  registerAndConfirm, login, assertFitsWidth,
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

/**
 * The texts of the right (or one wrong) option of each item of the person's latest check, read
 * from the database as the server scores them: the browser itself never gets a key.
 */
function checkKeys(right) {
  const rows = server.sql(`
    select coalesce(json_agg(json_build_object('stem', i.body->>'stem', 'kind', i.body->>'kind',
             'options', i.body->'options', 'correct', i.body->'correct', 'accepted', i.body->'accepted')), '[]')
    from micro_attempts a cross join lateral jsonb_to_recordset(a.drawn) as d(id uuid, version int)
    join items i on i.tenant_id = a.tenant_id and i.id = d.id and i.version = d.version
    where a.id = (select id from micro_attempts order by started_at desc limit 1)`);
  return JSON.parse(rows).map((item) => {
    if (item.kind === 'short') return { ...item, texts: [right ? item.accepted[0] : 'не знаю'] };
    const indices = right
      ? item.correct
      : [item.options.findIndex((_, i) => !item.correct.includes(i))];
    return { ...item, texts: indices.map((i) => item.options[i]) };
  });
}

async function answerCheck(page, right) {
  await page.locator('.check-items li.item').first().waitFor();
  const keys = checkKeys(right);
  const items = page.locator('.check-items li.item');
  assert.equal(await items.count(), keys.length);
  for (const key of keys) {
    const item = items.filter({ has: page.getByText(key.stem, { exact: true }) });
    if (key.kind === 'short') {
      await item.locator('input[type=text]').fill(key.texts[0]);
    } else {
      for (const text of key.texts) {
        await item.locator('label.option').filter({ has: page.getByText(text, { exact: true }) }).click();
      }
    }
  }
  await assertFitsWidth(page);
  await page.getByRole('button', { name: 'Отправить ответы' }).click();
}

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
    // Reading is saved: a reload opens the check, every lesson marked read.
    await page.reload();
    await waitForHydration(page);
    await page.getByRole('heading', { name: 'Итоговая проверка' }).waitFor();
    assert.equal(await page.locator('.lesson-list .badge').count(), 4);

    await page.getByRole('button', { name: 'Начать проверку' }).click();
    await answerCheck(page, false);
    await page.getByText('Результат: 0 %').waitFor();
    await page.getByText('Пока не засчитано: нужно не меньше 80 %', { exact: false }).waitFor();

    await page.getByRole('button', { name: 'Пройти проверку заново' }).click();
    await answerCheck(page, true);
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
