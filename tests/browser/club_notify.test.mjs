// The club's notifications and events (issue 14): a Khabarovsk director follows a thread and
// gets the e-mail at the real SMTP server when a Novosibirsk director replies; the unread counter
// in the header shows and clears; the e-mail's unsubscribe link works without signing in; an
// event page shows the director's own time and registration works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, startMailServer, launchBrowser, waitForHydration, screenshotPath,
  clubDirectors, login, newSession, linkIn, assertFitsWidth,
} from './harness.mjs';

const KHABAROVSK = 'notify-director@school5.ru';
const NOVOSIBIRSK = 'notify-director@nsk-school.ru';
const PASSWORD = 'Уведомления-клуба-2026';
const CLUB = 'leadership-sib-dv';
let server;
let mail;
let browser;

before(async () => {
  mail = await startMailServer('club-notify');
  server = await startServer('club-notify', { ROST_SMTP_URL: mail.url });
  browser = await launchBrowser();
  await clubDirectors(browser, server, mail, { khabarovsk: KHABAROVSK, novosibirsk: NOVOSIBIRSK }, PASSWORD);
  server.sql(`insert into club_events (club_id, kind, title, description, description_html, starts_at,
                                       duration_minutes, capacity, link)
              select id, 'webinar', 'Вебинар: ССП для школы', 'Разбор карт', '<p>Разбор карт</p>',
                     '2027-02-10T00:00:00Z', 90, 50, 'https://example.org/webinar'
              from clubs where slug = '${CLUB}'`);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  mail?.stop();
});

test('a follower of a thread gets the e-mail of a reply, reads it in the app, and unsubscribes by the link without signing in', async () => {
  const khv = await newSession(browser);
  const nsk = await newSession(browser);
  const visitor = await newSession(browser);
  try {
    // The Novosibirsk director opens a thread.
    await login(nsk.page, server, 'khabarovsk', NOVOSIBIRSK, PASSWORD);
    await nsk.page.goto(`${server.url}/club/${CLUB}/s/franchising`);
    await waitForHydration(nsk.page);
    await nsk.page.getByText('Новая тема').click();
    await nsk.page.getByLabel('Тема', { exact: true }).fill('Доска кайдзен в учительской');
    await nsk.page.getByLabel('Сообщение').fill('Кто вёл доску улучшений с педагогами? Как не бросить через месяц?');
    await nsk.page.getByRole('button', { name: 'Открыть тему' }).click();
    await nsk.page.waitForURL(`**/club/${CLUB}/t/*`);
    await waitForHydration(nsk.page);
    const threadUrl = nsk.page.url();

    // The Khabarovsk director follows it, mailed at once.
    await login(khv.page, server, 'khabarovsk', KHABAROVSK, PASSWORD);
    await khv.page.goto(threadUrl);
    await waitForHydration(khv.page);
    const control = khv.page.locator('form.subscribe-control');
    await control.getByLabel('Уведомления по теме').selectOption({ label: 'Сразу' });
    await control.getByRole('button', { name: 'Сохранить' }).click();
    await control.getByText('Сохранено.').waitFor();

    const before = mail.messagesTo(KHABAROVSK).length;
    await nsk.page.locator('#reply').getByLabel('Сообщение').fill('Мы разбираем доску каждую пятницу по 15 минут, с одним улучшением в неделю.');
    await nsk.page.locator('#reply').getByRole('button', { name: 'Ответить' }).click();
    const messages = await mail.waitFor(KHABAROVSK, before + 1);
    const message = messages.find((m) => m.includes('каждую пятницу по 15 минут'));
    assert.ok(message, 'the reply is in the e-mail');
    assert.ok(message.includes('Доска кайдзен в учительской'), 'grouped under its thread');

    // The header counts it; the notifications page lists it; reading clears the counter.
    await khv.page.goto(`${server.url}/club/${CLUB}`);
    await waitForHydration(khv.page);
    const counter = khv.page.locator('header .unread-counter');
    await counter.locator('.badge', { hasText: '1' }).waitFor();
    await counter.click();
    await khv.page.waitForURL(`**/club/${CLUB}/notifications`);
    await waitForHydration(khv.page);
    await khv.page.locator('.notices li.unread', { hasText: 'Доска кайдзен в учительской' }).waitFor();
    await khv.page.screenshot({ path: screenshotPath('club-notifications.png'), fullPage: true });
    await khv.page.getByRole('button', { name: 'Отметить все как прочитанные' }).click();
    await khv.page.waitForURL(`**/club/${CLUB}/notifications?read`);
    await counter.waitFor({ state: 'detached' });
    assert.equal(await khv.page.locator('.notices li.unread').count(), 0);

    // The e-mail's link, opened without a session, turns the subscription off.
    await visitor.page.goto(linkIn(message, '/club-unsubscribe/'));
    await waitForHydration(visitor.page);
    await visitor.page.getByText('Доска кайдзен в учительской', { exact: false }).waitFor();
    await visitor.page.getByRole('button', { name: 'Отписаться' }).click();
    await visitor.page.getByText('Готово: письма по этой подписке больше не придут.').waitFor();

    const after = mail.messagesTo(KHABAROVSK).length;
    await nsk.page.locator('#reply').getByLabel('Сообщение').fill('И фотографируем доску до и после.');
    await nsk.page.locator('#reply').getByRole('button', { name: 'Ответить' }).click();
    await nsk.page.locator('#post-3').waitFor();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    assert.equal(mail.messagesTo(KHABAROVSK).length, after, 'no mail after unsubscribing');
    for (const session of [khv, nsk, visitor]) assert.deepEqual(session.problems, []);
  } finally {
    await khv.context.close();
    await nsk.context.close();
    await visitor.context.close();
  }
});

