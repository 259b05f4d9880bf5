// School support documents (issue 17), browser steps 2–5 on a phone: the director submits an
// anti-risk programme, the curator returns it with a comment on one field, the director
// resubmits and the curator approves; an overdue road-map activity then sends its e-mail
// (the server's deadline job, which looks every 30 seconds); the director attaches a file to
// that activity's evidence and the curator downloads it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  startServer, startMailServer, launchBrowser, waitForHydration, screenshotPath,
  registerAndConfirm, login, assertFitsWidth, newSession, PHONE,
} from './harness.mjs';

const CURATOR = 'docs-curator@khkiro.ru';
const DIRECTOR = 'docs-director@troitskoe.ru';
const PASSWORD = 'Документы-школы-2026';
const TENANT = "(select id from tenants where slug = 'khabarovsk')";
let server;
let mail;
let browser;
let caseId;

before(async () => {
  mail = await startMailServer('support-documents');
  const env = { ROST_SMTP_URL: mail.url };
  server = await startServer('support-documents', env);
  browser = await launchBrowser();
  const page = await browser.newPage();
  for (const email of [CURATOR, DIRECTOR]) {
    await registerAndConfirm(page, server, mail, email, PASSWORD);
  }
  await page.close();
  server.sql(`update users set full_name = 'Соколова Марина Викторовна' where email = '${CURATOR}'`);
  server.sql(`insert into role_grants (tenant_id, user_id, role)
              select ${TENANT}, id, 'curator' from users where email = '${CURATOR}'`);
  server.sql(`update memberships set position = 'director', school_status = 'confirmed',
                     school_id = (select id from schools where tenant_id = ${TENANT} and code = '27-0201')
              where user_id = (select id from users where email = '${DIRECTOR}')`);
  server.sql(`insert into role_grants (tenant_id, user_id, role)
              select ${TENANT}, id, 'director' from users where email = '${DIRECTOR}'`);
  caseId = server.sql(`insert into support_cases (tenant_id, school_id, year, reason, curator_id)
                       select ${TENANT}, s.id, 2026, 'Школа с низкими результатами обучения', u.id
                       from schools s, users u
                       where s.tenant_id = ${TENANT} and s.code = '27-0201' and u.email = '${CURATOR}'
                       returning id`).split('\n')[0];
});

after(async () => {
  await browser?.close();
  await server?.stop();
  mail?.stop();
});

