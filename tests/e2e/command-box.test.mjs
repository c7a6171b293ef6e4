// A learner opens the page from a sub-path, types the course's EC2 demo into the command box (with a
// typo first), and sees the CLI's answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { serveSite, launch, run, saveFile, EC2_DEMO_USERDATA, EC2_DEMO_CONTAINER } from './helpers.mjs';

let site, browser, page;
const errors = [];

before(async () => {
  site = await serveSite();
  browser = await launch();
  page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(site.url);
  await page.waitForSelector('#command');
});

after(async () => {
  mkdirSync('test-results', { recursive: true });
  if (page) await page.screenshot({ path: 'test-results/command-box.png', fullPage: true });
  await browser?.close();
  site?.close();
});

test('a typo gets the CLI error with a suggestion', async () => {
  const out = await run(page, 'aws ecs register-task-defination --family web');
  assert.match(out, /Invalid choice: 'register-task-defination', maybe you meant:/);
  assert.match(out, /\* register-task-definition/);
  assert.equal(await page.locator('.entry.failed').count(), 1);
});

test('help lists what can be typed', async () => {
  const out = await run(page, 'help');
  assert.match(out, /aws ecs +clusters, container instances/);
  assert.match(out, /sandbox explain TASK\|SERVICE/);
  assert.match(out, /In the web page also: clear, undo, reset/);
  assert.equal(await page.locator('.entry.failed').count(), 1, 'help is not an error');
});

test('shell variables and $(...) carry an ID from one command to the next', async () => {
  await run(page, "SG=$(aws ec2 describe-security-groups --group-names default --query 'SecurityGroups[0].GroupId' --output text)");
  const out = await run(page, 'echo "group: $SG"');
  assert.match(out, /group: sg-[0-9a-f]{17}/);
});

test('Tab completes options and live resource names', async () => {
  await run(page, 'aws ecs create-cluster --cluster-name TabDemo --query cluster.status');
  await page.fill('#command', 'aws ecs list-tasks --clu');
  await page.press('#command', 'Tab');
  assert.equal(await page.inputValue('#command'), 'aws ecs list-tasks --cluster ');
  await page.type('#command', 'Tab');
  await page.press('#command', 'Tab');
  assert.equal(await page.inputValue('#command'), 'aws ecs list-tasks --cluster TabDemo ');
  await page.fill('#command', 'aws ecs describe-c');
  await page.press('#command', 'Tab');
  assert.match(await page.locator('.choices').innerText(), /describe-clusters/);
  await page.fill('#command', '');
});

test('the EC2 demo runs up to run-task', async () => {
  let out = await run(page, 'aws ecs create-cluster --cluster-name ECSDemo');
  assert.match(out, /"clusterName": "ECSDemo"/);

  // The files panel holds what file:// reads.
  await saveFile(page, 'userdata.txt', EC2_DEMO_USERDATA);
  await saveFile(page, 'container.json', EC2_DEMO_CONTAINER);

  await run(page, 'aws ec2 create-key-pair --key-name kp --query KeyName');
  const subnet = (await run(page, 'aws ec2 describe-subnets --query Subnets[0].SubnetId --output text')).split('\n').map((s) => s.trim()).filter(Boolean).pop();
  assert.match(subnet, /^subnet-[0-9a-f]{17}$/);
  out = await run(page, `aws ec2 run-instances --count 2 --image-id ami-0f161e6034a6262d8 --instance-type t3.medium --key-name kp --subnet-id ${subnet} --iam-instance-profile Name=ecsInstanceRole --user-data file://userdata.txt --query "Instances[].State.Name" --output text`);
  assert.match(out, /pending\tpending/);
  // Multi-line paste with a continuation.
  out = await run(page, 'aws ec2 wait instance-running \\\n  --filters Name=instance-state-name,Values=pending,running');
  assert.doesNotMatch(out, /failed/i);
  out = await run(page, 'aws ecs list-container-instances --cluster ECSDemo --query "length(containerInstanceArns)"');
  assert.match(out, /^2$/m);
  out = await run(page, 'aws ecs register-task-definition --family web --container-definitions file://container.json --query taskDefinition.taskDefinitionArn --output text');
  assert.match(out, /task-definition\/web:1/);
  out = await run(page, 'aws ecs run-task --cluster ECSDemo --task-definition web --count 2 --query "tasks[].lastStatus" --output text');
  assert.match(out, /PENDING\tPENDING/);
  assert.deepEqual(errors, []);
});

