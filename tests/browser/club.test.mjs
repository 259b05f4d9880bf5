import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  startServer, startMailServer, launchBrowser, waitForHydration, screenshotPath,
  clubDirectors, login, newSession, assertFitsWidth,
} from './harness.mjs';

// The directors' club (issue 14): two directors of two regions in one thread, live.
const KHABAROVSK = 'club-director@school5.ru';
const NOVOSIBIRSK = 'club-director@nsk-school.ru';
const PASSWORD = 'Клуб-директоров-2026';
const CLUB = 'leadership-sib-dv';
let server;
let mail;
let browser;

before(async () => {
  mail = await startMailServer('club');
  server = await startServer('club', { ROST_SMTP_URL: mail.url });
  browser = await launchBrowser();
  await clubDirectors(browser, server, mail, { khabarovsk: KHABAROVSK, novosibirsk: NOVOSIBIRSK }, PASSWORD);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  mail?.stop();
});

test('a Khabarovsk director opens a thread, a Novosibirsk director sees it live and replies, the reply becomes the decision', async () => {
  const khv = await newSession(browser);
  const nsk = await newSession(browser);
  try {
    await login(khv.page, server, 'khabarovsk', KHABAROVSK, PASSWORD);
    await khv.page.getByRole('link', { name: 'Клуб директоров' }).click();
    await khv.page.getByRole('link', { name: 'Вдохновляющее лидерство. Сибирь – Дальний Восток' }).click();
    await khv.page.getByRole('link', { name: 'Франчайзинг' }).click();
    await khv.page.waitForURL(`**/club/${CLUB}/s/franchising`);
    await waitForHydration(khv.page);
    await khv.page.getByText('Новая тема').click();
    await khv.page.getByLabel('Тема', { exact: true }).fill('Франчайзинг модели профильных классов');
    await khv.page.getByLabel('Сообщение').fill('Коллеги, кто передавал **модель профильных классов** другим школам?');
    await khv.page.getByRole('button', { name: 'Открыть тему' }).click();
    await khv.page.waitForURL(`**/club/${CLUB}/t/*`);
    await khv.page.locator('.club-post-body strong', { hasText: 'модель профильных классов' }).waitFor();
    await waitForHydration(khv.page);
    const threadUrl = khv.page.url();

    await login(nsk.page, server, 'khabarovsk', NOVOSIBIRSK, PASSWORD);
    await nsk.page.goto(threadUrl);
    await waitForHydration(nsk.page);
    await nsk.page.getByText('модель профильных классов').waitFor();

    // The author adds a detail; the open page of the other region shows it without a reload.
    await khv.page.locator('#reply').getByLabel('Сообщение').fill('Уточню: речь о 10–11 классах.');
    await khv.page.locator('#reply').getByRole('button', { name: 'Ответить' }).click();
    await nsk.page.locator('#post-2', { hasText: 'речь о 10–11 классах' }).waitFor({ timeout: 2_000 });

    await nsk.page.locator('#reply').getByLabel('Сообщение').fill('Мы составили паспорт практики и договор о сопровождении на полгода.');
    await nsk.page.locator('#reply').getByRole('button', { name: 'Ответить' }).click();
    const reply = khv.page.locator('#post-3', { hasText: 'паспорт практики' });
    await reply.waitFor({ timeout: 2_000 });
    await nsk.page.screenshot({ path: screenshotPath('club-thread-nsk.png'), fullPage: true });

    await reply.getByRole('button', { name: 'Это принятое решение' }).click();
    const decision = khv.page.locator('aside.club-decision');
    await decision.getByText('паспорт практики').waitFor();
    await khv.page.screenshot({ path: screenshotPath('club-thread-decision.png'), fullPage: true });

    // The Novosibirsk director attaches the passport to his reply; the Khabarovsk director
    // downloads it under its Cyrillic name (club::files).
    const mine = nsk.page.locator('#post-3');
    await mine.getByText('Прикрепить файлы').click();
    await mine.locator('input[type=file]').setInputFiles({
      name: 'Паспорт практики.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'),
    });
    await mine.getByRole('button', { name: 'Прикрепить', exact: true }).click();
    await nsk.page.getByText('Прикреплено файлов: 1.').waitFor();
    await waitForHydration(nsk.page);
    await khv.page.goto(threadUrl);
    await waitForHydration(khv.page);
    const file = khv.page.locator('#post-3 .club-files').getByRole('link', { name: 'Паспорт практики.pdf' });
    const [download] = await Promise.all([khv.page.waitForEvent('download'), file.click()]);
    assert.equal(download.suggestedFilename(), 'Паспорт практики.pdf');
    assert.equal(readFileSync(await download.path()).subarray(0, 5).toString(), '%PDF-');
    await assertFitsWidth(khv.page);
    await khv.page.screenshot({ path: screenshotPath('club-thread-file.png'), fullPage: true });

    // The section's filter «темы с принятым решением» lists it.
    await khv.page.goto(`${server.url}/club/${CLUB}/s/franchising?solved=1`);
    await khv.page.getByRole('link', { name: 'Франчайзинг модели профильных классов' }).waitFor();
  } finally {
    await khv.context.close();
    await nsk.context.close();
  }
  assert.deepEqual(khv.problems, []);
  assert.deepEqual(nsk.problems, []);
});
