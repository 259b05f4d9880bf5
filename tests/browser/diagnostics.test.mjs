import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import {
  startServer, startMailServer, launchBrowser, waitForHydration, screenshotPath,
  registerAndConfirm, login, assertFitsWidth,
  newSession,
} from './harness.mjs';

const OPERATOR = 'diagnost@khkiro.ru';
const TEACHER = 'uchitel@school5.ru';
const PASSWORD = 'Диагностика-2026-пароль';
let server;
let mail;
let browser;

before(async () => {
  mail = await startMailServer('diagnostics');
  const env = { ROST_SMTP_URL: mail.url, ROST_BOOTSTRAP_OPERATORS: `khabarovsk:${OPERATOR}` };
  server = await startServer('diagnostics', env);
  browser = await launchBrowser();
  const page = await browser.newPage();
  await registerAndConfirm(page, server, mail, OPERATOR, PASSWORD);
  await registerAndConfirm(page, server, mail, TEACHER, PASSWORD, 'Учитель');
  await page.close();
  await server.stop();
  server = await startServer('diagnostics', env, { keepData: true });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  mail?.stop();
});

/** A fresh browser profile: "closing the browser" is closing its context. */
async function session() {
  return newSession(browser);
}

/** Answers the n-th item (1-based): the first option, «1» on a self-assessment, or a text. */
async function answer(page, n) {
  const item = page.locator('li.item').nth(n - 1);
  const kind = await item.getAttribute('data-kind');
  if (kind === 'likert') {
    await item.getByText('1 — совсем не про меня').click();
  } else if (kind === 'short') {
    await item.locator('input[type=text]').fill('не знаю');
  } else {
    await item.locator('label.option').first().click();
  }
  return item;
}

async function allSaved(page) {
  await page.locator('.autosave[data-state=saved]').waitFor({ timeout: 20_000 });
}

