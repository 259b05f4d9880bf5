// School support (issue 17), the summary and the exports on a phone: the operator opens the
// summary from the case list, sees its sections (cases by state, an overdue road-map activity,
// the share that left the list against the target), sets the target, and downloads a case's
// PDF from the case page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  startServer, startMailServer, launchBrowser, waitForHydration, screenshotPath,
  registerAndConfirm, login, assertFitsWidth, newSession, PHONE,
} from './harness.mjs';

const OPERATOR = 'summary-operator@khkiro.ru';
const PASSWORD = 'Сводка-сопровождения-2026';
const TENANT = "(select id from tenants where slug = 'khabarovsk')";
let server;
let mail;
let browser;

before(async () => {
  mail = await startMailServer('support-dashboard');
  const env = { ROST_SMTP_URL: mail.url, ROST_BOOTSTRAP_OPERATORS: `khabarovsk:${OPERATOR}` };
  server = await startServer('support-dashboard', env);
  browser = await launchBrowser();
  const page = await browser.newPage();
  await registerAndConfirm(page, server, mail, OPERATOR, PASSWORD);
  await page.close();
  await server.stop();
  server = await startServer('support-dashboard', env, { keepData: true });
  const operator = `(select id from users where email = '${OPERATOR}')`;
  const published = JSON.stringify({
    title: 'Методика Хабаровского края', years: [2024, 2025],
    labels: [['low_results', 'ШНРО'], ['social', 'ШНСУ']],
    schools: [{ school_id: '27-0201', name: '', municipality: '', statuses: ['low_results'], notes: [] },
              { school_id: '27-0202', name: '', municipality: '', statuses: [], notes: [] }],
  });
  server.sql(`insert into identification_runs (tenant_id, config_version, config_id, result, analysis, summary,
                                               created_by, published, published_at, published_by)
              select c.tenant_id, c.id, c.config_id, '{}', '{}', '{}', ${operator}, '${published}', now(), ${operator}
              from identification_configs c where c.tenant_id = ${TENANT} limit 1`);
  server.sql(`insert into support_cases (tenant_id, school_id, year, statuses, reason)
              select tenant_id, id, 2026, '{ШНРО}', 'Школа из списка края' from schools
              where tenant_id = ${TENANT} and code in ('27-0201', '27-0202')`);
  const roadMap = JSON.stringify({ sections: {}, tables: { stage1: [
    { title: 'Диагностика дефицитов', deadline: '2020-03-01', responsible: 'Завуч', status: 'in_progress', evidence: '' },
    { title: 'Приказ о рабочей группе', deadline: '2020-02-01', responsible: 'Директор', status: 'done', evidence: '' },
  ], stage2: [] } });
  server.sql(`with d as (insert into support_documents (tenant_id, case_id, kind)
                         select c.tenant_id, c.id, 'roadmap' from support_cases c
                         join schools s on s.id = c.school_id where s.code = '27-0201' returning tenant_id, id)
              insert into support_document_versions (tenant_id, document_id, version, body, edited_by)
              select tenant_id, id, 1, '${roadMap}', ${operator} from d`);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  mail?.stop();
});

test('the operator reads the summary on a phone, sets the target and downloads a case as a PDF', async () => {
  const visit = await newSession(browser, { viewport: PHONE, acceptDownloads: true });
  try {
    const { page } = visit;
    await login(page, server, 'khabarovsk', OPERATOR, PASSWORD);
    await page.goto(`${server.url}/r/khabarovsk/support`);
    await waitForHydration(page);
    await page.getByRole('link', { name: 'Сводка по сопровождению' }).click();
    await page.waitForURL(/\/r\/khabarovsk\/support\/summary$/);
    await waitForHydration(page);
    for (const heading of ['Кейсы по состояниям', 'Дорожные карты', 'Риски по муниципалитетам',
      'Движение между статусами', 'Вышли из списка']) {
      await page.getByRole('heading', { name: heading }).waitFor();
    }
    const states = page.locator('[data-section="states"]');
    assert.match(await states.locator('tr[data-state="opened"]').textContent(), /2/);
    await page.getByText('Выполнено 1 из 2 мероприятий (50 %).').waitFor();
    await page.locator('.supdash-overdue tr', { hasText: 'Диагностика дефицитов' }).waitFor();
    await page.getByText('1 из 2 школ с кейсами (50 %)', { exact: false }).waitFor();
    await page.getByText('цель не достигнута').waitFor();
    await assertFitsWidth(page);
    await page.screenshot({ path: screenshotPath('support-summary-phone.png'), fullPage: true });

    await page.getByLabel('Целевая доля вышедших из списка, %').fill('120');
    await page.getByRole('button', { name: 'Сохранить цель' }).click();
    await page.getByText('от 1 до 100', { exact: false }).waitFor();
    await page.getByLabel('Целевая доля вышедших из списка, %').fill('50');
    await page.getByRole('button', { name: 'Сохранить цель' }).click();
    await page.getByText('цель достигнута', { exact: true }).waitFor();
    assert.equal(server.sql(`select left_percent from support_targets where tenant_id = ${TENANT}`), '50');

    const caseId = server.sql(`select c.id from support_cases c join schools s on s.id = c.school_id where s.code = '27-0201'`);
    await page.goto(`${server.url}/r/khabarovsk/support/${caseId}`);
    await waitForHydration(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Скачать PDF' }).click(),
    ]);
    const pdf = readFileSync(await download.path());
    assert.equal(pdf.subarray(0, 4).toString(), '%PDF');
    assert.match(download.suggestedFilename(), /27-0201.*\.pdf$/);
    assert.deepEqual(visit.problems, []);
  } finally {
    await visit.context.close();
  }
});

test('the operator pages through a long case list on a phone', async () => {
  server.sql(`with added as (
                insert into schools (tenant_id, code, name, municipality_id, school_group, is_rural)
                select tenant_id, 'L-' || lpad(i::text, 3, '0'), 'Школа листания № ' || i, municipality_id, 'средняя', false
                from schools, generate_series(1, 60) i where tenant_id = ${TENANT} and code = '27-0201'
                returning tenant_id, id)
              insert into support_cases (tenant_id, school_id, year, statuses, reason)
              select tenant_id, id, 2026, '{ШНРО}', 'Список края' from added`);
  const total = Number(server.sql(`select count(*) from support_cases where tenant_id = ${TENANT}`));
  const visit = await newSession(browser, { viewport: PHONE });
  try {
    const { page } = visit;
    await login(page, server, 'khabarovsk', OPERATOR, PASSWORD);
    await page.goto(`${server.url}/r/khabarovsk/support`);
    await waitForHydration(page);
    await page.getByText(`Показано кейсов: 50 из ${total}`).waitFor();
    assert.equal(await page.locator('.support-case').count(), 50);
    await assertFitsWidth(page);
    await page.getByRole('navigation', { name: 'Страницы списка кейсов' }).getByRole('link', { name: '2' }).click();
    await page.waitForURL(/\/r\/khabarovsk\/support\?page=2$/);
    await page.getByText(`Показано кейсов: ${total - 50} из ${total}`).waitFor();
    assert.equal(await page.locator('.support-case').count(), total - 50);
    await assertFitsWidth(page);
    assert.deepEqual(visit.problems, []);
  } finally {
    await visit.context.close();
  }
});
