// The session lasts: reload keeps it, undo takes back a step, a share link opened in a fresh browser
// reproduces it, and broken stored state or links never brick the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveSite, launch, run } from './helpers.mjs';

let site, browser;

before(async () => {
  site = await serveSite();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  site?.close();
});

async function freshPage(context) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return { page, errors };
}

test('reload keeps the session; undo takes back the last command', async () => {
  const context = await browser.newContext();
  const { page, errors } = await freshPage(context);
  await page.goto(site.url);
  await page.waitForSelector('#command');
  await run(page, 'aws ecs create-cluster --cluster-name first --query cluster.status');
  await run(page, 'aws ecs create-cluster --cluster-name second --query cluster.status');
  await page.reload();
  await page.waitForSelector('#command');
  let out = await run(page, 'aws ecs list-clusters --query "length(clusterArns)"');
  assert.match(out, /^2$/m);
  await page.click('#undo'); // undoes the list-clusters
  await page.click('#undo'); // undoes "second"
  out = await run(page, 'aws ecs list-clusters --query "clusterArns[0]" --output text');
  assert.match(out, /cluster\/first/);
  assert.doesNotMatch(out, /second/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a share link opened in a fresh browser reproduces the session', async () => {
  const context = await browser.newContext();
  const { page } = await freshPage(context);
  await page.goto(site.url);
  await page.waitForSelector('#command');
  await run(page, 'aws ecs create-cluster --cluster-name shared --query cluster.clusterName');
  await run(page, 'sandbox advance 42s');
  await page.click('#share');
  const link = await page.inputValue('#share-link');
  assert.ok(link.includes('#s='), link);
  await context.close();

  const other = await browser.newContext();
  const { page: p2, errors } = await freshPage(other);
  await p2.goto(link);
  await p2.waitForSelector('#command');
  assert.match(await p2.locator('.notice').innerText(), /shared link/);
  const out = await run(p2, 'sandbox now');
  assert.match(out, /2026-01-05T09:00:42/);
  assert.match(await run(p2, 'aws ecs list-clusters --output text'), /cluster\/shared/);
  mkdirSync('test-results', { recursive: true });
  await p2.screenshot({ path: 'test-results/shared-session.png', fullPage: true });
  assert.deepEqual(errors, []);
  await other.close();
});

test('corrupt storage and damaged links are set aside with a message', async () => {
  const context = await browser.newContext();
  const { page, errors } = await freshPage(context);
  await page.goto(site.url);
  // Wait for the app to start first: started after the write, it would set the bad state aside itself
  // before the reload below, and the reload would find nothing to explain.
  await page.waitForSelector('#command');
  await page.evaluate(() => localStorage.setItem('ecs-sandbox/session', '{"format":"ecs-sandbox-session","version":99,"seed":1,"actions":[]}'));
  await page.reload();
  await page.waitForSelector('#command');
  assert.match(await page.locator('.notice').innerText(), /newer version/);
  assert.ok(await page.evaluate(() => localStorage.getItem('ecs-sandbox/session.unreadable')));
  assert.match(await run(page, 'aws ecs list-clusters'), /clusterArns/);
  await page.evaluate(() => localStorage.setItem('ecs-sandbox/session', '\u0000garbage{{{'));
  await page.reload();
  await page.waitForSelector('#command');
  assert.match(await page.locator('.notice').innerText(), /could not be read/);
  // A link pasted into the open tab: the page reloads itself to open it.
  await page.goto(site.url + '#s=THIS-IS-NOT-A-SESSION');
  await page.waitForFunction(() => document.querySelector('.notice')?.innerText.includes('shared link could not be opened'));
  assert.match(await page.locator('.notice').innerText(), /Your own session is unchanged/);
  // Hostile input: a huge paste and deeply nested JSON do not break the page.
  await run(page, 'aws ecs run-task --overrides ' + '['.repeat(20000));
  assert.match(await run(page, 'aws ecs list-clusters --query "length(clusterArns)"'), /^0$/m);
  assert.deepEqual(errors, []);
  await context.close();
});

test('export saves the session as a file; import opens it in a fresh browser; a bad file is refused', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const { page, errors } = await freshPage(context);
  await page.goto(site.url);
  await page.waitForSelector('#command');
  await run(page, 'aws ecs create-cluster --cluster-name exported --query cluster.status');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  assert.equal(download.suggestedFilename(), 'ecs-sandbox-session.json');
  const dir = mkdtempSync(join(tmpdir(), 'ecs-sandbox-export-'));
  const file = join(dir, 'session.json');
  await download.saveAs(file);
  assert.match(readFileSync(file, 'utf8'), /create-cluster --cluster-name exported/);

  const other = await browser.newContext();
  const fresh = await freshPage(other);
  await fresh.page.goto(site.url);
  await fresh.page.waitForSelector('#command');
  await fresh.page.setInputFiles('#import', file);
  await fresh.page.waitForSelector('.notice:has-text("Imported the session")');
  const out = await run(fresh.page, 'aws ecs list-clusters --query "clusterArns[0]" --output text');
  assert.match(out, /cluster\/exported/);

  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{"version": 99, "actions": []}');
  await fresh.page.setInputFiles('#import', bad);
  await fresh.page.waitForSelector('.notice:has-text("could not be imported")');
  assert.match(await run(fresh.page, 'aws ecs list-clusters --query "length(clusterArns)"'), /^1$/m, 'the current session is kept');
  assert.deepEqual([...errors, ...fresh.errors], []);
  await context.close();
  await other.close();
});
