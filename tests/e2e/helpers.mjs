// Shared set-up for the end-to-end tests: serve dist/ from a sub-path (as GitHub Pages does) and
// drive Debian's Chromium with playwright-core.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';
import assert from 'node:assert/strict';

export const SUBPATH = '/ecs-sandbox/';

export async function serveSite() {
  const site = mkdtempSync(join(tmpdir(), 'ecs-sandbox-site-'));
  mkdirSync(join(site, 'ecs-sandbox'));
  cpSync(new URL('../../dist/', import.meta.url).pathname, join(site, 'ecs-sandbox'), { recursive: true });
  const port = 18000 + Math.floor(Math.random() * 2000);
  const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1'], { cwd: site, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}${SUBPATH}`;
  for (let i = 0; i < 50; i++) {
    try { const r = await fetch(url); if (r.ok) break; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, close: () => server.kill() };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Types a command into the command box the way a learner does, and waits for its output. */
/** A page of the site in a browser context of its own, its errors collected, once the command box is up. */
export async function openPage(browser, url, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForSelector('#command');
  return { page, errors, context };
}

/** How many entries the whole output log holds (the terminal draws only the newest). */
export const logLength = (page) => page.evaluate(() => Number(document.querySelector('.terminal')?.dataset.count ?? 0));

export async function run(page, command) {
  const before = await logLength(page);
  await page.fill('#command', command);
  await page.press('#command', 'Enter');
  await page.waitForFunction((n) => Number(document.querySelector('.terminal')?.dataset.count ?? 0) > n, before);
  const added = (await logLength(page)) - before;
  const entries = page.locator('.terminal > .entry');
  const n = await entries.count();
  const texts = [];
  for (let i = Math.max(0, n - added); i < n; i++) texts.push(await entries.nth(i).innerText());
  return texts.join('\n');
}

/** Saves a file for file:// through the files panel, as a learner does (opening the panel if closed). */
export async function saveFile(page, name, body) {
  if ((await page.locator('details.files').getAttribute('open')) === null) await page.click('details.files summary');
  await page.fill('#file-name', name);
  await page.fill('#file-body', body);
  await page.click('#save-file');
}

/** The last non-empty line of a command's output (the value of an `--output text` query). */
export const lastLine = (out) => out.split('\n').map((s) => s.trim()).filter(Boolean).pop();

/** The EC2 demo's files (seeds 000/003). */
export const EC2_DEMO_USERDATA = '#!/bin/bash\necho ECS_CLUSTER=ECSDemo >> /etc/ecs/ecs.config\n';
export const EC2_DEMO_CONTAINER = JSON.stringify([{ name: 'webapp', cpu: 100, memory: 100, image: 'nginx',
  portMappings: [{ protocol: 'tcp', containerPort: 8080, hostPort: 80 }], essential: true }]);

/**
 * The usual test file's set-up: the site served from its sub-path, Chromium with a laptop-sized page open on
 * it, and afterwards a screenshot (test-results/NAME.png) and no page error allowed. The fields are filled
 * in by `before`: use them inside tests.
 */
export function openSandbox(name) {
  const s = { site: null, browser: null, context: null, page: null, errors: [] };
  before(async () => {
    s.site = await serveSite();
    s.browser = await launch();
    s.context = await s.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    s.page = await s.context.newPage();
    s.page.on('pageerror', (e) => s.errors.push(String(e)));
    await s.page.goto(s.site.url);
    await s.page.waitForSelector('#command');
  });
  after(async () => {
    mkdirSync('test-results', { recursive: true });
    if (s.page) await s.page.screenshot({ path: `test-results/${name}.png`, fullPage: true });
    await s.browser?.close();
    s.site?.close();
    assert.deepEqual(s.errors, []);
  });
  return s;
}