test('an operator assigns a diagnostic; a teacher answers half, loses the network, closes the browser, comes back, finishes and sees the deficit chart', async () => {
  const operator = await session();
  try {
    await login(operator.page, server, 'khabarovsk', OPERATOR, PASSWORD);
    await waitForHydration(operator.page);
    await operator.page.getByRole('link', { name: 'Диагностика компетенций' }).click();
    await operator.page.getByRole('heading', { name: 'Конструктор компетенций' }).waitFor();
    await operator.page.getByRole('heading', { name: /Банк заданий \(\d+\)/ }).waitFor();
    await waitForHydration(operator.page);
    await operator.page.getByText('Назначить диагностику', { exact: true }).click();
    const campaign = operator.page.locator('section.campaigns form');
    await campaign.getByLabel('Название').fill('Осенняя диагностика педагогов');
    await campaign.getByLabel('Диагностика').selectOption({ label: 'Диагностика профессиональных дефицитов педагога' });
    await campaign.getByLabel('Муниципалитет').selectOption({ label: 'городской округ «Город Хабаровск»' });
    await campaign.getByLabel('Должности').selectOption({ label: 'учителя' });
    await campaign.getByLabel('Срок').fill('2026-12-20');
    await campaign.getByRole('button', { name: 'Назначить и разослать письма' }).click();
    await operator.page.getByText('Диагностика назначена: 1 чел.').waitFor();
  } finally {
    await operator.page.screenshot({ path: screenshotPath('diagnostics-operator.png'), fullPage: true });
    await operator.context.close();
  }
  const assigned = await mail.waitFor(TEACHER, 2);
  assert.ok(
    assigned.some((m) => m.includes('Вам назначена диагностика «Диагностика профессиональных дефицитов педагога»')
      && m.includes('20.12.2026')),
    'the assignment e-mail names the diagnostic and its due date',
  );

  // First visit: half of the answers, then one more while the network is gone.
  let visit = await session();
  let attemptUrl;
  try {
    await login(visit.page, server, 'khabarovsk', TEACHER, PASSWORD);
    await waitForHydration(visit.page);
    const card = visit.page.locator('li[data-instrument]', { hasText: 'Диагностика профессиональных дефицитов педагога' });
    await card.getByText('назначена').waitFor();
    await card.getByText('пройти до 20.12.2026').waitFor();
    await card.getByRole('button', { name: 'Начать диагностику' }).click();
    await visit.page.waitForURL('**/diagnostics/*');
    attemptUrl = visit.page.url();
    await waitForHydration(visit.page);
    // The start may navigate inside the app (no page load), so wait for the items themselves.
    await visit.page.locator('li.item').first().waitFor();
    const total = await visit.page.locator('li.item').count();
    assert.equal(total, 66);
    for (let n = 1; n <= 33; n++) {
      const item = await answer(visit.page, n);
      await item.locator('.save-state[data-state=saved]').waitFor();
    }
    await allSaved(visit.page);
    await visit.page.getByText('Отвечено 33 из 66').waitFor();

    await visit.context.setOffline(true);
    await answer(visit.page, 34);
    await visit.page.getByText('Нет связи с сервером. Не отправлено ответов: 1', { exact: false }).waitFor();
    await visit.page.locator('li.item').nth(33).getByText('нет связи', { exact: false }).waitFor();
    // The page goes away while offline; the answer waits in the browser's storage.
    await visit.page.close();
    await visit.context.setOffline(false);
    const again = await visit.context.newPage();
    again.on('pageerror', (error) => visit.problems.push(error.message));
    await again.goto(attemptUrl);
    await waitForHydration(again);
    await allSaved(again);
    await again.getByText('Отвечено 34 из 66').waitFor();
    visit.page = again;
  } finally {
    await visit.page.screenshot({ path: screenshotPath('diagnostics-first-visit.png'), fullPage: true });
    await visit.context.close();
  }
  assert.deepEqual(visit.problems, []);

  // Another browser: everything given before is there; finish and read the analysis.
  visit = await session();
  try {
    await login(visit.page, server, 'khabarovsk', TEACHER, PASSWORD);
    await waitForHydration(visit.page);
    await visit.page.getByRole('link', { name: 'Продолжить' }).click();
    await visit.page.waitForURL(attemptUrl);
    await waitForHydration(visit.page);
    await visit.page.getByText('Отвечено 34 из 66').waitFor();
    const twelfth = visit.page.locator('li.item').nth(33);
    assert.equal(await twelfth.locator('.save-state').getAttribute('data-state'), 'saved');
    for (let n = 35; n <= 66; n++) {
      await answer(visit.page, n);
    }
    await allSaved(visit.page);
    await visit.page.getByText('Отвечено 66 из 66').waitFor();
    await visit.page.getByRole('button', { name: 'Завершить и получить результат' }).click();
    await visit.page.waitForURL('**/result');
    await visit.page.getByRole('heading', { name: 'Уровень компетенций относительно порогов' }).waitFor();
    const bars = await visit.page.locator('svg.deficit-chart g[data-competency] rect').count();
    assert.ok(bars >= 22, `${bars} bars`);
    assert.equal(await visit.page.locator('svg.deficit-chart g.threshold-low line').count(), 1);
    // «1» on every self-assessment and the first option everywhere leave pronounced deficits.
    const pronounced = visit.page.locator('ol.deficits li.level-pronounced').first();
    await pronounced.getByText('выраженный дефицит', { exact: false }).waitFor();
    await pronounced.getByText('Рекомендуется индивидуальный образовательный маршрут (ИОМ).').waitFor();
    await visit.page.getByText('участников меньше 5 — среднее не показывается', { exact: false }).first().waitFor();
    await assertFitsWidth(visit.page);

    await visit.page.getByRole('link', { name: '← В личный кабинет' }).click();
    await visit.page.getByRole('heading', { name: 'Пройденные диагностики' }).waitFor();
    await assertFitsWidth(visit.page);
    const past = visit.page.locator('table.results tbody tr', { hasText: 'Диагностика профессиональных дефицитов педагога' });
    await past.waitFor();
    const deficits = await past.locator('td').nth(3).innerText();
    assert.ok(deficits.length > 0 && deficits !== 'дефицитов нет', deficits);
  } finally {
    await visit.page.screenshot({ path: screenshotPath('diagnostics-result.png'), fullPage: true });
    await visit.context.close();
  }
  assert.deepEqual(visit.problems, []);
  const all = await mail.waitFor(TEACHER, 3);
  assert.ok(all.some((m) => m.includes('завершена. В личном кабинете вас ждёт анализ профессиональных дефицитов')));
});

