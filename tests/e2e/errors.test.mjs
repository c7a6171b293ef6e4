// Errors a learner can read, and a first visit that says where to start: the CLI's text is all
// kept, with "maybe you meant" and the sandbox's hints pinned first and the list of valid choices
// folded; a paste of several commands ends with a summary that jumps to the first failure; the
// commonest broken line continuations from slides get a hint.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveSite, launch, run, openPage } from './helpers.mjs';

let site, browser;
before(async () => { site = await serveSite(); browser = await launch(); });
after(async () => { await browser?.close(); site?.close(); });

const open = () => openPage(browser, site.url, { viewport: { width: 1440, height: 900 } });

test('a first visit offers the walkthrough, a challenge or a free sandbox', async () => {
  const { page, errors, context } = await open();
  assert.match(await page.locator('.welcome-card').innerText(), /Where to start/);
  await page.click('#start-free');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'command');
  await page.click('#start-walkthrough');
  await page.waitForSelector('section.lesson');
  assert.match(await page.locator('section.lesson h2').innerText(), /EC2/);
  assert.equal(await page.locator('.welcome-card').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a misspelt operation: the suggestion first, the 70 choices folded, every word kept', async () => {
  const { page, errors, context } = await open();
  await run(page, 'aws ecs list-clusterz');
  const entry = page.locator('.entry').last();
  const first = entry.locator('pre').nth(1);
  assert.equal(await first.getAttribute('class'), 'hint-line', 'the suggestion comes right after the command');
  assert.match(await first.innerText(), /maybe you meant:\n\s+\* list-clusters/);
  const fold = entry.locator('details.choices-fold');
  assert.match(await fold.locator('summary').innerText(), /^\d{2,} valid choices$/);
  assert.equal(await fold.getAttribute('open'), null, 'folded');
  assert.match(await fold.locator('pre').textContent(), /create-cluster/);
  assert.match(await entry.innerText(), /Invalid choice, valid choices are:/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a pasted block ends with a summary that jumps to its first failure; broken continuations get a hint', async () => {
  const { page, errors, context } = await open();
  const block = [
    'aws ecs create-cluster --cluster-name one',
    'aws ecs describe-clusters --clusters one --query "clusters[0].status"',
    'aws ecs create-servic --cluster one',
    'aws ecs list-clusters --query "length(clusterArns)"',
  ].join('\n');
  await run(page, block);
  const summary = page.locator('.entry.summary');
  assert.match(await summary.innerText(), /pasted 4 commands: 3 succeeded, 1 failed; the first to fail: aws ecs create-servic/);
  await page.click('.entry.summary button.jump');
  const failed = page.locator('.entry.failed').first();
  assert.match(await failed.innerText(), /create-servic/);
  assert.ok(await failed.evaluate((el) => {
    const box = el.getBoundingClientRect(), term = el.closest('.terminal').getBoundingClientRect();
    return box.top >= term.top - 1 && box.top < term.bottom;
  }), 'the first failure is scrolled into view');
  await run(page, 'aws ecs create-cluster ^\n  --cluster-name two');
  assert.match(await page.locator('.hint-line').last().innerText(), /'\^' continues a line in Windows' cmd/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a long session draws its newest output, the rest one click away', async () => {
  const { page, errors, context } = await open();
  const lines = Array.from({ length: 260 }, (_, i) => `echo line-${i}`).join('\n');
  await run(page, lines);
  // 260 commands and the paste's summary: the newest 200 drawn.
  assert.equal(await page.locator('.terminal .entry').count(), 200);
  assert.match(await page.locator('#show-earlier').innerText(), /^Show 61 earlier entries$/);
  await page.click('#show-earlier');
  assert.equal(await page.locator('.terminal .entry').count(), 261);
  assert.equal(await page.locator('#show-earlier').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
