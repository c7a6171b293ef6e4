// Accessibility: axe-core (pinned in package.json) finds no serious or critical violation on the
// empty page and with a walkthrough in progress; keyboard users get a skip link to the command box.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { serveSite, launch, run } from './helpers.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let site, browser;
before(async () => { site = await serveSite(); browser = await launch(); });
after(async () => { await browser?.close(); site?.close(); });

/** The serious and critical violations axe finds on the page, one line each. */
export async function seriousViolations(page, exclude = []) {
  await page.addScriptTag({ path: axePath });
  const found = await page.evaluate(async (exclude) => {
    const r = await window.axe.run({ include: ['body'], exclude }, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}, ${v.nodes.length}×): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  }, exclude);
  return found;
}

for (const theme of ['dark', 'light']) {
  test(`the empty page (${theme} theme): no serious or critical axe violation`, async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: theme });
    const page = await context.newPage();
    await page.goto(site.url);
    await page.waitForSelector('button.lesson-open');
    assert.deepEqual(await seriousViolations(page), []);
    await context.close();
  });
}

test('a walkthrough in progress: no serious or critical axe violation', async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  await page.goto(site.url);
  await page.click('button.lesson-open[data-lesson="ec2-demo"]');
  await page.waitForSelector('section.lesson');
  // Each step as a learner plays it: its files saved, its commands typed, the clock moved on.
  const playStep = async () => {
    const files = page.locator('button.save-lesson-file');
    for (let i = 0; i < await files.count(); i++) await files.nth(i).click();
    const buttons = page.locator('.lesson-commands button.copy');
    for (let i = 0; i < await buttons.count(); i++) {
      const entries = await page.locator('.entry').count();
      await buttons.nth(i).click();
      await page.press('#command', 'Enter');
      await page.waitForFunction((k) => document.querySelectorAll('.entry').length > k, entries);
    }
    for (let i = 0; i < 5 && !(await page.locator('#lesson-next').count()); i++) await run(page, 'sandbox advance 1m');
    await page.click('#lesson-next');
  };
  await playStep();
  await playStep();
  assert.deepEqual(await seriousViolations(page), [], 'instances on the graph');
  await playStep();
  await playStep();
  await page.locator('.graph-area g.chip').first().click();
  await page.waitForSelector('#inspector-close');
  assert.deepEqual(await seriousViolations(page), [], 'tasks on the graph, one inspected');
  await context.close();
});

test('the first Tab reaches the skip link, which moves focus to the command box', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(site.url);
  await page.waitForSelector('#command');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'command');
  await context.close();
});