test('an operator edits the framework, writes an item, builds an instrument, imports a bank and reads item statistics', async () => {
  const { context, page, problems } = await session();
  try {
    await login(page, server, 'khabarovsk', OPERATOR, PASSWORD);
    await page.goto(`${server.url}/r/khabarovsk/admin/diagnostics`);
    await waitForHydration(page);

    // Thresholds: a wrong order is refused with the field named, a right one is kept.
    const thresholds = page.locator('form', { has: page.locator('input[name="edit[low]"]') });
    await thresholds.getByLabel('Нижний порог, %').fill('85');
    await thresholds.getByLabel('Верхний порог, %').fill('70');
    await thresholds.getByRole('button', { name: 'Сохранить' }).click();
    await page.locator('p.error[data-field=thresholds]').waitFor();
    await thresholds.getByLabel('Нижний порог, %').fill('65');
    await thresholds.getByLabel('Верхний порог, %').fill('85');
    await thresholds.getByRole('button', { name: 'Сохранить' }).click();
    await page.locator('input[name="edit[low]"][value="65"]').waitFor();

    // A new competency in the digital area.
    await page.getByText('Добавить компетенцию', { exact: true }).click();
    const competency = page.locator('details.add', { hasText: 'Добавить компетенцию' }).locator('form');
    await competency.getByLabel('Код').fill('DIG-4');
    await competency.getByLabel('Область').selectOption({ label: 'Цифровая' });
    await competency.getByLabel('Название').fill('Искусственный интеллект в работе учителя');
    await competency.getByLabel('Описание').fill('Использует ИИ-помощников для подготовки заданий и проверяет их ответы.');
    await competency.getByLabel('Что означает дефицит на практике').fill('Педагог не может оценить качество материалов, созданных ИИ.');
    await competency.getByRole('button', { name: 'Добавить' }).click();
    await page.locator('details.competency[data-competency="DIG-4"]').waitFor();

    // An item on it, first with a mistake.
    await page.getByText('Добавить задание', { exact: true }).click();
    const item = page.locator('details.add', { hasText: 'Добавить задание' }).locator('form');
    await item.getByLabel('Код').fill('DIG-4-01');
    await item.getByLabel('Тип').selectOption({ label: 'один ответ' });
    await item.getByLabel('Текст задания').fill('Чат-бот сгенерировал задачу для контрольной. Что нужно сделать перед тем, как дать её ученикам?');
    await item.getByLabel('Варианты ответа (каждый с новой строки)').fill('Ничего, ИИ не ошибается\nРешить задачу самому и проверить условие и ответ\nСпросить у учеников');
    await item.getByLabel('Номера верных вариантов').fill('4');
    await item.getByLabel('Компетенции и веса').fill('DIG-4: 1');
    await item.getByRole('button', { name: 'Добавить' }).click();
    await page.getByText('верный вариант № 5 не существует', { exact: false }).or(page.getByText('верный вариант № 4 не существует', { exact: false })).first().waitFor();
    await item.getByLabel('Номера верных вариантов').fill('2');
    await item.getByRole('button', { name: 'Добавить' }).click();
    await page.locator('details.bank-item[data-item="DIG-4-01"]').waitFor();

    // An instrument of a fixed list with the new item.
    await page.getByText('Создать инструмент', { exact: true }).click();
    const instrument = page.locator('section.instruments form');
    await instrument.getByLabel('Название').fill('Экспресс-диагностика цифровых компетенций');
    await instrument.getByLabel('Отбор заданий').selectOption({ label: 'фиксированный список' });
    await instrument.getByLabel('Коды заданий (для фиксированного списка)').fill('DIG-1-01, DIG-2-01, DIG-4-01');
    await instrument.getByLabel('Ограничение времени, мин').fill('15');
    await instrument.getByLabel('Должности').selectOption({ label: 'учителя' });
    await instrument.getByRole('button', { name: 'Добавить' }).click();
    const row = page.locator('section.instruments tr', { hasText: 'Экспресс-диагностика цифровых компетенций' });
    await row.getByText('3 заданий (фиксированный список)').waitFor();
    await row.getByText('15 мин').waitFor();

    // A bank file with an error names the item and loads nothing.
    const broken = screenshotPath('bank-broken.json');
    writeFileSync(broken, JSON.stringify([
      { code: 'DIG-4-02', kind: 'likert', stem: 'Я использую ИИ осознанно.', competencies: [{ code: 'DIG-4', weight: 1 }] },
      { code: 'DIG-4-03', kind: 'likert', stem: 'Я проверяю ИИ.', competencies: [{ code: 'NOPE', weight: 1 }] },
    ]));
    await page.locator('section.bank input[type=file]').setInputFiles(broken);
    await page.getByRole('button', { name: 'Загрузить', exact: true }).click();
    await page.getByText('Задание № 2 («DIG-4-03»)', { exact: false }).waitFor();
    await page.getByText('компетенции «NOPE» нет в модели компетенций региона', { exact: false }).waitFor();
    assert.equal(await page.locator('details.bank-item[data-item="DIG-4-02"]').count(), 0);

    // Statistics of the teacher instrument (one finished attempt from the first test).
    await waitForHydration(page);
    await page.locator('section.instruments tr', { hasText: 'Диагностика профессиональных дефицитов педагога' })
      .getByRole('link', { name: 'Статистика заданий' }).click();
    await page.getByText('Завершённых попыток: 1; заданий: 66', { exact: false }).waitFor();
    await page.getByRole('heading', { name: 'Надёжность шкал (α Кронбаха по компетенциям)' }).waitFor();
    await waitForHydration(page);
    await page.getByRole('button', { name: 'Показать индивидуальные результаты' }).click();
    await page.locator('table.people-scores td', { hasText: 'Оператор Региональный' }).waitFor();
  } finally {
    await page.screenshot({ path: screenshotPath('diagnostics-operator-pages.png'), fullPage: true });
    await context.close();
  }
  assert.deepEqual(problems, []);
});
