// The app shell: with a walkthrough open, the command box and the graph are both wholly on screen at
// every step, on a projector (1024×768) and a laptop (1440×900); presenter mode's text is large enough
// for the back of a room and survives a reload; a phone gets one column with the graph reachable.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { serveSite, launch, openPage } from './helpers.mjs';

let site, browser;
before(async () => { site = await serveSite(); browser = await launch(); mkdirSync('test-results', { recursive: true }); });
after(async () => { await browser?.close(); site?.close(); });

const open = (viewport) => openPage(browser, site.url, { viewport });

/** Both boxes wholly inside the viewport. */
async function assertInView(page, what) {
  const { width, height } = page.viewportSize();
  for (const sel of ['#command', '.graph-area .graph-scroll']) {
    const b = await page.locator(sel).first().boundingBox();
    assert.ok(b, `${sel} is drawn (${what})`);
    assert.ok(b.x >= 0 && b.y >= 0 && b.x + b.width <= width + 0.5 && b.y + b.height <= height + 0.5,
      `${sel} at ${JSON.stringify(b)} is inside ${width}×${height} (${what})`);
    assert.ok(b.height >= 40, `${sel} is tall enough to use (${what}: ${b.height}px)`);
  }
}

/** Plays the current step as a learner does: each "Type it", Enter, then the clock until it passes. */
async function playStep(page) {
  const line = () => page.locator('#lesson-line').innerText();
  const step = (await line()).match(/^Step \d+/)[0];
  const open = async () => { const l = await line(); return l.startsWith(step + '/') && !/✔ passed/.test(l); };
  const files = page.locator('button.save-lesson-file');
  for (let i = 0; i < await files.count(); i++) await files.nth(i).click();
  const n = await page.locator('.lesson-commands button.copy').count();
  for (let i = 0; i < n && await open(); i++) {
    const entries = await page.locator('.entry').count();
    await page.locator('.lesson-commands button.copy').nth(i).click();
    await page.press('#command', 'Enter');
    await page.waitForFunction((k) => document.querySelectorAll('.entry').length > k, entries);
  }
  for (let i = 0; i < 10 && await open(); i++) await page.click('text=+1 min');
  assert.ok(!(await open()), `${step} passes once its commands ran and the clock moved: ${await line()}`);
  const next = page.locator('#lesson-next');
  if (await next.count()) {
    // The way on is in view, wherever the lesson card is scrolled.
    const b = await next.boundingBox();
    const { width, height } = page.viewportSize();
    assert.ok(b && b.y >= 0 && b.y + b.height <= height && b.x + b.width <= width, `Next step at ${JSON.stringify(b)}`);
    await next.click();
  }
}

for (const viewport of [{ width: 1024, height: 768 }, { width: 1440, height: 900 }]) {
  test(`a walkthrough at ${viewport.width}×${viewport.height}: command box and graph in view at every step`, async () => {
    const { page, errors, context } = await open(viewport);
    await page.click('button.lesson-open[data-lesson="ec2-demo"]');
    await page.waitForSelector('#lesson-line');
    const steps = Number((await page.locator('#lesson-line').innerText()).match(/Step \d+\/(\d+)/)[1]);
    for (let step = 1; step <= steps; step++) {
      assert.match(await page.locator('#lesson-line').innerText(), new RegExp(`^Step ${step}/${steps}`));
      await assertInView(page, `step ${step}`);
      await playStep(page);
    }
    assert.match(await page.locator('#lesson-line').innerText(), /done ✔/);
    await assertInView(page, 'done');
    await page.screenshot({ path: `test-results/layout-${viewport.width}.png` });
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('the lesson card folds to one line and opens again', async () => {
  const { page, context } = await open({ width: 1024, height: 768 });
  await page.click('button.lesson-open[data-lesson="binpack"]');
  await page.waitForSelector('#lesson-line');
  assert.ok(await page.locator('.lesson h3').isVisible());
  await page.click('#lesson-fold');
  assert.equal(await page.getAttribute('#lesson-fold', 'aria-expanded'), 'false');
  assert.equal(await page.locator('.lesson h3').isVisible(), false);
  assert.match(await page.locator('#lesson-line').innerText(), /^Step 1\/\d+ · .+ · ✘ 0\/\d+$/);
  await page.click('#lesson-fold');
  assert.ok(await page.locator('.lesson h3').isVisible());
  await context.close();
});

test('presenter mode at 1024×768: large command box and graph text, kept across a reload', async () => {
  const { page, errors, context } = await open({ width: 1024, height: 768 });
  await page.click('button.lesson-open[data-lesson="ec2-demo"]');
  await page.waitForSelector('#lesson-line');
  for (let i = 0; i < 2; i++) await playStep(page);
  await page.click('#presenter');
  const sizes = async () => page.evaluate(() => {
    const command = parseFloat(getComputedStyle(document.querySelector('#command')).fontSize);
    // The size a text is drawn at on screen: its font size times the graph's zoom.
    let smallest = Infinity;
    for (const t of document.querySelectorAll('.graph-area svg.graph text')) {
      if (!t.textContent.trim() || !t.getClientRects().length) continue;
      const scale = t.getScreenCTM()?.a ?? 1;
      smallest = Math.min(smallest, parseFloat(getComputedStyle(t).fontSize) * scale);
    }
    return { command, smallest };
  });
  let s = await sizes();
  assert.ok(s.command >= 18, `command box text ${s.command}px`);
  assert.ok(s.smallest >= 18 && s.smallest < Infinity, `smallest graph text ${s.smallest}px`);
  await assertInView(page, 'presenter');
  await page.screenshot({ path: 'test-results/layout-presenter.png' });
  await page.reload();
  await page.waitForSelector('#command');
  assert.equal(await page.getAttribute('#presenter', 'aria-pressed'), 'true');
  s = await sizes();
  assert.ok(s.command >= 18 && s.smallest >= 18, `after a reload: ${JSON.stringify(s)}`);
  await page.click('#presenter');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a phone: one column, the command box first and the graph below it', async () => {
  const { page, errors, context } = await open({ width: 390, height: 844 });
  const command = await page.locator('#command').boundingBox();
  await page.locator('.graph-area .graph-scroll').scrollIntoViewIfNeeded();
  const graph = await page.locator('.graph-area .graph-scroll').boundingBox();
  assert.ok(command.width <= 390 && graph.width <= 390, 'nothing wider than the phone');
  assert.ok(graph.height >= 200, `the graph has room (${graph.height}px)`);
  await page.screenshot({ path: 'test-results/layout-phone.png', fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});