/** Waits for a message to `recipient` containing `text`. */
async function mailWith(recipient, text) {
  for (let i = 0; i < 900; i++) {
    const found = mail.messagesTo(recipient).find((m) => m.includes(text));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no e-mail to ${recipient} with «${text}»`);
}

async function signedIn(email, path) {
  const visit = await newSession(browser, { viewport: PHONE });
  await login(visit.page, server, 'khabarovsk', email, PASSWORD);
  await visit.page.goto(server.url + path);
  await waitForHydration(visit.page);
  return visit;
}

const PROGRAMME = () => `/r/khabarovsk/support/${caseId}/documents/antirisk-staff`;
const field = (page, key) => page.locator(`[name="fields[${key}]"]`);

test('the director submits an anti-risk programme for a priority risk', async () => {
  const visit = await signedIn(DIRECTOR, `/r/khabarovsk/support/${caseId}/profile`);
  const { page } = visit;
  try {
    await page.locator('fieldset[data-factor=staff] .support-priority input').check();
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Ответы сохранены.').waitFor();

    await page.goto(server.url + `/r/khabarovsk/support/${caseId}/documents`);
    await waitForHydration(page);
    await page.getByRole('link', { name: 'Антирисковая программа: Дефицит педагогических кадров' }).click();
    await page.waitForURL('**/documents/antirisk-staff');
    await waitForHydration(page);
    await field(page, 'goal').fill('Закрыть вакансии учителей физики и математики к 1 сентября 2027 года');
    await field(page, 'task-0-text').fill('Привлечь выпускников педагогического вуза по целевому договору');
    await field(page, 'measure-0-title').fill('Договор о целевом обучении с ХГУ');
    await field(page, 'measure-0-responsible').fill('Директор');
    await field(page, 'measure-0-deadline').fill('2027-06-01');
    await field(page, 'indicator-0-name').fill('Вакансии учителей');
    await field(page, 'indicator-0-target').fill('0');
    await page.getByText('отправить куратору на согласование', { exact: false }).click();
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.locator('.support-document-state[data-state=submitted]').waitFor();
    await page.getByText('Документ на согласовании у куратора.').waitFor();
    await assertFitsWidth(page);
    await page.screenshot({ path: screenshotPath('support-document-submitted-phone.png'), fullPage: true });
    assert.deepEqual(visit.problems, []);
  } finally {
    await visit.context.close();
  }
  await mailWith(CURATOR, 'На согласование');
});

test('the curator returns it with a comment on one field', async () => {
  const visit = await signedIn(CURATOR, PROGRAMME());
  const { page } = visit;
  try {
    await page.getByLabel('Решение').selectOption('return');
    await page.getByLabel('Замечание к полю').selectOption({ label: 'Мероприятия, строка 1 — Срок' });
    await page.getByLabel('Текст замечания к полю').fill('Договор нужен до начала приёмной кампании, до 1 марта');
    await assertFitsWidth(page);
    await page.getByRole('button', { name: 'Записать решение' }).click();
    await page.locator('.support-document-state[data-state=returned]').waitFor();
    assert.deepEqual(visit.problems, []);
  } finally {
    await visit.context.close();
  }
  await mailWith(DIRECTOR, 'до 1 марта');
});

test('the director resubmits and the curator approves', async () => {
  const director = await signedIn(DIRECTOR, PROGRAMME());
  try {
    const { page } = director;
    await page.locator('.support-field-comment', { hasText: 'до 1 марта' }).first().waitFor();
    await field(page, 'measure-0-deadline').fill('2027-03-01');
    await page.getByText('отправить куратору на согласование', { exact: false }).click();
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.locator('.support-document-state[data-state=submitted]', { hasText: 'Версия 2' }).waitFor();
    await assertFitsWidth(page);
    assert.deepEqual(director.problems, []);
  } finally {
    await director.context.close();
  }
  const curator = await signedIn(CURATOR, PROGRAMME());
  try {
    const { page } = curator;
    const change = page.locator('.support-change', { hasText: 'Мероприятия, строка 1 — Срок' });
    await change.waitFor();
    assert.match(await change.textContent(), /2027-06-01[\s\S]*2027-03-01/);
    await page.getByLabel('Решение').selectOption('approve');
    await page.getByRole('button', { name: 'Записать решение' }).click();
    await page.locator('.support-document-state[data-state=approved]').waitFor();
    await assertFitsWidth(page);
    await page.screenshot({ path: screenshotPath('support-document-approved-phone.png'), fullPage: true });
    assert.deepEqual(curator.problems, []);
  } finally {
    await curator.context.close();
  }
  await mailWith(DIRECTOR, 'Согласован');
  assert.equal(server.sql('select count(*) from support_document_versions'), '2');
});

test('an overdue road-map activity sends its e-mail', async () => {
  const visit = await signedIn(DIRECTOR, `/r/khabarovsk/support/${caseId}/documents/roadmap`);
  const { page } = visit;
  try {
    const yesterday = new Date(Date.now() - 2 * 86400000).toISOString().slice(0, 10);
    await field(page, 'stage1-0-title').fill('Диагностика профессиональных дефицитов учителей');
    await field(page, 'stage1-0-deadline').fill(yesterday);
    await field(page, 'stage1-0-responsible').fill('Заместитель директора по УВР');
    await field(page, 'stage1-0-status').selectOption('in_progress');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Документ сохранён.').waitFor();
    await assertFitsWidth(page);
    assert.deepEqual(visit.problems, []);
  } finally {
    await visit.context.close();
  }
  const overdue = await mailWith(DIRECTOR, 'Просрочено мероприятие');
  assert.match(overdue, /Диагностика профессиональных дефицитов учителей/);
  await mailWith(CURATOR, 'Просрочено мероприятие');
});

const PROTOCOL = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');
const PROGRAM = Buffer.from('MZ\x90\x00\x03\x00\x00\x00This program cannot be run in DOS mode.', 'latin1');
const EVIDENCE = '.support-table[data-table=stage1] .support-row[data-row="0"] .support-evidence';

test('the director attaches a file to the activity\'s evidence and the curator downloads it', async () => {
  const director = await signedIn(DIRECTOR, `/r/khabarovsk/support/${caseId}/documents/roadmap`);
  try {
    const { page } = director;
    const evidence = page.locator(EVIDENCE);
    // A program renamed to .pdf is refused by its content, the message naming the file.
    await evidence.locator('input[type=file]').setInputFiles({ name: 'Отчёт.pdf', mimeType: 'application/pdf', buffer: PROGRAM });
    await evidence.getByRole('button', { name: 'Приложить', exact: true }).click();
    await page.waitForURL('**attach_error=**');
    await waitForHydration(page);
    await page.locator(EVIDENCE).getByRole('alert').getByText('Файл «Отчёт.pdf» — исполняемая программа', { exact: false }).waitFor();

    await page.locator(EVIDENCE).locator('input[type=file]')
      .setInputFiles({ name: 'Протокол семинара.pdf', mimeType: 'application/pdf', buffer: PROTOCOL });
    await page.locator(EVIDENCE).getByRole('button', { name: 'Приложить', exact: true }).click();
    await page.waitForURL('**attached=**');
    await waitForHydration(page);
    const attached = page.locator(EVIDENCE);
    await attached.getByText('Приложено файлов: 1.').waitFor();
    await attached.getByRole('link', { name: 'Протокол семинара.pdf' }).waitFor();
    await assertFitsWidth(page);
    await page.screenshot({ path: screenshotPath('support-evidence-attached-phone.png'), fullPage: true });
    assert.deepEqual(director.problems, []);
  } finally {
    await director.context.close();
  }
  assert.equal(server.sql("select count(*) from support_files where stage = 'stage1' and activity <> ''"), '1');

  const curator = await signedIn(CURATOR, `/r/khabarovsk/support/${caseId}/documents/roadmap`);
  try {
    const { page } = curator;
    const link = page.locator('.support-fields .support-evidence').getByRole('link', { name: 'Протокол семинара.pdf' });
    await link.waitFor();
    assert.equal(await page.locator('.support-fields .support-evidence input[type=file]').count(), 0, 'the curator reads, he does not attach');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.equal(download.suggestedFilename(), 'Протокол семинара.pdf');
    assert.deepEqual(readFileSync(await download.path()), PROTOCOL);
    await assertFitsWidth(page);
    assert.deepEqual(curator.problems, []);
  } finally {
    await curator.context.close();
  }
});