test('the graph shows the instances in their zone and the tasks on them; the inspector says why', async () => {
  const lane = page.locator('g.lane[data-zone="us-east-1a"]');
  assert.equal(await lane.locator('g.node.instance').count(), 2);
  assert.equal(await page.locator('g.chip').count(), 2);
  // Each instance carries one task (both want host port 80).
  // (A task's chip is drawn beside its instance's box, naming it in data-instance.)
  for (const node of await lane.locator('g.node.instance').evaluateAll((gs) => gs.map((g) => g.dataset.node))) {
    assert.equal(await lane.locator(`g.chip[data-instance="${node.replace('instance:', '')}"]`).count(), 1);
  }
  assert.match(await page.locator('#graph-list').textContent(), /us-east-1a: instance i-[0-9a-f]{17} \(t3\.medium, running\) in cluster ECSDemo \(ACTIVE\); CPU 100\/2048/);

  // The clock's buttons advance virtual time; the tasks turn RUNNING.
  const t0 = await page.locator('#virtual-time').innerText();
  await page.click('.clock button:has-text("+1 min")');
  await page.waitForFunction((t) => document.querySelector('#virtual-time').textContent !== t, t0);
  assert.equal(await page.locator('g.chip.running').count(), 2);
  // The change shows: a task that turned running pulses once, unless the system asks for less motion.
  const animation = () => page.locator('g.chip.running rect').first().evaluate((el) => getComputedStyle(el).animationName);
  assert.equal(await animation(), 'to-running');
  await page.emulateMedia({ reducedMotion: 'reduce' });
  assert.equal(await animation(), 'none');
  await page.emulateMedia({ reducedMotion: 'no-preference' });

  await page.locator('g.chip').first().click();
  const inspector = page.locator('.inspector');
  await inspector.locator('table.decision').waitFor();
  assert.match(await inspector.locator('h2').innerText(), /^Task [0-9a-f]{32}$/);
  assert.equal(await inspector.locator('table.decision tbody tr').count(), 2);
  assert.equal(await inspector.locator('table.decision tr.chosen').count(), 1);
  // A score column per strategy step, each instance named once, by its EC2 id.
  const strategyColumns = await inspector.locator('table.decision thead th').count() - 4;
  assert.ok(strategyColumns >= 1, 'a column per strategy step');
  assert.equal(await inspector.locator('table.decision td.score').count(), 2 * strategyColumns);
  assert.match(await inspector.locator('table.decision thead').innerText(), /1\. (spread|binpack|random)/);
  assert.doesNotMatch(await inspector.locator('ul.steps').innerText(), /=/, 'no second set of ids for the scores');
  assert.match(await inspector.innerText(), /\$ aws ecs describe-tasks --cluster ECSDemo --tasks [0-9a-f]{32}/);
  // The describe output is folded under its command; it is there when opened.
  await inspector.locator('.describe-box summary').click();
  assert.match(await inspector.locator('pre.describe').innerText(), /"lastStatus": "RUNNING"/);

  // Keyboard: a focused instance box opens with Enter.
  await lane.locator('g.node.instance').first().focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /^Instance i-/.test(document.querySelector('.inspector h2')?.textContent ?? ''));
  assert.match(await inspector.innerText(), /describe-container-instances --cluster ECSDemo/);
  assert.deepEqual(errors, []);
});

test('presenter mode makes the type larger and can be switched off', async () => {
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.terminal pre')).fontSize));
  const normal = await size();
  await page.click('#presenter');
  assert.equal(await page.getAttribute('#presenter', 'aria-pressed'), 'true');
  assert.ok((await size()) > normal * 1.2);
  await page.screenshot({ path: 'test-results/presenter.png' });
  await page.click('#presenter');
  assert.equal(await size(), normal);
});

