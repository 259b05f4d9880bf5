// School support (issue 17), browser steps 1–2 on a phone: the operator opens cases from a
// published identification list and assigns a curator; the school's director fills in the risk
// questionnaire, is refused a fourth priority risk, and submits it to the curator; the curator
// mentions the director in the case chat and the director replies from the e-mail; the director
// names a teacher to the school team, who opens the case from the e-mail, and the operator pairs
// the case with a partner school; the curator records a visit whose recommendation the director
// accepts into the road map.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, startMailServer, launchBrowser, waitForHydration, screenshotPath,
  registerAndConfirm, login, assertFitsWidth, newSession, PHONE, linkIn,
} from './harness.mjs';

const OPERATOR = 'support-operator@khkiro.ru';
const CURATOR = 'support-curator@khkiro.ru';
const DIRECTOR = 'support-director@troitskoe.ru';
const TEACHER = 'support-teacher@troitskoe.ru';
const PASSWORD = 'Сопровождение-школ-2026';
const TENANT = "(select id from tenants where slug = 'khabarovsk')";
let server;
let mail;
let browser;

before(async () => {
  mail = await startMailServer('support');
  const env = { ROST_SMTP_URL: mail.url, ROST_BOOTSTRAP_OPERATORS: `khabarovsk:${OPERATOR}` };
  server = await startServer('support', env);
  browser = await launchBrowser();
  const page = await browser.newPage();
  for (const email of [OPERATOR, CURATOR, DIRECTOR, TEACHER]) {
    await registerAndConfirm(page, server, mail, email, PASSWORD);
  }
  await page.close();
  await server.stop();
  server = await startServer('support', env, { keepData: true });
  server.sql(`update users set full_name = 'Соколова Марина Викторовна' where email = '${CURATOR}'`);
  server.sql(`insert into role_grants (tenant_id, user_id, role)
              select ${TENANT}, id, 'curator' from users where email = '${CURATOR}'`);
  server.sql(`update memberships set position = 'director', school_status = 'confirmed',
                     school_id = (select id from schools where tenant_id = ${TENANT} and code = '27-0201'),
                     municipality_id = (select municipality_id from schools where tenant_id = ${TENANT} and code = '27-0201')
              where user_id = (select id from users where email = '${DIRECTOR}')`);
  server.sql(`insert into role_grants (tenant_id, user_id, role)
              select ${TENANT}, id, 'director' from users where email = '${DIRECTOR}'`);
  server.sql(`update users set full_name = 'Киле Анна Сергеевна' where email = '${TEACHER}'`);
  server.sql(`update memberships set school_status = 'confirmed',
                     school_id = (select id from schools where tenant_id = ${TENANT} and code = '27-0201')
              where user_id = (select id from users where email = '${TEACHER}')`);
  publishRun();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  mail?.stop();
});

/** A published run of the region's configuration: two ШНРО schools, one ШНСУ, one stable. */
function publishRun() {
  const school = (code, status) => ({ school_id: code, name: code, municipality: '', statuses: [status], notes: [] });
  const published = JSON.stringify({
    title: 'Методика Хабаровского края', years: [2024, 2025],
    labels: [['low_results', 'ШНРО'], ['social', 'ШНСУ'], ['stable_high', 'Стабильно высокие результаты']],
    schools: [school('27-0201', 'low_results'), school('27-0202', 'low_results'),
              school('27-0301', 'social'), school('27-0002', 'stable_high')],
  });
  server.sql(`insert into identification_runs (tenant_id, config_version, config_id, result, analysis, summary,
                                               created_by, published, published_at, published_by)
              select c.tenant_id, c.id, c.config_id, '{}', '{}', '{}', m.user_id, '${published}', now(), m.user_id
              from identification_configs c
              join memberships m on m.tenant_id = c.tenant_id
              join users u on u.id = m.user_id and u.email = '${OPERATOR}'
              where c.tenant_id = ${TENANT} limit 1`);
}

