import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, startMailServer, launchBrowser, waitForHydration, screenshotPath,
  registerAndConfirm, login, assertFitsWidth, linkIn,
  newSession,
} from './harness.mjs';

const OPERATOR = 'growth-operator@khkiro.ru';
const TEACHER = 'growth-teacher@school5.ru';
const PASSWORD = 'Рост-повторно-2026-пароль';
const INSTRUMENT = 'Диагностика профессиональных дефицитов педагога';
let server;
let mail;
let browser;

before(async () => {
  mail = await startMailServer('growth');
  const env = { ROST_SMTP_URL: mail.url, ROST_BOOTSTRAP_OPERATORS: `khabarovsk:${OPERATOR}` };
  server = await startServer('growth', env);
  browser = await launchBrowser();
  const page = await browser.newPage();
  await registerAndConfirm(page, server, mail, OPERATOR, PASSWORD);
  await registerAndConfirm(page, server, mail, TEACHER, PASSWORD, 'Учитель');
  await page.close();
  await server.stop();
  server = await startServer('growth', env, { keepData: true });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  mail?.stop();
});

async function session() {
  return newSession(browser);
}

/** Answers every item: «5» on a self-assessment, the first option, or a text. */
async function answerAll(page) {
  const items = page.locator('li.item');
  const total = await items.count();
  for (let n = 0; n < total; n++) {
    const item = items.nth(n);
    const kind = await item.getAttribute('data-kind');
    if (kind === 'likert') {
      await item.getByText('5 — полностью про меня').click();
    } else if (kind === 'short') {
      await item.locator('input[type=text]').fill('не знаю');
    } else {
      await item.locator('label.option').first().click();
    }
  }
  await page.locator('.autosave[data-state=saved]').waitFor({ timeout: 30_000 });
  return total;
}

