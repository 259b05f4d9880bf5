// Starts the real server binary with its own embedded database and a headless Chromium.
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '../..');
export const artifacts = path.join(here, 'artifacts');

function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'])
    .toString()
    .trim();
}

/** A free TCP port on loopback. */
export async function freePort() {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A real SMTP server (aiosmtpd) delivering into a Maildir the test reads. */
export async function startMailServer(name) {
  const port = await freePort();
  const maildir = path.join(root, 'target', 'browser-data', `${name}-maildir`);
  rmSync(maildir, { recursive: true, force: true });
  // aiosmtpd creates the Maildir itself but not its parents, which a fresh clone lacks.
  mkdirSync(path.dirname(maildir), { recursive: true });
  const child = spawn('python3', ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`,
    '-c', 'aiosmtpd.handlers.Mailbox', maildir], { stdio: ['ignore', 'ignore', 'inherit'] });
  let exited = null;
  child.on('exit', (code) => { exited = code; });
  const { connect } = await import('node:net');
  let up = false;
  for (let i = 0; i < 400 && !up && exited === null; i++) {
    up = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (!up) await new Promise((r) => setTimeout(r, 50));
  }
  if (!up) {
    child.kill();
    throw new Error(`the SMTP server (aiosmtpd) did not start${exited === null ? '' : `: exit ${exited}`}`);
  }
  const { readdirSync, readFileSync, existsSync } = await import('node:fs');
  const messagesTo = (recipient) => {
    const out = [];
    for (const folder of ['new', 'cur']) {
      const dir = path.join(maildir, folder);
      if (!existsSync(dir)) continue;
      for (const file of readdirSync(dir)) {
        const raw = readFileSync(path.join(dir, file), 'utf8').replace(/\r\n/g, '\n');
        const to = raw.split('\n').find((l) => l.toLowerCase().startsWith('to:')) ?? '';
        if (to.toLowerCase().includes(recipient.toLowerCase())) out.push(decodeMessage(raw));
      }
    }
    return out;
  };
  return {
    url: `smtp://127.0.0.1:${port}`,
    messagesTo,
    async waitFor(recipient, count = 1) {
      for (let i = 0; i < 600; i++) {
        const messages = messagesTo(recipient);
        if (messages.length >= count) return messages;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no e-mail to ${recipient}`);
    },
    stop: () => child.kill(),
  };
}

/** The message with its base64 and quoted-printable parts decoded. */
function decodeMessage(raw) {
  const blocks = raw.split('\n\n');
  let out = '';
  for (let i = 0; i + 1 < blocks.length; i++) {
    const headers = blocks[i].toLowerCase();
    const body = blocks[i + 1];
    if (headers.includes('content-transfer-encoding: base64')) {
      const lines = [];
      for (const line of body.split('\n')) {
        if (line.startsWith('--')) break;
        lines.push(line.trim());
      }
      out += Buffer.from(lines.join(''), 'base64').toString('utf8') + '\n';
    } else if (headers.includes('content-transfer-encoding: quoted-printable')) {
      const joined = body.replace(/=\n/g, '');
      const bytes = [];
      for (let j = 0; j < joined.length; j++) {
        const hex = joined.slice(j + 1, j + 3);
        if (joined[j] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) { bytes.push(parseInt(hex, 16)); j += 2; }
        else bytes.push(...Buffer.from(joined[j], 'utf8'));
      }
      out += Buffer.from(bytes).toString('utf8') + '\n';
    } else {
      out += body + '\n';
    }
  }
  return out;
}

/** The first absolute link in `message` containing `fragment`. */
export function linkIn(message, fragment) {
  const match = message.match(new RegExp(`https?://[^\\s"<]*${fragment.replace(/[?]/g, '\\?')}[^\\s"<]*`));
  if (!match) throw new Error(`no ${fragment} link in ${message}`);
  return match[0];
}

/** Starts `target/debug/server` (or $ROST_SERVER_BIN) on a random port with a fresh data folder. */
export async function startServer(name, extraEnv = {}, { keepData = false } = {}) {
  const dataDir = path.join(root, 'target', 'browser-data', name);
  if (!keepData) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const bin = process.env.ROST_SERVER_BIN ?? path.join(root, 'target', 'debug', 'server');
  const child = spawn(bin, [], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: '',
      ROST_PORT: '0',
      ROST_DATA_DIR: dataDir,
      ROST_SITE_ROOT: process.env.ROST_SITE_ROOT ?? path.join(root, 'target', 'site'),
      ROST_LOG_FORMAT: 'json',
      // The full demo (hundreds of people, Khabarovsk's indicator years) only where a test asks.
      ROST_DEMO_PEOPLE: 'false',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start in 60 s')), 60_000);
    child.on('exit', (code) => reject(new Error(`the server exited with ${code}`)));
    lines.on('line', (line) => {
      const match = line.match(/Rost is listening.*?(http:\/\/127\.0\.0\.1:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  // Keep draining the log so the server never blocks on a full pipe.
  lines.on('line', () => {});
  return {
    url,
    /** Runs SQL as the cluster's superuser, for arranging what the UI cannot (yet) do. */
    sql: (statement) =>
      execFileSync('psql', ['-h', path.join(dataDir, 'run'), '-U', 'postgres', '-d', 'rost', '-Atc', statement])
        .toString()
        .trim(),
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit');
        child.on('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

/** Every page opens on a phone unless a test asks for another viewport. */
export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const newPage = browser.newPage.bind(browser);
  browser.newPage = (options = {}) => newPage({ viewport: PHONE, ...options });
  return browser;
}

/** Opens a page that records console errors and CSP violations, and waits for hydration. */
export async function openPage(browser, url) {
  const page = await browser.newPage({ locale: 'ru-RU' });
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400 && response.url() !== url) {
      problems.push(`${response.status()} ${response.url()}`);
    }
  });
  await page.goto(url);
  return { page, problems };
}

/** A browser profile of its own (closing the browser is closing it) whose page records every page error. */
export async function newSession(browser, contextOptions = {}) {
  const context = await browser.newContext({ locale: 'ru-RU', ...contextOptions });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  return { context, page, problems };
}

/** The phone every page must fit: an iPhone 12–15 class screen in portrait. */
export const PHONE = { width: 390, height: 844 };

/** Fails when the page scrolls sideways at its current viewport, naming the widest elements. */
export async function assertFitsWidth(page) {
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return null;
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
    return { scrollWidth: document.documentElement.scrollWidth, width, wide };
  });
  if (overflow) {
    throw new Error(`${page.url()} scrolls sideways: ${overflow.scrollWidth} px wide at ${overflow.width} px (${overflow.wide.join(', ')})`);
  }
}

/** Waits until the page is interactive, then checks that it fits the screen sideways. */
export async function waitForHydration(page) {
  await page.waitForSelector('body[data-hydrated]', { timeout: 30_000 });
  await assertFitsWidth(page);
}

export function screenshotPath(name) {
  mkdirSync(artifacts, { recursive: true });
  return path.join(artifacts, name);
}

/** Registers a Khabarovsk methodologist (or another position) and confirms the address through the e-mail link. */
export async function registerAndConfirm(page, server, mail, email, password, position = 'Методист') {
  await page.goto(server.url + '/r/khabarovsk/register');
  await waitForHydration(page);
  await page.getByLabel('ФИО').fill('Оператор Региональный');
  await page.getByLabel('Электронная почта').fill(email);
  await page.getByLabel('Муниципальное образование').selectOption({ label: 'городской округ «Город Хабаровск»' });
  await page.getByLabel('Школа').selectOption({ label: 'МАОУ «Гимназия № 5»' });
  await page.getByLabel('Должность').selectOption({ label: position });
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Зарегистрироваться' }).click();
  await page.getByText('Мы отправили письмо', { exact: false }).waitFor();
  const [message] = await mail.waitFor(email, 1);
  await page.goto(linkIn(message, '/confirm?token='));
  await waitForHydration(page);
  // Whoever follows the link from the mailbox sets the password.
  await page.getByLabel('Новый пароль').fill(password);
  await page.getByRole('button', { name: 'Подтвердить адрес' }).click();
  await page.getByText('Адрес подтверждён').waitFor();
}

/** Signs in through the login form and waits for the personal account. */
export async function login(page, server, slug, email, password) {
  await page.goto(`${server.url}/r/${slug}/login`);
  await waitForHydration(page);
  await page.getByLabel('Электронная почта').fill(email);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL(`**/r/${slug}/cabinet`);
  await page.locator('.cabinet .person').waitFor();
  await assertFitsWidth(page);
}

/**
 * The texts of the right (or one wrong) option of each item of the latest micro-course check,
 * read from the database as the server scores them: the browser itself never gets a key.
 */
export function microCheckKeys(server, right) {
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

/** Answers the open micro-course check all right or all wrong, and sends it. */
export async function answerMicroCheck(page, server, right) {
  await page.locator('.check-items li.item').first().waitFor();
  const keys = microCheckKeys(server, right);
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

/**
 * Registers two directors for the club tests and does what the operators' confirmations would:
 * `khabarovsk` becomes a director of Хабаровский край, `novosibirsk` (registered through
 * Khabarovsk's form) one of Новосибирская область, and only there.
 */
export async function clubDirectors(browser, server, mail, { khabarovsk, novosibirsk }, password) {
  const page = await browser.newPage();
  await registerAndConfirm(page, server, mail, khabarovsk, password, 'Директор');
  await registerAndConfirm(page, server, mail, novosibirsk, password, 'Директор');
  await page.close();
  server.sql(`insert into role_grants (tenant_id, user_id, role)
              select t.id, u.id, 'director' from tenants t, users u
              where t.slug = 'khabarovsk' and u.email = '${khabarovsk}'`);
  server.sql(`insert into memberships (tenant_id, user_id, position)
              select t.id, u.id, 'director' from tenants t, users u
              where t.slug = 'novosibirsk' and u.email = '${novosibirsk}'`);
  server.sql(`insert into role_grants (tenant_id, user_id, role)
              select t.id, u.id, 'director' from tenants t, users u
              where t.slug = 'novosibirsk' and u.email = '${novosibirsk}'`);
}
