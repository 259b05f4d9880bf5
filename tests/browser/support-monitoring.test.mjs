// Monitoring of a support case (issue 17) on a phone: the curator fixes the entry stage's
// indicators (too few teachers: the shares stay hidden) and fills the rubric of the «Методика
// качества и результативности принимаемых мер»; the school's director reads both and may not fix
// a stage. The page never scrolls sideways at 390 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, startMailServer, launchBrowser, waitForHydration, screenshotPath,
  registerAndConfirm, login, assertFitsWidth, newSession, PHONE,
} from './harness.mjs';

const CURATOR = 'monitoring-curator@khkiro.ru';
const DIRECTOR = 'monitoring-director@troitskoe.ru';
const PASSWORD = 'Мониторинг-этапов-2026';
const TENANT = "(select id from tenants where slug = 'khabarovsk')";
const COMMENT = 'Меры дорожной карты прямо вытекают из рисков профиля школы.';
let server;
let mail;
let browser;
let caseId;

before(async () => {
  mail = await startMailServer('support-monitoring');
  server = await startServer('support-monitoring', { ROST_SMTP_URL: mail.url });
  browser = await launchBrowser();
  const page = await browser.newPage();
  for (const email of [CURATOR, DIRECTOR]) {
    await registerAndConfirm(page, server, mail, email, PASSWORD);
  }
  await page.close();
  const school = `(select id from schools where tenant_id = ${TENANT} and code = '27-0201')`;
  server.sql(`update users set full_name = 'Соколова Марина Викторовна' where email = '${CURATOR}'`);
  server.sql(`insert into role_grants (tenant_id, user_id, role)
              select ${TENANT}, id, 'curator' from users where email = '${CURATOR}'`);
  server.sql(`update memberships set position = 'director', school_status = 'confirmed', school_id = ${school}
              where user_id = (select id from users where email = '${DIRECTOR}')`);
  server.sql(`insert into role_grants (tenant_id, user_id, role)
              select ${TENANT}, id, 'director' from users where email = '${DIRECTOR}'`);
  caseId = server.sql(`insert into support_cases (tenant_id, school_id, year, reason, curator_id)
                       select ${TENANT}, ${school}, 2026, 'Школа из регионального перечня ШНРО', id
                       from users where email = '${CURATOR}' returning id`).split('\n')[0];
});

after(async () => {
  await browser?.close();
  await server?.stop();
  mail?.stop();
});

async function openMonitoring(page) {
  await page.goto(`${server.url}/r/khabarovsk/support/${caseId}`);
  await waitForHydration(page);
  const section = page.locator('section.support-monitoring');
  await section.locator('details.monitoring-stage').first().waitFor();
  return section;
}

test('the curator fixes the entry stage and scores the rubric; the director reads them', async () => {
  const curator = await newSession(browser, { viewport: PHONE });
  try {
    await login(curator.page, server, 'khabarovsk', CURATOR, PASSWORD);
    const section = await openMonitoring(curator.page);
    const entry = section.locator('details.monitoring-stage').first();
    assert.match(await entry.locator(':scope > summary').innerText(), /Входной/);
    await entry.getByRole('button', { name: 'Зафиксировать показатели этапа', exact: true }).click();
    const figures = entry.locator('table.monitoring-figures');
    await figures.waitFor();
    const diagnosed = figures.locator('tr[data-code="diagnosed"]');
    assert.match(await diagnosed.innerText(), /недостаточно данных \(n < 5\)/);
    assert.match(await figures.locator('tr[data-code="roadmap"]').innerText(), /дорожная карта не заполнена/);

    await entry.locator('details.monitoring-rubric-form summary').click();
    const scores = entry.locator('input[name^="scores["]');
    assert.equal(await scores.count(), 6, 'six default criteria');
    await scores.nth(0).fill('4');
    for (let n = 1; n < 6; n += 1) await scores.nth(n).fill('2');
    await entry.locator('textarea[name^="comments["]').first().fill(COMMENT);
    const form = entry.locator('details.monitoring-rubric-form form');
    // The browser keeps 4 out of a 0–3 field; the server is asked only with valid scores.
    assert.equal(await scores.nth(0).evaluate((input) => input.validity.rangeOverflow), true);
    await scores.nth(0).fill('3');
    await form.getByRole('button', { name: 'Сохранить', exact: true }).click();
    const rubric = entry.locator('table.monitoring-rubric');
    await rubric.waitFor();
    assert.match(await rubric.innerText(), /13 \/ 18/);
    assert.match(await rubric.innerText(), new RegExp(COMMENT));
    await assertFitsWidth(curator.page);
    await curator.page.screenshot({ path: screenshotPath('support-monitoring-curator.png'), fullPage: true });
    assert.deepEqual(curator.problems, []);
  } finally {
    await curator.context.close();
  }

  const director = await newSession(browser, { viewport: PHONE });
  try {
    await login(director.page, server, 'khabarovsk', DIRECTOR, PASSWORD);
    const section = await openMonitoring(director.page);
    const entry = section.locator('details.monitoring-stage').first();
    await entry.locator('table.monitoring-rubric').waitFor();
    assert.match(await entry.locator('table.monitoring-rubric').innerText(), /13 \/ 18/);
    assert.match(await entry.locator('table.monitoring-figures').innerText(), /Педагогов с курсами ≥ 32 ч/);
    assert.equal(await section.getByRole('button', { name: 'Зафиксировать заново' }).count(), 0, 'the school does not fix stages');
    assert.equal(await section.locator('details.monitoring-rubric-form').count(), 0, 'nor scores');
    await assertFitsWidth(director.page);
    await director.page.screenshot({ path: screenshotPath('support-monitoring-director.png'), fullPage: true });
    assert.deepEqual(director.problems, []);
  } finally {
    await director.context.close();
  }
});
