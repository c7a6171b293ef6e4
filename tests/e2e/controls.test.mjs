// The page's controls beyond the command box: the clock playing, history search, the Tab completion
// switch, the theme, zoom, and a service on the graph whose unplaced task the inspector explains.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run, saveFile, EC2_DEMO_USERDATA, EC2_DEMO_CONTAINER, openSandbox } from './helpers.mjs';

const s = openSandbox('controls');
// The clock reads like a clock (09:02:15 +2 m 15 s); its title holds the full timestamp.
const virtualTime = async () => s.page.getAttribute('#virtual-time', 'title');

test('the clock plays at the chosen speed, pauses, and undo takes the stretch back', async () => {
  const start = await virtualTime();
  await s.page.selectOption('#speed', '300');
  await s.page.click('#play');
  assert.equal(await s.page.getAttribute('#play', 'aria-pressed'), 'true');
  // At 300× a real second is five virtual minutes.
  await s.page.waitForFunction((t) => document.querySelector('#virtual-time').title !== t, start);
  await s.page.waitForTimeout(1200);
  await s.page.click('#play');
  assert.equal(await s.page.getAttribute('#play', 'aria-pressed'), 'false');
  const paused = await virtualTime();
  assert.ok(Date.parse(paused) - Date.parse(start) >= 300_000, `${start} → ${paused}`);
  await s.page.waitForTimeout(700);
  assert.equal(await virtualTime(), paused, 'paused means the clock stands still');
  await s.page.click('#undo');
  assert.equal(await virtualTime(), start);
  assert.match(await s.page.locator('.terminal').innerText(), /undid: \d+ s of the clock playing/);
});

test('Ctrl+R searches the history; Enter puts the match in the command box', async () => {
  await run(s.page, 'aws ecs list-clusters');
  await run(s.page, 'aws ec2 describe-availability-zones --query "AvailabilityZones[].ZoneName"');
  await run(s.page, 'aws ecs list-task-definitions');
  await s.page.fill('#command', '');
  await s.page.press('#command', 'Control+r');
  await s.page.waitForSelector('#history-search');
  await s.page.type('#history-search', 'ecs list');
  assert.equal(await s.page.locator('#history-match').innerText(), 'aws ecs list-task-definitions');
  await s.page.press('#history-search', 'Control+r');
  assert.equal(await s.page.locator('#history-match').innerText(), 'aws ecs list-clusters');
  await s.page.press('#history-search', 'Enter');
  assert.equal(await s.page.inputValue('#command'), 'aws ecs list-clusters');
  assert.equal(await s.page.locator('#history-search').count(), 0);
  assert.equal(await s.page.evaluate(() => document.activeElement.id), 'command');
});

test('Tab completion can be switched off (Tab then moves focus), and the choice is kept', async () => {
  await s.page.fill('#command', 'aws ecs list-clu');
  await s.page.press('#command', 'Tab');
  assert.equal(await s.page.inputValue('#command'), 'aws ecs list-clusters ');
  await s.page.uncheck('#tab-completion');
  await s.page.fill('#command', 'aws ecs list-clu');
  await s.page.focus('#command');
  await s.page.press('#command', 'Tab');
  assert.equal(await s.page.inputValue('#command'), 'aws ecs list-clu');
  assert.notEqual(await s.page.evaluate(() => document.activeElement.id), 'command');
  await s.page.reload();
  await s.page.waitForSelector('#command');
  assert.equal(await s.page.isChecked('#tab-completion'), false);
  await s.page.check('#tab-completion');
  await s.page.fill('#command', '');
});

test('the light theme is a switch that lasts', async () => {
  const bg = () => s.page.evaluate(() => getComputedStyle(document.querySelector('.workspace')).backgroundColor);
  // The first theme is the system's (headless Chromium says light); the button switches it.
  const first = await s.page.getAttribute('#theme', 'aria-pressed');
  const before = await bg();
  await s.page.click('#theme');
  assert.equal(await s.page.getAttribute('#theme', 'aria-pressed'), first === 'true' ? 'false' : 'true');
  const after = await bg();
  assert.notEqual(after, before);
  await s.page.reload();
  await s.page.waitForSelector('#command');
  assert.equal(await bg(), after, 'the choice outlasts a reload');
  await s.page.screenshot({ path: 'test-results/theme-switched.png', fullPage: true });
  await s.page.click('#theme');
  assert.equal(await bg(), before);
});

