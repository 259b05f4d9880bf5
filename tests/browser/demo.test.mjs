// The full demo of a first run (issue 15): the sign-ins are read from the data folder's 0600
// file, and each shows a page full of data — the teacher's cabinet with a finished diagnostic,
// the director's school with averages over at least five people.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launchBrowser, newSession, login, screenshotPath, assertFitsWidth } from './harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let server;
let browser;

before(async () => {
  server = await startServer('demo', { ROST_DEMO_PEOPLE: 'true' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The address and password of the sign-in whose line starts with `what`. */
function signIn(what) {
  const file = path.join(root, 'target', 'browser-data', 'demo', 'demo-accounts.txt');
  assert.equal(statSync(file).mode & 0o777, 0o600, 'the file of passwords is the owner\'s only');
  const line = readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith(what));
  assert.ok(line, `no «${what}» line`);
  const [email, password] = line.slice(line.indexOf(':') + 1).trim().split(' / ');
  return { email, password };
}

test('the demo teacher and director see their diagnostics and their school filled', async () => {
  const teacher = signIn('учитель');
  const session = await newSession(browser);
  try {
    await login(session.page, server, 'khabarovsk', teacher.email, teacher.password);
    const results = session.page.locator('table.results tbody tr');
    await results.first().waitFor();
    assert.ok((await results.count()) >= 1, 'a finished diagnostic in the cabinet');
    await session.page.locator('.route-progress').waitFor();
    await session.page.screenshot({ path: screenshotPath('demo-teacher.png'), fullPage: true });
    assert.deepEqual(session.problems, []);
  } finally {
    await session.context.close();
  }

  const director = signIn('директор');
  const other = await newSession(browser);
  try {
    await login(other.page, server, 'khabarovsk', director.email, director.password);
    await other.page.goto(`${server.url}/r/khabarovsk/school`);
    const averages = other.page.locator('.school-aggregate table tr');
    await averages.first().waitFor();
    assert.ok((await averages.count()) >= 5, 'averages per competency over the school\'s people');
    await assertFitsWidth(other.page);
    await other.page.screenshot({ path: screenshotPath('demo-director.png'), fullPage: true });
    assert.deepEqual(other.problems, []);
  } finally {
    await other.context.close();
  }
});