test('an event page shows the director\'s own time, and registration works', async () => {
  const khv = await newSession(browser);
  try {
    await login(khv.page, server, 'khabarovsk', KHABAROVSK, PASSWORD);
    await khv.page.goto(`${server.url}/club/${CLUB}/events`);
    await waitForHydration(khv.page);
    const card = khv.page.locator('.event-card', { hasText: 'Вебинар: ССП для школы' });
    await card.getByText('10.02.2027, 10:00 (UTC+10)').waitFor();
    await card.getByRole('link', { name: 'Вебинар: ССП для школы' }).click();
    await khv.page.waitForURL(`**/club/${CLUB}/events/*`);
    await waitForHydration(khv.page);
    await khv.page.locator('.local-time', { hasText: '10.02.2027, 10:00 (UTC+10)' }).waitFor();
    await khv.page.getByRole('button', { name: 'Записаться' }).click();
    await khv.page.getByText('Вы записаны.', { exact: false }).waitFor();
    await khv.page.getByText('Записано: 1 из 50').waitFor();
    await khv.page.screenshot({ path: screenshotPath('club-event.png'), fullPage: true });

    // The past webinar of the demo carries its speakers' presentations, which a member downloads.
    const webinar = server.sql(`select e.id from club_events e join clubs c on c.id = e.club_id
      where c.slug = '${CLUB}' and e.title like 'Кайдзен в школе%'`);
    await khv.page.goto(`${server.url}/club/${CLUB}/events/${webinar}`);
    await waitForHydration(khv.page);
    const deck = khv.page.getByRole('link', { name: 'Кузнецова М. Ю. — 5S в кабинетах.pptx' });
    await deck.waitFor();
    await khv.page.getByRole('link', { name: 'Журавлева С. П. — кайдзен-предложения.pptx' }).waitFor();
    const download = await khv.context.request.get(new URL(await deck.getAttribute('href'), server.url).href);
    assert.equal(download.status(), 200);
    assert.equal(download.headers()['content-type'], 'application/vnd.openxmlformats-officedocument.presentationml.presentation');
    assert.equal((await download.body()).subarray(0, 2).toString(), 'PK');
    await assertFitsWidth(khv.page);
    assert.deepEqual(khv.problems, []);
  } finally {
    await khv.context.close();
  }
});