test('the operator opens a re-test for a group; a teacher takes it with new items and reads the growth chart', async () => {
  // The first diagnostic, finished without an answer: every competency is a deficit.
  let visit = await session();
  try {
    await login(visit.page, server, 'khabarovsk', TEACHER, PASSWORD);
    await waitForHydration(visit.page);
    const card = visit.page.locator('li[data-instrument]', { hasText: INSTRUMENT });
    await card.getByRole('button', { name: 'Начать диагностику' }).click();
    await visit.page.waitForURL('**/diagnostics/*');
    await visit.page.locator('li.item').first().waitFor();
    await waitForHydration(visit.page);
    await visit.page.getByRole('button', { name: 'Завершить и получить результат' }).click();
    await visit.page.waitForURL('**/result');
  } finally {
    await visit.context.close();
  }
  assert.deepEqual(visit.problems, []);

  // The operator opens the re-test for the city's teachers.
  const operator = await session();
  try {
    await login(operator.page, server, 'khabarovsk', OPERATOR, PASSWORD);
    await waitForHydration(operator.page);
    await operator.page.getByRole('link', { name: 'Повторная диагностика и рост' }).click();
    await operator.page.getByRole('heading', { name: 'Открыть повторную диагностику группе' }).waitFor();
    await waitForHydration(operator.page);
    const form = operator.page.locator('section.retest-campaign form');
    await form.getByLabel('Название кампании').fill('Повторная диагностика педагогов');
    await form.getByLabel('Диагностика').selectOption({ label: INSTRUMENT });
    await form.getByLabel('Муниципалитет').selectOption({ label: 'городской округ «Город Хабаровск»' });
    await form.getByLabel('Должности').selectOption({ label: 'Учитель' });
    await form.getByRole('button', { name: 'Открыть и разослать письма' }).click();
    await operator.page.getByText('Повторная диагностика открыта: 1 чел.').waitFor();
    await operator.page.getByText('Повторных диагностик пока нет', { exact: false })
      .or(operator.page.getByText('меньше 5 — не показывается', { exact: false })).first().waitFor();
    await assertFitsWidth(operator.page);
  } finally {
    await operator.page.screenshot({ path: screenshotPath('growth-operator.png'), fullPage: true });
    await operator.context.close();
  }
  assert.deepEqual(operator.problems, []);
  const opened = await mail.waitFor(TEACHER, 3);
  assert.ok(opened.some((m) => m.includes(`Вам открыта повторная диагностика «${INSTRUMENT}»`)), 'the opening e-mail');

  // The cabinet announces the re-test; the teacher takes it from the growth page and answers it.
  visit = await session();
  try {
    await login(visit.page, server, 'khabarovsk', TEACHER, PASSWORD);
    await waitForHydration(visit.page);
    await visit.page.locator('#growth-notice')
      .getByRole('link', { name: `Открыта повторная диагностика «${INSTRUMENT}»`, exact: false }).click();
    await visit.page.waitForURL('**/r/khabarovsk/growth');
    await waitForHydration(visit.page);
    const growth = visit.page.locator('section#growth');
    await growth.getByText(`Открыта повторная диагностика «${INSTRUMENT}»`, { exact: false }).waitFor();
    // No subject in the profile: the subject competencies have too few items left, and it says so.
    await growth.getByText('Новых заданий не хватает по компетенциям', { exact: false }).waitFor();
    await assertFitsWidth(visit.page);
    await growth.getByRole('button', { name: 'Пройти повторную диагностику' }).click();
    await visit.page.waitForURL('**/diagnostics/*');
    await visit.page.locator('li.item').first().waitFor();
    await waitForHydration(visit.page);
    const total = await answerAll(visit.page);
    // 66 less what the bank lacks without a subject: SUB-1 and SUB-2 get one new item, SUB-3 none.
    assert.equal(total, 59);
    await visit.page.getByText(`Отвечено ${total} из ${total}`).waitFor();
    await visit.page.getByRole('button', { name: 'Завершить и получить результат' }).click();
    await visit.page.waitForURL('**/result');
  } finally {
    await visit.context.close();
  }
  assert.deepEqual(visit.problems, []);

  // The e-mail's link opens the report: the chart, the deficits closed and what remains.
  const all = await mail.waitFor(TEACHER, 4);
  const results = all.find((m) => m.includes('Результаты повторной диагностики'));
  assert.ok(results, 'the growth e-mail');
  visit = await session();
  try {
    await login(visit.page, server, 'khabarovsk', TEACHER, PASSWORD);
    await visit.page.goto(linkIn(results, '/growth/'));
    await waitForHydration(visit.page);
    await visit.page.getByRole('heading', { name: 'Отчёт о росте' }).waitFor();
    const chart = visit.page.locator('svg.growth-chart');
    await chart.waitFor();
    assert.equal(await visit.page.locator('svg').count(), 1, 'one chart');
    assert.equal(await chart.locator('title').first().textContent(), 'Уровень компетенций до и после');
    const rows = await chart.locator('g[data-competency]').count();
    assert.ok(rows >= 20, `${rows} competencies`);
    assert.ok(await chart.locator('g[data-competency] circle.after').count() >= 20);
    await visit.page.getByRole('heading', { name: 'Закрытые дефициты' }).waitFor();
    await visit.page.getByRole('heading', { name: 'Оставшиеся дефициты' }).waitFor();
    await visit.page.getByRole('heading', { name: 'Новый маршрут для оставшихся дефицитов' }).waitFor();
    await assertFitsWidth(visit.page);
    await visit.page.screenshot({ path: screenshotPath('growth-report.png'), fullPage: true });
    await visit.page.setViewportSize({ width: 390, height: 844 });
    await assertFitsWidth(visit.page);
    await visit.page.screenshot({ path: screenshotPath('growth-report-phone.png'), fullPage: true });
    await visit.page.getByRole('link', { name: '← В личный кабинет' }).click();
    await visit.page.waitForURL('**/r/khabarovsk/cabinet');
    assert.equal(await visit.page.locator('#growth-notice').count(), 0, 'no open re-test is announced any more');
    await visit.page.getByRole('link', { name: 'Мой рост: повторная диагностика и отчёты' }).click();
    await visit.page.locator('section#growth').getByRole('link', { name: /Отчёт о росте/ }).waitFor();
  } finally {
    await visit.page.screenshot({ path: screenshotPath('growth-cabinet.png'), fullPage: true });
    await visit.context.close();
  }
  assert.deepEqual(visit.problems, []);
});
