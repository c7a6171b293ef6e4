// Offline once loaded: after one visit, the page opens and runs commands with the network gone
// (the service worker in static/sw.js answers from its cache), from the GitHub Pages sub-path.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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

test('the page works offline after one visit', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(site.url);
  await page.waitForSelector('#command');
  const active = await page.evaluate(() => Promise.race([
    navigator.serviceWorker.ready.then(() => true),
    new Promise((resolve) => setTimeout(() => resolve(false), 10_000)),
  ]));
  assert.ok(active, 'the service worker is installed and active');
  // The first visit's files were fetched before the worker took control; a second visit caches them.
  await page.reload();
  await page.waitForSelector('#command');
  assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null));
  await run(page, 'aws ecs create-cluster --cluster-name online --query cluster.status');

  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('#command');
  const out = await run(page, 'aws ecs list-clusters --query "clusterArns[0]" --output text');
  assert.match(out, /cluster\/online/);
  assert.deepEqual(errors, []);
  await context.close();
});
