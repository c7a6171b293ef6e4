// No panic reaches the page: hostile pastes (huge, binary, deeply nested JSON, unbalanced quotes, long
// lines of options) each get an error or an answer, and the page keeps working afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { serveSite, launch, run, logLength } from './helpers.mjs';

let site, browser, page;
const errors = [];

before(async () => {
  site = await serveSite();
  browser = await launch();
  page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(site.url);
  await page.waitForSelector('#command');
});

after(async () => {
  mkdirSync('test-results', { recursive: true });
  if (page) await page.screenshot({ path: 'test-results/hostile-input.png' });
  await browser?.close();
  site?.close();
});

const hostile = [
  ['a huge paste', 'aws ecs list-clusters\n'.repeat(300) + 'x'.repeat(200_000)],
  ['binary', 'aws ecs create-cluster --cluster-name \u0000\u0001\u0002\uFFFD\uD7FF\u001b[31m'],
  ['deeply nested JSON', `aws ecs register-task-definition --family f --container-definitions '${'['.repeat(5000)}${']'.repeat(5000)}'`],
  ['deeply nested shorthand', `aws ecs create-service --service-name s --load-balancers ${'{'.repeat(3000)}`],
  ['an unbalanced quote', `aws ecs create-cluster --cluster-name "oops`],
  ['a long line of options', 'aws ecs run-task ' + '--count 1 '.repeat(2000)],
  ['a huge JSON number', `aws ecs run-task --cluster default --task-definition x --count ${'9'.repeat(400)}`],
  ['an unknown file', 'aws ecs register-task-definition --family f --container-definitions file://../../etc/passwd'],
  ['emoji and right-to-left text', 'aws ecs create-cluster --cluster-name 🚀\u202Eevil'],
];

for (const [what, text] of hostile) {
  test(`${what} gets an answer and the page stays usable`, async () => {
    const before = await logLength(page);
    await page.evaluate((t) => { document.querySelector('#command').value = t; }, text);
    await page.press('#command', 'End');
    await page.press('#command', 'Enter');
    await page.waitForFunction((n) => Number(document.querySelector('.terminal').dataset.count) > n, before, { timeout: 20_000 });
    assert.deepEqual(errors, []);
    // Still works: a normal command answers.
    const out = await run(page, 'aws ecs list-clusters --query "length(clusterArns)"');
    assert.match(out, /^\d+$/m);
  });
}

test('the graph and inspector survive hostile names', async () => {
  const out = await run(page, 'aws ecs create-cluster --cluster-name "<script>alert(1)</script>"');
  assert.match(out, /InvalidParameterException|Invalid|error/i);
  assert.equal(await page.locator('script:has-text("alert(1)")').count(), 0);
  assert.deepEqual(errors, []);
});

test('hostile lesson links get a message and leave a working page', async () => {
  for (const fragment of ['#lesson-json=%%%not-lz', '#lesson=../../etc/passwd', '#lesson=no-such-lesson', `#lesson-json=${'A'.repeat(50_000)}`]) {
    const fresh = await browser.newPage();
    fresh.on('pageerror', (e) => errors.push(String(e)));
    await fresh.goto(site.url + fragment);
    await fresh.waitForSelector('.notice');
    assert.match(await fresh.locator('.notice').innerText(), /lesson/i, fragment);
    assert.equal(await fresh.locator('section.lesson').count(), 0);
    assert.match(await run(fresh, 'aws ecs list-clusters'), /clusterArns/);
    await fresh.close();
  }
  assert.deepEqual(errors, []);
});
