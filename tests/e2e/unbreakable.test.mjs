// Untrusted links and stored state never break the page or lose the learner's session: a link that
// would freeze the tab (four billion clock ticks), one with 100,000 actions, a decompression bomb, a
// malformed lesson, and a saved session that crashed the page while it loaded each leave the page
// usable with a clear message, and the learner's own session where it was — after a reload too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { serveSite, launch, run, openPage } from './helpers.mjs';

const LZString = createRequire(import.meta.url)('lz-string');
let site, browser;
before(async () => { site = await serveSite(); browser = await launch(); });
after(async () => { await browser?.close(); site?.close(); });

const session = (actions) => JSON.stringify({ format: 'ecs-sandbox-session', version: 1, seed: 1, actions });
const shareLink = (text) => `${site.url}#s=${LZString.compressToEncodedURIComponent(text)}`;
const clusters = (page) => run(page, 'aws ecs list-clusters --query "clusterArns" --output text');

/** A browser with a session of its own ("mine"), then the hostile link opened in it. */
/** A browser whose session holds one cluster, "mine". */
async function withMine() {
  const opened = await openPage(browser, site.url);
  await run(opened.page, 'aws ecs create-cluster --cluster-name mine');
  return opened;
}

async function openOver(link) {
  const { page, errors, context } = await withMine();
  const started = Date.now();
  await page.goto(link);
  await page.waitForSelector('#command');
  return { page, errors, context, started };
}

for (const [what, link, message] of [
  ['four billion clock ticks', () => shareLink(session([{ advance: { ms: 500, times: 4294967295 } }])), /days of virtual time/],
  ['100,000 actions', () => shareLink(session(Array.from({ length: 100000 }, () => ({ run: 'ls' })))), /100000 actions|more than 2 million characters/],
  ['a decompression bomb', () => shareLink('a'.repeat(3_000_000)), /more than 2 million characters/],
]) {
  test(`a link with ${what}: refused at once with the reason; the learner's session stays`, async () => {
    const { page, errors, context, started } = await openOver(link());
    // Over a session with work, the link asks first; opening it is refused with the reason.
    if (await page.locator('#open-link').count()) await page.click('#open-link');
    await page.waitForSelector('.notice');
    assert.match(await page.locator('.notice').innerText(), message);
    assert.ok(Date.now() - started < 15000, `answered in ${Date.now() - started} ms`);
    assert.match(await clusters(page), /cluster\/mine/);
    await page.reload();
    await page.waitForSelector('#command');
    assert.match(await clusters(page), /cluster\/mine/, 'after a reload too');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('a malformed lesson link is refused with the reason; the session is unchanged', async () => {
  const bad = LZString.compressToEncodedURIComponent(JSON.stringify({ format: 'ecs-sandbox-lesson', id: 'x', kind: 'level', title: 't', summary: 's', steps: [{ title: 'a', text: 'b', goal: [{ says: 'q', query: 'tasks[?', equals: 1 }] }] }));
  const { page, errors, context } = await openOver(`${site.url}#lesson-json=${bad}`);
  // Over a session with work, the lesson link asks first.
  await page.click('#open-link');
  await page.waitForSelector('.notice');
  assert.match(await page.locator('.notice').innerText(), /The lesson could not be opened: .*bad query/);
  assert.match(await clusters(page), /cluster\/mine/);
  assert.equal(await page.locator('section.lesson').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a saved session that crashed the page while loading is set aside, not loaded again', async () => {
  const { page, errors, context } = await withMine();
  // As a load that never finished leaves it: its mark still set.
  await page.evaluate(() => localStorage.setItem('ecs-sandbox/loading', '1'));
  await page.reload();
  await page.waitForSelector('.notice');
  assert.match(await page.locator('.notice').innerText(), /stopped the page the last time it opened.*set aside.*session\.crashed/s);
  const kept = await page.evaluate(() => localStorage.getItem('ecs-sandbox/session.crashed'));
  assert.match(kept, /create-cluster --cluster-name mine/, 'the session is kept, set aside');
  assert.doesNotMatch(await clusters(page), /mine/);
  await page.reload();
  await page.waitForSelector('#command');
  assert.equal(await page.evaluate(() => localStorage.getItem('ecs-sandbox/loading')), null, 'a load that finished clears its mark');
  assert.deepEqual(errors, []);
  await context.close();
});
