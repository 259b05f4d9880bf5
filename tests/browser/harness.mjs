// Starts the real server binary with its own embedded database and a headless Chromium.
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

/** Starts `target/debug/server` (or $ROST_SERVER_BIN) on a random port with a fresh data folder. */
export async function startServer(name) {
  const dataDir = path.join(root, 'target', 'browser-data', name);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const bin = process.env.ROST_SERVER_BIN ?? path.join(root, 'target', 'debug', 'server');
  const child = spawn(bin, [], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: '',
      ROST_PORT: '0',
      ROST_DATA_DIR: dataDir,
      ROST_SITE_ROOT: path.join(root, 'target', 'site'),
      ROST_LOG_FORMAT: 'json',
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
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit');
        child.on('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

export async function launchBrowser() {
  return chromium.launch({
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

export async function waitForHydration(page) {
  await page.waitForSelector('body[data-hydrated]', { timeout: 30_000 });
}

export function screenshotPath(name) {
  mkdirSync(artifacts, { recursive: true });
  return path.join(artifacts, name);
}
