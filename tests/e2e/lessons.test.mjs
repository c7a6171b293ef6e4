// A learner opens the lessons in the page: a level passed by its goal (any correct commands), a
// walkthrough from a #lesson= link followed with the "Type it" buttons, progress kept across a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { serveSite, launch, run } from './helpers.mjs';

let site, browser, context, page;
const errors = [];

before(async () => {
  site = await serveSite();
  browser = await launch();
  context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(site.url);
  await page.waitForSelector('#command');
});

after(async () => {
  mkdirSync('test-results', { recursive: true });
  if (page) await page.screenshot({ path: 'test-results/lessons.png', fullPage: true });
  await browser?.close();
  site?.close();
  assert.deepEqual(errors, []);
});

test('a level: the goal is checked after each command, hints and solution reveal, progress is kept', async () => {
  await page.waitForSelector('button.lesson-open[data-lesson="binpack"]');
  await page.click('button.lesson-open[data-lesson="binpack"]');
  await page.waitForSelector('section.lesson');
  assert.match(await page.locator('section.lesson h2').innerText(), /binpack/);
  assert.equal(await page.locator('.goal li.todo').count(), 2);
  // The prepared world is on the graph: three instances.
  assert.equal(await page.locator('section.picture g.node.instance').count(), 3);
  await page.click('details.goal-picture summary');
  assert.equal(await page.locator('details.goal-picture g.chip').count(), 4, 'the goal picture shows the four packed tasks');
  await page.click('#lesson-hint');
  assert.match(await page.locator('.lesson-hint').first().innerText(), /placement strategy/);
  // A wrong try: the goal stays open.
  await run(page, 'aws ecs run-task --cluster ECSDemo --task-definition web --count 4 --placement-strategy type=spread,field=instanceId');
  await run(page, 'sandbox advance 1m');
  assert.ok((await page.locator('.goal li.todo').count()) >= 1);
  await page.click('#undo');
  await page.click('#undo');
  await page.click('#lesson-solution');
  assert.match(await page.locator('.lesson-solution').innerText(), /binpack/);
  await run(page, 'aws ecs run-task --cluster ECSDemo --task-definition web --count 4 --placement-strategy type=binpack,field=cpu');
  await run(page, 'sandbox advance 1m');
  await page.waitForSelector('.lesson-done');
  assert.match(await page.locator('.lesson-done').innerText(), /Done ✔ — 2 commands \(the reference solution takes 2\)/);
  assert.match(await page.locator('.explain').innerText(), /binpack/);
  await page.reload();
  await page.waitForSelector('.lesson-done');
  await page.click('#lesson-leave');
  await page.waitForSelector('button.lesson-open[data-lesson="binpack"]');
  assert.match(await page.locator('.lesson-list li', { hasText: 'binpack' }).innerText(), /✔ 2 commands/);
});

test('a walkthrough opened from a #lesson= link, followed with the Type it buttons', async () => {
  const fresh = await context.newPage();
  fresh.on('pageerror', (e) => errors.push(String(e)));
  await fresh.goto(`${site.url}#lesson=ec2-demo`);
  await fresh.waitForSelector('section.lesson');
  assert.match(await fresh.locator('section.lesson h3').innerText(), /Create the cluster/);
  await fresh.locator('.lesson-commands button.copy').first().click();
  assert.equal(await fresh.inputValue('#command'), 'aws ecs create-cluster --cluster-name ECSDemo');
  await fresh.press('#command', 'Enter');
  await fresh.waitForFunction(() => document.querySelector('section.lesson h3')?.innerText.includes('Launch two container instances'));
  await fresh.click('button.save-lesson-file');
  assert.match(await fresh.locator('.lesson-files').innerText(), /saved ✔/);
  const buttons = fresh.locator('.lesson-commands button.copy');
  for (let i = 0; i < await buttons.count(); i++) {
    await buttons.nth(i).click();
    await fresh.press('#command', 'Enter');
  }
  await fresh.waitForFunction(() => document.querySelector('section.lesson h3')?.innerText.includes('Register the task definition'));
  assert.match(await fresh.locator('.explain').innerText(), /us-east-1b/);
  assert.equal(await fresh.locator('section.picture g.node.instance').count(), 2);
  await fresh.screenshot({ path: 'test-results/walkthrough.png', fullPage: true });
  await fresh.close();
});

test('the ECR walkthrough in the page: build, repository, login through a pipe, tag and push', async () => {
  const fresh = await context.newPage();
  fresh.on('pageerror', (e) => errors.push(String(e)));
  await fresh.goto(`${site.url}#lesson=ecr-deploy-demo`);
  await fresh.waitForSelector('section.lesson');
  for (const next of ['Create the repository', 'Log in to the registry', 'Tag and push', 'The cluster']) {
    const buttons = fresh.locator('.lesson-commands button.copy');
    for (let i = 0; i < await buttons.count(); i++) {
      await buttons.nth(i).click();
      await fresh.press('#command', 'Enter');
    }
    await fresh.waitForFunction((t) => document.querySelector('section.lesson h3')?.innerText.includes(t), next);
  }
  const log = await fresh.locator('.terminal').innerText();
  assert.match(log, /Login Succeeded/);
  assert.match(log, /latest: digest: sha256:[0-9a-f]{64} size: 1570/);
  await fresh.close();
});

test('a lesson of one\'s own: opened from a file, shared as a link that opens it in a fresh browser', async () => {
  const mine = {
    format: 'ecs-sandbox-lesson', id: 'my-first', kind: 'level', title: 'My own level', summary: 'Make a cluster called mine.',
    steps: [{ title: 'A cluster', text: 'Create the cluster mine.',
      goal: [{ says: 'mine is ACTIVE', query: "clusters[?name=='mine'] | [0].status", equals: 'ACTIVE' }],
      solution: ['aws ecs create-cluster --cluster-name mine'] }],
    wrong: [['aws ecs create-cluster --cluster-name other']],
  };
  if (await page.locator('#lesson-leave').count()) await page.click('#lesson-leave');
  await page.setInputFiles('#lesson-file', { name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(mine)) });
  await page.waitForSelector('section.lesson');
  assert.equal(await page.locator('section.lesson h2').innerText(), 'My own level');
  await page.click('#lesson-link');
  const link = await page.inputValue('#lesson-link-url');
  assert.match(link, /#lesson-json=/);
  const other = await browser.newContext();
  const fresh = await other.newPage();
  fresh.on('pageerror', (e) => errors.push(String(e)));
  await fresh.goto(link);
  await fresh.waitForSelector('section.lesson');
  assert.equal(await fresh.locator('section.lesson h2').innerText(), 'My own level');
  assert.ok(!(await fresh.evaluate(() => location.hash)).includes('lesson'), 'the fragment is dropped, so a reload continues');
  await run(fresh, 'aws ecs create-cluster --cluster-name mine');
  await fresh.waitForSelector('.lesson-done');
  await other.close();
  await page.click('#lesson-leave');
});

test('a lesson file that is not a lesson is refused with the reason, and the sandbox is unchanged', async () => {
  const before = await page.locator('.entry').count();
  await page.setInputFiles('#lesson-file', { name: 'oops.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "something else"}') });
  await page.waitForSelector('.notice');
  assert.match(await page.locator('.notice').innerText(), /The lesson could not be opened: not a valid lesson file/);
  assert.equal(await page.locator('.entry').count(), before);
  assert.equal(await page.locator('section.lesson').count(), 0);
});