test('the operator opens cases from a published list and assigns a curator', async () => {
  const visit = await newSession(browser, { viewport: PHONE });
  try {
    await login(visit.page, server, 'khabarovsk', OPERATOR, PASSWORD);
    await visit.page.locator('details.header-menu summary').click();
    await visit.page.locator('details.header-menu').getByRole('link', { name: 'Сопровождение школ' }).click();
    await visit.page.waitForURL(/\/r\/khabarovsk\/support$/);
    await waitForHydration(visit.page);
    // Following a link closes the menu: open, it would cover the page on a phone.
    await visit.page.waitForFunction(() => !document.querySelector('details.header-menu').open);
    await visit.page.getByText('Кейсов сопровождения пока нет.').waitFor();

    const fromRun = visit.page.locator('details.support-from-run');
    await fromRun.locator('summary').click();
    await fromRun.getByText('ШНРО — школ: 2').click();
    await assertFitsWidth(visit.page);
    await fromRun.getByRole('button', { name: 'Создать кейсы' }).click();
    await fromRun.getByText('Создано кейсов: 2', { exact: false }).waitFor();
    const cases = visit.page.locator('li.support-case');
    await cases.filter({ hasText: 'МБОУ СОШ с. Троицкое' }).waitFor();
    assert.equal(await cases.count(), 2);
    assert.match(await cases.first().textContent(), /ШНРО/);
    await assertFitsWidth(visit.page);
    await visit.page.screenshot({ path: screenshotPath('support-cases-phone.png'), fullPage: true });

    await cases.filter({ hasText: 'МБОУ СОШ с. Троицкое' }).getByRole('link').click();
    await visit.page.waitForURL('**/r/khabarovsk/support/*');
    await waitForHydration(visit.page);
    await visit.page.getByRole('heading', { name: 'МБОУ СОШ с. Троицкое' }).waitFor();
    await visit.page.getByRole('link', { name: 'Почему школа в списке' }).waitFor();
    await visit.page.getByLabel('Назначить куратора').selectOption({ label: 'Соколова Марина Викторовна' });
    await visit.page.getByRole('button', { name: 'Назначить', exact: true }).click();
    await visit.page.locator('.support-curator', { hasText: 'Соколова Марина Викторовна' }).waitFor();
    await assertFitsWidth(visit.page);
    await visit.page.screenshot({ path: screenshotPath('support-case-phone.png'), fullPage: true });
    assert.deepEqual(visit.problems, []);
  } finally {
    await visit.context.close();
  }
  const assigned = server.sql(`select u.full_name from support_cases c join users u on u.id = c.curator_id
                               join schools s on s.tenant_id = c.tenant_id and s.id = c.school_id where s.code = '27-0201'`);
  assert.equal(assigned, 'Соколова Марина Викторовна');
});

test('the director fills in the risk questionnaire, at most three priority risks, and submits it', async () => {
  const visit = await newSession(browser, { viewport: PHONE });
  try {
    await login(visit.page, server, 'khabarovsk', DIRECTOR, PASSWORD);
    await visit.page.goto(server.url + '/r/khabarovsk/support');
    await waitForHydration(visit.page);
    const mine = visit.page.locator('li.support-case');
    await mine.first().waitFor();
    assert.equal(await mine.count(), 1, 'the director sees his school only');
    await mine.getByRole('link').click();
    await visit.page.waitForURL('**/r/khabarovsk/support/*');
    await waitForHydration(visit.page);
    await visit.page.getByRole('link', { name: 'Открыть анкету' }).click();
    await visit.page.waitForURL('**/profile');
    await waitForHydration(visit.page);

    // The first option of every question, the third on the three equipment questions.
    const questions = visit.page.locator('.support-question');
    const total = await questions.count();
    assert.equal(total, 27);
    for (let i = 0; i < total; i++) {
      const question = questions.nth(i);
      const code = await question.getAttribute('data-question');
      await question.locator('input[type=radio]').nth(code.startsWith('equipment') ? 2 : 0).check();
    }
    for (const factor of ['equipment', 'staff', 'competence', 'parents']) {
      await visit.page.locator(`fieldset[data-factor=${factor}] .support-priority input`).check();
    }
    await visit.page.getByText('отправить куратору на подтверждение', { exact: false }).click();
    await visit.page.getByRole('button', { name: 'Сохранить' }).click();
    await visit.page.getByRole('alert').filter({ hasText: 'не больше трёх' }).waitFor();
    await assertFitsWidth(visit.page);

    await visit.page.locator('fieldset[data-factor=parents] .support-priority input').uncheck();
    await visit.page.getByRole('button', { name: 'Сохранить' }).click();
    await visit.page.getByText('Ответы сохранены.').waitFor();
    await visit.page.locator('.support-state', { hasText: 'анкета на подтверждении у куратора' }).waitFor();
    await assertFitsWidth(visit.page);
    await visit.page.screenshot({ path: screenshotPath('support-profile-phone.png'), fullPage: true });

    // The case page shows the computed levels: equipment 2 + 2 + 2 = 6 → high, with its causes.
    await visit.page.getByRole('link', { name: '← К кейсу' }).click();
    await visit.page.waitForURL(/\/support\/[0-9a-f-]+$/);
    await waitForHydration(visit.page);
    const equipment = visit.page.locator('li.support-factor[data-factor=equipment]');
    await equipment.waitFor();
    assert.equal(await equipment.getAttribute('data-level'), 'high');
    assert.match(await equipment.textContent(), /приоритетный/);
    assert.equal(await visit.page.locator('li.support-factor[data-factor=parents]').getAttribute('data-level'), 'low');
    assert.deepEqual(visit.problems, []);
  } finally {
    await visit.context.close();
  }
  const stored = server.sql(`select c.state || ' ' || array_to_string(p.priorities, ',')
                             from support_cases c join support_profiles p on p.tenant_id = c.tenant_id and p.case_id = c.id`);
  assert.equal(stored, 'profile_submitted competence,equipment,staff');
});

