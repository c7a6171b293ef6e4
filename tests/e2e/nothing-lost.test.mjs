// Nothing is lost without asking: a reset is undone (also after a reload), a lesson opened over a
// freehand world keeps it restorable, and a share link opened over a session with work asks first
// (in a new tab and pasted into an open one), keeps the learner's session restorable, and is saved at
// once so a reload keeps it. The share box's link follows the session and has a Copy button.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveSite, launch, run } from './helpers.mjs';

let site, browser;
before(async () => { site = await serveSite(); browser = await launch(); });
after(async () => { await browser?.close(); site?.close(); });

async function open(context, url = site.url) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForSelector('#command');
  return { page, errors };
}

const clusters = async (page) => run(page, 'aws ecs list-clusters --query "clusterArns" --output text');

test('a reset is undone from its offer, and still after a reload', async () => {
  const context = await browser.newContext();
  const { page, errors } = await open(context);
  await run(page, 'aws ecs create-cluster --cluster-name mine');
  await page.click('#reset');
  await page.waitForSelector('.offer');
  assert.match(await page.locator('.offer').innerText(), /reset.*kept/s);
  assert.doesNotMatch(await clusters(page), /mine/);
  await page.reload();
  await page.waitForSelector('#restore');
  await page.click('#restore');
  assert.match(await clusters(page), /cluster\/mine/);
  // Going back is itself offered back (the fresh sandbox, with the clusters listing typed in it).
  assert.match(await page.locator('.offer').innerText(), /went back/i);
  // Undo takes a reset back too.
  await page.click('#reset');
  await page.click('#undo');
  assert.match(await clusters(page), /cluster\/mine/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('opening a lesson keeps the freehand sandbox; leaving the lesson offers it back, reload included', async () => {
  const context = await browser.newContext();
  const { page, errors } = await open(context);
  await run(page, 'aws ecs create-cluster --cluster-name freehand');
  await page.click('button.lesson-open[data-lesson="binpack"]');
  await page.waitForSelector('section.lesson');
  await page.click('#lesson-leave');
  await page.reload();
  await page.waitForSelector('.offer');
  assert.match(await page.locator('.offer').innerText(), /left the lesson.*kept/s);
  await page.click('#restore');
  assert.match(await clusters(page), /cluster\/freehand/);
  assert.equal(await page.locator('section.lesson').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a share link over a session with work asks first; either answer loses nothing', async () => {
  // The link: a session with a cluster "shared".
  const sharer = await browser.newContext();
  const { page: a } = await open(sharer);
  await run(a, 'aws ecs create-cluster --cluster-name shared');
  await a.click('#share');
  let link = await a.inputValue('#share-link');
  // The box follows the session: one more command, a longer link.
  await run(a, 'aws ecs create-cluster --cluster-name shared-too');
  const longer = await a.inputValue('#share-link');
  assert.notEqual(longer, link);
  link = longer;
  await a.click('#copy-link');
  await a.waitForSelector('#copy-feedback');
  await sharer.close();

  const context = await browser.newContext();
  const { page, errors } = await open(context);
  await run(page, 'aws ecs create-cluster --cluster-name mine');
  // Opened in this browser: it asks, and a reload asks again.
  await page.goto(link);
  await page.waitForSelector('#link-question');
  assert.match(await page.locator('#link-question').innerText(), /shared session \(2 steps\)/);
  assert.match(await clusters(page), /cluster\/mine/);
  await page.reload();
  await page.waitForSelector('#keep-mine');
  await page.click('#keep-mine');
  assert.equal(await page.locator('#link-question').count(), 0);
  await page.reload();
  await page.waitForSelector('#command');
  assert.equal(await page.locator('#link-question').count(), 0, 'answered: the link is gone');
  assert.match(await clusters(page), /cluster\/mine/);

  // Pasted into the open tab: the page reloads and asks; opening it keeps mine restorable.
  await page.evaluate((l) => { location.hash = new URL(l).hash; }, link);
  await page.waitForSelector('#open-link');
  await page.click('#open-link');
  assert.match(await clusters(page), /cluster\/shared/);
  await page.reload();
  await page.waitForSelector('#restore');
  assert.match(await clusters(page), /cluster\/shared-too/, 'the link\'s session was saved at once');
  await page.click('#restore');
  assert.match(await clusters(page), /cluster\/mine/);
  assert.doesNotMatch(await clusters(page), /shared/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a share link opened in a fresh browser is kept across a reload', async () => {
  const sharer = await browser.newContext();
  const { page: a } = await open(sharer);
  await run(a, 'aws ecs create-cluster --cluster-name from-link');
  await a.click('#share');
  const link = await a.inputValue('#share-link');
  await sharer.close();
  const context = await browser.newContext();
  const { page, errors } = await open(context, link);
  assert.equal(await page.locator('#link-question').count(), 0, 'nothing to keep: no question');
  await page.reload();
  await page.waitForSelector('#command');
  assert.match(await clusters(page), /cluster\/from-link/);
  assert.deepEqual(errors, []);
  await context.close();
});
