import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, startMailServer, launchBrowser, waitForHydration, screenshotPath,
  registerAndConfirm, login, assertFitsWidth, newSession,
} from './harness.mjs';

const OPERATOR = 'dash-operator@khkiro.ru';
const PASSWORD = 'Мониторинг-региона-2026';
const MUNICIPALITY = 'Браузерный округ';
let server;
let mail;
let browser;

before(async () => {
  mail = await startMailServer('dashboards');
  const env = { ROST_SMTP_URL: mail.url, ROST_BOOTSTRAP_OPERATORS: `khabarovsk:${OPERATOR}` };
  server = await startServer('dashboards', env);
  browser = await launchBrowser();
  const page = await browser.newPage();
  await registerAndConfirm(page, server, mail, OPERATOR, PASSWORD);
  await page.close();
  await server.stop();
  server = await startServer('dashboards', env, { keepData: true });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  mail?.stop();
});

/** A municipality with one school of 12 staff and six teachers who finished a diagnostic. */
function loadData() {
  const tenant = "(select id from tenants where slug = 'khabarovsk')";
  server.sql(`insert into municipalities (tenant_id, code, name, kind)
              values (${tenant}, 'browser-dash', '${MUNICIPALITY}', 'городской округ')`);
  server.sql(`insert into schools (tenant_id, code, name, municipality_id, school_group, is_rural, staff_count)
              select ${tenant}, 'B-1', 'Школа Браузер', id, 'secondary', false, 12
              from municipalities where code = 'browser-dash'`);
  const result = (score) => JSON.stringify({
    points: 0, max_points: 0, thresholds: { low: 0.6, high: 0.8 }, deficits: [],
    competencies: [{
      code: 'BR-1', title: 'Компетенция браузера', area: 'BR', score,
      level: score < 0.6 ? 'pronounced' : 'minimal', description: '', deficit_meaning: '',
    }],
  });
  for (let n = 1; n <= 6; n++) {
    server.sql(`with u as (insert into users (email, password_hash, full_name, email_confirmed_at)
                           values ('b${n}@dash.ru', 'x', 'Учитель ${n}', now()) returning id),
                     m as (insert into memberships (tenant_id, user_id, position, school_id)
                           select ${tenant}, u.id, 'teacher', (select id from schools where code = 'B-1') from u
                           returning user_id)
                insert into attempts (tenant_id, instrument_id, user_id, item_ids, items, finished_at, finished_by, result)
                select ${tenant}, (select id from instruments where tenant_id = ${tenant} limit 1), m.user_id,
                       '{}', '[]', now(), 'person', '${result(n <= 3 ? 0.3 : 0.9)}'::jsonb from m`);
  }
}

test('the operator opens the dashboard on a phone and sees it fill once people have finished a diagnostic', async () => {
  const visit = await newSession(browser, { viewport: { width: 390, height: 844 } });
  try {
    await login(visit.page, server, 'khabarovsk', OPERATOR, PASSWORD);
    await visit.page.goto(server.url + '/r/khabarovsk/dashboard');
    await waitForHydration(visit.page);
    await visit.page.getByRole('heading', { name: 'Охват диагностикой' }).waitFor();
    assert.equal(await visit.page.locator('.dash-scope-name').textContent(), 'Хабаровский край');

    loadData();
    await visit.page.reload();
    await waitForHydration(visit.page);
    await visit.page.locator('select[name=municipality]').selectOption(MUNICIPALITY);
    await visit.page.getByRole('button', { name: 'Показать' }).click();
    await visit.page.waitForURL('**/dashboard?municipality=*');
    await waitForHydration(visit.page);
    const coverage = visit.page.locator('section#coverage tr', { hasText: 'Школа Браузер' });
    // Six of six registered finished: 100 %, and 6 of 12 staff: 50 %.
    assert.deepEqual(
      await coverage.locator('td').allTextContents(),
      ['12', '5–9', '5–9', '5–9', '100 %', '50 %'],
    );
    await visit.page.locator('section#coverage svg[data-chart=coverage] rect.bar').first().waitFor();
    // Half of them with a pronounced deficit in the one competency.
    const heat = visit.page.locator('section#deficits tr', { hasText: 'Компетенция браузера' });
    // The share, and no course covering the competency yet.
    const cells = (await heat.locator('td').allTextContents()).map((text) => text.trim());
    assert.deepEqual(cells, ['50 %', '']);
    assert.equal(await visit.page.locator('section#deficits svg text', { hasText: '50 %' }).count(), 1);
    const export_ = visit.page.locator('section#coverage a', { hasText: 'CSV' });
    assert.match(await export_.getAttribute('href'), /\/dashboard\/export\/coverage\/csv\?municipality=/);
    await assertFitsWidth(visit.page);
    await visit.page.screenshot({ path: screenshotPath('dashboard-phone.png'), fullPage: true });
  } finally {
    await visit.context.close();
  }
  assert.deepEqual(visit.problems, []);
});