/** Opens the Троицкое case from the support list as the person signed in on `page`. */
async function openCase(page) {
  await page.goto(server.url + '/r/khabarovsk/support');
  await waitForHydration(page);
  await page.locator('li.support-case', { hasText: 'МБОУ СОШ с. Троицкое' }).getByRole('link').click();
  await page.waitForURL(/\/support\/[0-9a-f-]+$/);
  await waitForHydration(page);
}

/** The director's e-mail that mentions him, whatever came before it. */
async function mentionMail() {
  for (let count = 1; ; count++) {
    const message = (await mail.waitFor(DIRECTOR, count)).find((m) => m.includes('упомянул(а) вас'));
    if (message) return message;
  }
}

test('the curator mentions the director in the case chat; the e-mail leads him to reply', async () => {
  server.sql(`update users set full_name = 'Бельды Николай Петрович' where email = '${DIRECTOR}'`);
  const text = 'Николай Петрович, пришлите, пожалуйста, проект антирисковой программы до пятницы.';
  const curator = await newSession(browser, { viewport: PHONE });
  try {
    await login(curator.page, server, 'khabarovsk', CURATOR, PASSWORD);
    await openCase(curator.page);
    await curator.page.getByRole('link', { name: 'Открыть обсуждение' }).click();
    await curator.page.waitForURL(/\/chat$/);
    await waitForHydration(curator.page);
    await curator.page.getByText('Сообщений пока нет.', { exact: false }).waitFor();
    const form = curator.page.locator('section.card form');
    await form.getByLabel('Сообщение').fill('   ');
    await form.getByLabel('Бельды Николай Петрович').check();
    await form.getByRole('button', { name: 'Отправить' }).click();
    await curator.page.getByRole('alert').filter({ hasText: 'Поле «Сообщение»' }).waitFor();
    assert.equal(await form.getByLabel('Бельды Николай Петрович').isChecked(), true, 'a refused form keeps its choices');
    await form.getByLabel('Сообщение').fill(text);
    await form.getByRole('button', { name: 'Отправить' }).click();
    const thread = curator.page.locator('li.chat-thread');
    await thread.getByText(text).waitFor();
    assert.match(await thread.locator('.chat-mentions').innerText(), /Бельды Николай Петрович/);
    await assertFitsWidth(curator.page);
    await curator.page.screenshot({ path: screenshotPath('support-chat-phone.png'), fullPage: true });
    assert.deepEqual(curator.problems, []);
  } finally {
    await curator.context.close();
  }

  const message = await mentionMail();
  assert.match(message, /пришлите, пожалуйста, проект антирисковой программы/);
  const director = await newSession(browser, { viewport: PHONE });
  try {
    await login(director.page, server, 'khabarovsk', DIRECTOR, PASSWORD);
    await director.page.goto(linkIn(message, '/chat'));
    await waitForHydration(director.page);
    const thread = director.page.locator('li.chat-thread', { hasText: text });
    await thread.locator('summary', { hasText: 'Ответить' }).click();
    await thread.getByLabel('Сообщение').fill('Марина Викторовна, пришлю в четверг.');
    await thread.getByRole('button', { name: 'Отправить ответ' }).click();
    await director.page.locator('li.chat-reply', { hasText: 'пришлю в четверг' }).waitFor();
    await assertFitsWidth(director.page);
    assert.deepEqual(director.problems, []);
  } finally {
    await director.context.close();
  }
  const stored = server.sql(`select count(*) || ' ' || count(parent_id) from support_comments`);
  assert.equal(stored, '2 1');
});