test('zoom buttons scale the graph; Fit makes it as wide or as high as its box', async () => {
  const width = () => s.page.evaluate(() => Number(document.querySelector('svg.graph').getAttribute('width')));
  const w1 = await width();
  await s.page.click('#zoom-in');
  assert.ok(Math.abs((await width()) - w1 * 1.25) < 1);
  assert.equal(await s.page.locator('#zoom-reset').innerText(), '125%');
  await s.page.click('#zoom-reset');
  assert.equal(await width(), w1);
  await s.page.click('#zoom-fit');
  const [box, boxH, height] = await s.page.evaluate(() => [document.querySelector('.graph-scroll').clientWidth,
    document.querySelector('.graph-scroll').clientHeight, Number(document.querySelector('svg.graph').getAttribute('height'))]);
  const w = await width();
  assert.ok(w <= box - 2 && height <= boxH - 2, `inside: ${w}×${height} in ${box}×${boxH}`);
  assert.ok(Math.abs(w - (box - 4)) < 2 || Math.abs(height - (boxH - 4)) < 2 || w >= 4 * w1 - 1, `fills one way: ${w}×${height} in ${box}×${boxH}`);
  await s.page.click('#zoom-reset');
});

test('a service is a box on the graph; its unplaced task is explained by cause', async () => {
  await run(s.page, 'aws ecs create-cluster --cluster-name ECSDemo');
  await saveFile(s.page, 'userdata.txt', EC2_DEMO_USERDATA);
  await saveFile(s.page, 'container.json', EC2_DEMO_CONTAINER);
  await run(s.page, 'aws ecs register-task-definition --family webapp --container-definitions file://container.json');
  await run(s.page, 'aws ec2 run-instances --count 2 --image-id ami-0f161e6034a6262d8 --instance-type t3.medium --iam-instance-profile Name=ecsInstanceRole --user-data file://userdata.txt');
  await run(s.page, 'sandbox advance 2m');
  // Port 80 is static: the third task finds both instances' port taken.
  await run(s.page, 'aws ecs create-service --cluster ECSDemo --service-name web --task-definition webapp --desired-count 3');
  await run(s.page, 'sandbox advance 1m');
  const box = s.page.locator('g.service g.node[aria-label^="service web "]');
  await box.waitFor();
  assert.match(await box.textContent(), /2 running \/ 3 desired/);
  assert.match(await box.textContent(), /unplaced: RESOURCE:PORTS ×2/);
  await box.click();
  assert.match(await s.page.locator('.inspector h2').innerText(), /Service web/);
  assert.match(await s.page.locator('#failure-causes').innerText(), /RESOURCE:PORTS ×2/);
  assert.equal(await s.page.locator('.decision tbody tr').count(), 2);
  // Its tasks light up.
  assert.equal(await s.page.locator('g.chip.member').count(), 2);
  assert.match(await s.page.locator('#graph-list').textContent(), /Service web in cluster ECSDemo: desired 3, running 2/);
});

test('a skeleton is one click from a file; JSON errors show while editing; saved files reopen', async () => {
  await run(s.page, 'aws ecs create-cluster --generate-cli-skeleton');
  await s.page.locator('.entry').last().locator('button.as-file').click();
  assert.equal(await s.page.inputValue('#file-name'), 'create-cluster.json');
  assert.match(await s.page.inputValue('#file-body'), /"clusterName": ""/);
  assert.equal(await s.page.locator('#file-error').innerText(), '');
  await s.page.fill('#file-body', '{"clusterName": "FromFile",}');
  await s.page.locator('#file-body').dispatchEvent('input');
  assert.match(await s.page.locator('#file-error').innerText(), /^Invalid JSON: /);
  await s.page.fill('#file-body', '{"clusterName": "FromFile"}');
  await s.page.locator('#file-body').dispatchEvent('input');
  assert.equal(await s.page.locator('#file-error').innerText(), '');
  await s.page.click('#save-file');
  const out = await run(s.page, 'aws ecs create-cluster --cli-input-json file://create-cluster.json --query cluster.clusterName');
  assert.match(out, /"FromFile"/);
  await s.page.fill('#file-name', '');
  await s.page.fill('#file-body', '');
  await s.page.click('button.file:text("create-cluster.json")');
  assert.equal(await s.page.inputValue('#file-body'), '{"clusterName": "FromFile"}');
});
