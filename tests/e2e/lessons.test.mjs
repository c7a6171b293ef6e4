// A learner opens the lessons in the page: a level passed by its goal (any correct commands), a
// walkthrough from a #lesson= link followed with the "Type it" buttons, progress kept across a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run, openSandbox } from './helpers.mjs';

const s = openSandbox('lessons');

test('a level: the goal is checked after each command, hints and solution reveal, progress is kept', async () => {
  await s.page.waitForSelector('button.lesson-open[data-lesson="binpack"]');
  // The lesson map: topics in order, the course's demos first.
  const topics = await s.page.locator('.lesson-group').allInnerTexts();
  assert.match(topics[0], /^Start here/);
  assert.ok(topics.some((t) => /^Placement/.test(t)), topics.join(' / '));
  await s.page.click('button.lesson-open[data-lesson="binpack"]');
  await s.page.waitForSelector('section.lesson');
  // The set-up's output is folded: the learner's own output comes first to the eye.
  assert.match(await s.page.locator('.setup-fold summary').innerText(), /^The lesson's set-up: \d+ commands prepared the account$/);
  assert.equal(await s.page.locator('.setup-fold').getAttribute('open'), null);
  assert.match(await s.page.locator('section.lesson h2').innerText(), /binpack/);
  assert.equal(await s.page.locator('.goal li.todo').count(), 2);
  // The prepared world is on the graph: three instances.
  assert.equal(await s.page.locator('section.picture g.node.instance').count(), 3);
  // The goal beside the account, at the same scale, with how they differ.
  await s.page.click('#goal-toggle');
  assert.equal(await s.page.locator('.compare-side.goal g.chip').count(), 4, 'the goal picture shows the four packed tasks');
  assert.match(await s.page.locator('#goal-diff').innerText(), /web:1 tasks running — now 0, goal 4/);
  await s.page.click('#goal-toggle');
  assert.equal(await s.page.locator('.compare-side').count(), 0);
  await s.page.click('#lesson-hint');
  assert.match(await s.page.locator('.lesson-hint').first().innerText(), /placement strategy/);
  // A wrong try: the goal stays open.
  await run(s.page, 'aws ecs run-task --cluster ECSDemo --task-definition web --count 4 --placement-strategy type=spread,field=instanceId');
  await run(s.page, 'sandbox advance 1m');
  assert.ok((await s.page.locator('.goal li.todo').count()) >= 1);
  await s.page.click('#undo');
  await s.page.click('#undo');
  await s.page.click('#lesson-solution');
  assert.match(await s.page.locator('.lesson-solution').innerText(), /binpack/);
  await run(s.page, 'aws ecs run-task --cluster ECSDemo --task-definition web --count 4 --placement-strategy type=binpack,field=cpu');
  // Right, but not yet: the goal says that the clock moves it.
  assert.match(await s.page.locator('#goal-waiting').innerText(), /4 tasks PENDING — time moves it/);
  await run(s.page, 'sandbox advance 1m');
  await s.page.waitForSelector('.lesson-done');
  assert.match(await s.page.locator('.lesson-done').innerText(), /Done ✔ — 1 command \(the reference solution takes 1\)/);
  assert.match(await s.page.locator('.explain').innerText(), /binpack/);
  await s.page.reload();
  await s.page.waitForSelector('.lesson-done');
  await s.page.click('#lesson-leave');
  await s.page.waitForSelector('button.lesson-open[data-lesson="binpack"]');
  assert.match(await s.page.locator('.lesson-list li', { hasText: 'binpack' }).innerText(), /✔ 1 command/);
});

test('a walkthrough opened from a #lesson= link, followed with the Type it buttons', async () => {
  const fresh = await s.context.newPage();
  fresh.on('pageerror', (e) => s.errors.push(String(e)));
  await fresh.goto(`${s.site.url}#lesson=ec2-demo`);
  // This browser holds work (the level above): the link asks before it replaces anything.
  await fresh.waitForSelector('#link-question');
  assert.match(await fresh.locator('#link-question').innerText(), /a link to the lesson "ec2-demo"\. Open it\? Your sandbox is kept either way\./);
  await fresh.click('#open-link');
  await fresh.waitForSelector('section.lesson');
  assert.match(await fresh.locator('section.lesson h3').innerText(), /Create the cluster/);
  await fresh.locator('.lesson-commands button.copy').first().click();
  assert.equal(await fresh.inputValue('#command'), 'aws ecs create-cluster --cluster-name ECSDemo');
  await fresh.press('#command', 'Enter');
  // A passed step shows what it explains and waits for the learner to move on.
  await fresh.waitForSelector('#lesson-next');
  assert.match(await fresh.locator('#lesson-line').innerText(), /^Step 1\/5 · Create the cluster · ✔ passed$/);
  await fresh.click('#lesson-next');
  await fresh.waitForFunction(() => document.querySelector('section.lesson h3')?.innerText.includes('Launch two container instances'));
  await fresh.click('button.save-lesson-file');
  assert.match(await fresh.locator('.lesson-files').innerText(), /saved ✔/);
  const buttons = fresh.locator('.lesson-commands button.copy');
  for (let i = 0; i < await buttons.count(); i++) {
    await buttons.nth(i).click();
    await fresh.press('#command', 'Enter');
  }
  await fresh.waitForSelector('#lesson-next');
  assert.match(await fresh.locator('.explain').innerText(), /us-east-1b/);
  await fresh.click('#lesson-next');
  await fresh.waitForFunction(() => document.querySelector('section.lesson h3')?.innerText.includes('Register the task definition'));
  assert.equal(await fresh.locator('section.picture g.node.instance').count(), 2);
  await fresh.screenshot({ path: 'test-results/walkthrough.png', fullPage: true });
  await fresh.close();
});

test('the ECR walkthrough in the page: build, repository, login through a pipe, tag and push', async () => {
  const fresh = await s.context.newPage();
  fresh.on('pageerror', (e) => s.errors.push(String(e)));
  await fresh.goto(`${s.site.url}#lesson=ecr-deploy-demo`);
  await fresh.click('#open-link');
  await fresh.waitForSelector('section.lesson');
  for (const next of ['Create the repository', 'Log in to the registry', 'Tag and push', 'The cluster']) {
    const buttons = fresh.locator('.lesson-commands button.copy');
    for (let i = 0; i < await buttons.count(); i++) {
      const entries = await fresh.locator('.entry').count();
      await buttons.nth(i).click();
      await fresh.press('#command', 'Enter');
      await fresh.waitForFunction((k) => document.querySelectorAll('.entry').length > k, entries);
    }
    await fresh.click('#lesson-next');
    await fresh.waitForFunction((t) => document.querySelector('section.lesson h3')?.innerText.includes(t), next);
  }
  // The push shows beside the graph: the repository with its tag.
  assert.match(await fresh.locator('.shelf').innerText(), /cda-penguin-app ← latest/);
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
  if (await s.page.locator('#lesson-leave').count()) await s.page.click('#lesson-leave');
  await s.page.setInputFiles('#lesson-file', { name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(mine)) });
  await s.page.waitForSelector('section.lesson');
  assert.equal(await s.page.locator('section.lesson h2').innerText(), 'My own level');
  await s.page.click('#lesson-link');
  const link = await s.page.inputValue('#lesson-link-url');
  assert.match(link, /#lesson-json=/);
  const other = await s.browser.newContext();
  const fresh = await other.newPage();
  fresh.on('pageerror', (e) => s.errors.push(String(e)));
  await fresh.goto(link);
  await fresh.waitForSelector('section.lesson');
  assert.equal(await fresh.locator('section.lesson h2').innerText(), 'My own level');
  assert.ok(!(await fresh.evaluate(() => location.hash)).includes('lesson'), 'the fragment is dropped, so a reload continues');
  await run(fresh, 'aws ecs create-cluster --cluster-name mine');
  await fresh.waitForSelector('.lesson-done');
  await other.close();
  await s.page.click('#lesson-leave');
});

test('a lesson file that is not a lesson is refused with the reason, and the sandbox is unchanged', async () => {
  const before = await s.page.locator('.entry').count();
  await s.page.setInputFiles('#lesson-file', { name: 'oops.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "something else"}') });
  await s.page.waitForSelector('.notice');
  assert.match(await s.page.locator('.notice').innerText(), /The lesson could not be opened: not a valid lesson file/);
  assert.equal(await s.page.locator('.entry').count(), before);
  assert.equal(await s.page.locator('section.lesson').count(), 0);
});