test('the director names a teacher to the team, who opens the case; the operator pairs a partner', async () => {
  const director = await newSession(browser, { viewport: PHONE });
  try {
    await login(director.page, server, 'khabarovsk', DIRECTOR, PASSWORD);
    await openCase(director.page);
    await director.page.getByText('Директор ещё никого не включил в команду.').waitFor();
    await director.page.getByLabel('Включить в команду').selectOption({ label: 'Киле Анна Сергеевна' });
    await director.page.getByRole('button', { name: 'Включить', exact: true }).click();
    await director.page.locator('ul.support-team li', { hasText: 'Киле Анна Сергеевна' }).waitFor();
    await assertFitsWidth(director.page);
    await director.page.screenshot({ path: screenshotPath('support-team-phone.png'), fullPage: true });
    assert.deepEqual(director.problems, []);
  } finally {
    await director.context.close();
  }

  const message = (await mail.waitFor(TEACHER, 2)).find((m) => m.includes('Вы в команде школы'));
  assert.ok(message, 'the team e-mail');
  const teacher = await newSession(browser, { viewport: PHONE });
  try {
    await login(teacher.page, server, 'khabarovsk', TEACHER, PASSWORD);
    await teacher.page.goto(linkIn(message, '/support/'));
    await waitForHydration(teacher.page);
    await teacher.page.getByRole('heading', { name: 'МБОУ СОШ с. Троицкое' }).waitFor();
    await teacher.page.getByRole('link', { name: 'Открыть анкету' }).waitFor();
    assert.equal(await teacher.page.getByLabel('Включить в команду').count(), 0, 'only the director names the team');
    await assertFitsWidth(teacher.page);
    assert.deepEqual(teacher.problems, []);
  } finally {
    await teacher.context.close();
  }

  const operator = await newSession(browser, { viewport: PHONE });
  try {
    await login(operator.page, server, 'khabarovsk', OPERATOR, PASSWORD);
    await openCase(operator.page);
    await operator.page.getByText('Школа-партнёр не назначена.').waitFor();
    const choice = operator.page.getByLabel('Школа со стабильно высокими результатами');
    await choice.selectOption({ index: 1 });
    const chosen = (await choice.locator('option:checked').textContent()).split(',')[0];
    await operator.page.getByRole('button', { name: 'Назначить партнёра' }).click();
    await operator.page.locator('.support-partner', { hasText: chosen }).waitFor();
    await assertFitsWidth(operator.page);
    assert.deepEqual(operator.problems, []);
  } finally {
    await operator.context.close();
  }
  const partner = server.sql(`select s.code from support_cases c join schools s on s.tenant_id = c.tenant_id
                              and s.id = c.partner_school_id`);
  assert.equal(partner, '27-0002');
});

test('the curator records a visit; the director accepts its recommendation into the road map', async () => {
  const recommendation = 'Провести методический семинар по формирующему оцениванию';
  const curator = await newSession(browser, { viewport: PHONE });
  try {
    await login(curator.page, server, 'khabarovsk', CURATOR, PASSWORD);
    await openCase(curator.page);
    await curator.page.getByText('Визитов пока не было.').waitFor();
    const form = curator.page.locator('details.support-record-visit');
    await form.locator('summary').click();
    await form.getByLabel('Дата визита').fill('2026-11-20');
    await form.getByLabel('Цель визита').fill('Посещение уроков математики');
    await form.getByLabel('Выводы').fill('Формирующее оценивание на уроках не применяется.');
    await form.getByLabel('Адресные рекомендации', { exact: false }).fill(recommendation);
    await form.getByRole('button', { name: 'Сохранить визит' }).click();
    await curator.page.locator('li.support-recommendation', { hasText: recommendation }).waitFor();
    await assertFitsWidth(curator.page);
    assert.deepEqual(curator.problems, []);
  } finally {
    await curator.context.close();
  }

  const director = await newSession(browser, { viewport: PHONE });
  try {
    await login(director.page, server, 'khabarovsk', DIRECTOR, PASSWORD);
    await openCase(director.page);
    const item = director.page.locator('li.support-recommendation', { hasText: recommendation });
    await item.locator('summary', { hasText: 'Решение школы' }).click();
    await item.getByLabel('Этап дорожной карты').selectOption('stage1');
    await item.getByLabel('Срок').fill('2027-01-15');
    await item.getByLabel('Ответственный').fill('Заместитель директора по УВР');
    await item.getByRole('button', { name: 'Сохранить' }).click();
    await director.page.locator('li.support-recommendation[data-state=accepted]', { hasText: 'этап 1, версия 1' }).waitFor();
    await assertFitsWidth(director.page);
    await director.page.screenshot({ path: screenshotPath('support-visit-phone.png'), fullPage: true });
    assert.deepEqual(director.problems, []);
  } finally {
    await director.context.close();
  }
  const activity = server.sql(`select v.body->'tables'->'stage1'->0->>'title' from support_document_versions v
                               join support_documents d on d.tenant_id = v.tenant_id and d.id = v.document_id
                               where d.kind = 'roadmap'`);
  assert.equal(activity, recommendation);
});
