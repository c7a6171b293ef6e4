// The page's controls beyond the command box: the clock playing, history search, the Tab completion
// switch, the theme, zoom, and a service on the graph whose unplaced task the inspector explains.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { serveSite, launch, run, saveFile, EC2_DEMO_USERDATA, EC2_DEMO_CONTAINER } from './helpers.mjs';

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
  if (page) await page.screenshot({ path: 'test-results/controls.png', fullPage: true });
  await browser?.close();
  site?.close();
  assert.deepEqual(errors, []);
});

const virtualTime = async () => (await page.locator('#virtual-time').innerText()).replace('Virtual time ', '');

test('the clock plays at the chosen speed, pauses, and undo takes the stretch back', async () => {
  const start = await virtualTime();
  await page.selectOption('#speed', '300');
  await page.click('#play');
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'true');
  // At 300× a real second is five virtual minutes.
  await page.waitForFunction((t) => document.querySelector('#virtual-time').innerText !== `Virtual time ${t}`, start);
  await page.waitForTimeout(1200);
  await page.click('#play');
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'false');
  const paused = await virtualTime();
  assert.ok(Date.parse(paused) - Date.parse(start) >= 300_000, `${start} → ${paused}`);
  await page.waitForTimeout(700);
  assert.equal(await virtualTime(), paused, 'paused means the clock stands still');
  await page.click('#undo');
  assert.equal(await virtualTime(), start);
  assert.match(await page.locator('.terminal').innerText(), /undid: \d+ s of the clock playing/);
});

test('Ctrl+R searches the history; Enter puts the match in the command box', async () => {
  await run(page, 'aws ecs list-clusters');
  await run(page, 'aws ec2 describe-availability-zones --query "AvailabilityZones[].ZoneName"');
  await run(page, 'aws ecs list-task-definitions');
  await page.fill('#command', '');
  await page.press('#command', 'Control+r');
  await page.waitForSelector('#history-search');
  await page.type('#history-search', 'ecs list');
  assert.equal(await page.locator('#history-match').innerText(), 'aws ecs list-task-definitions');
  await page.press('#history-search', 'Control+r');
  assert.equal(await page.locator('#history-match').innerText(), 'aws ecs list-clusters');
  await page.press('#history-search', 'Enter');
  assert.equal(await page.inputValue('#command'), 'aws ecs list-clusters');
  assert.equal(await page.locator('#history-search').count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'command');
});

test('Tab completion can be switched off (Tab then moves focus), and the choice is kept', async () => {
  await page.fill('#command', 'aws ecs list-clu');
  await page.press('#command', 'Tab');
  assert.equal(await page.inputValue('#command'), 'aws ecs list-clusters ');
  await page.uncheck('#tab-completion');
  await page.fill('#command', 'aws ecs list-clu');
  await page.focus('#command');
  await page.press('#command', 'Tab');
  assert.equal(await page.inputValue('#command'), 'aws ecs list-clu');
  assert.notEqual(await page.evaluate(() => document.activeElement.id), 'command');
  await page.reload();
  await page.waitForSelector('#command');
  assert.equal(await page.isChecked('#tab-completion'), false);
  await page.check('#tab-completion');
  await page.fill('#command', '');
});

test('the light theme is a switch that lasts', async () => {
  const bg = () => page.evaluate(() => getComputedStyle(document.querySelector('.workspace')).backgroundColor);
  // The first theme is the system's (headless Chromium says light); the button switches it.
  const first = await page.getAttribute('#theme', 'aria-pressed');
  const before = await bg();
  await page.click('#theme');
  assert.equal(await page.getAttribute('#theme', 'aria-pressed'), first === 'true' ? 'false' : 'true');
  const after = await bg();
  assert.notEqual(after, before);
  await page.reload();
  await page.waitForSelector('#command');
  assert.equal(await bg(), after, 'the choice outlasts a reload');
  await page.screenshot({ path: 'test-results/theme-switched.png', fullPage: true });
  await page.click('#theme');
  assert.equal(await bg(), before);
});

test('zoom buttons scale the graph; Fit makes it as wide as its box', async () => {
  const width = () => page.evaluate(() => Number(document.querySelector('svg.graph').getAttribute('width')));
  const w1 = await width();
  await page.click('#zoom-in');
  assert.ok(Math.abs((await width()) - w1 * 1.25) < 1);
  assert.equal(await page.locator('#zoom-reset').innerText(), '125%');
  await page.click('#zoom-reset');
  assert.equal(await width(), w1);
  await page.click('#zoom-fit');
  const box = await page.evaluate(() => document.querySelector('.graph-scroll').clientWidth);
  assert.ok(Math.abs((await width()) - (box - 4)) < 2, `${await width()} vs ${box}`);
  await page.click('#zoom-reset');
});

test('a service is a box on the graph; its unplaced task is explained by cause', async () => {
  await run(page, 'aws ecs create-cluster --cluster-name ECSDemo');
  await saveFile(page, 'userdata.txt', EC2_DEMO_USERDATA);
  await saveFile(page, 'container.json', EC2_DEMO_CONTAINER);
  await run(page, 'aws ecs register-task-definition --family webapp --container-definitions file://container.json');
  await run(page, 'aws ec2 run-instances --count 2 --image-id ami-0f161e6034a6262d8 --instance-type t3.medium --iam-instance-profile Name=ecsInstanceRole --user-data file://userdata.txt');
  await run(page, 'sandbox advance 2m');
  // Port 80 is static: the third task finds both instances' port taken.
  await run(page, 'aws ecs create-service --cluster ECSDemo --service-name web --task-definition webapp --desired-count 3');
  await run(page, 'sandbox advance 1m');
  const box = page.locator('g.service g.node[aria-label="service web"]');
  await box.waitFor();
  assert.match(await box.textContent(), /2 running \/ 3 desired/);
  assert.match(await box.textContent(), /unplaced: RESOURCE:PORTS ×2/);
  await box.click();
  assert.match(await page.locator('.inspector h2').innerText(), /Service web/);
  assert.match(await page.locator('#failure-causes').innerText(), /RESOURCE:PORTS ×2/);
  assert.equal(await page.locator('.decision tbody tr').count(), 2);
  // Its tasks light up.
  assert.equal(await page.locator('g.chip.member').count(), 2);
  assert.match(await page.locator('#graph-list').textContent(), /Service web in cluster ECSDemo: desired 3, running 2/);
});

test('a skeleton is one click from a file; JSON errors show while editing; saved files reopen', async () => {
  await run(page, 'aws ecs create-cluster --generate-cli-skeleton');
  await page.locator('.entry').last().locator('button.as-file').click();
  assert.equal(await page.inputValue('#file-name'), 'create-cluster.json');
  assert.match(await page.inputValue('#file-body'), /"clusterName": ""/);
  assert.equal(await page.locator('#file-error').innerText(), '');
  await page.fill('#file-body', '{"clusterName": "FromFile",}');
  await page.locator('#file-body').dispatchEvent('input');
  assert.match(await page.locator('#file-error').innerText(), /^Invalid JSON: /);
  await page.fill('#file-body', '{"clusterName": "FromFile"}');
  await page.locator('#file-body').dispatchEvent('input');
  assert.equal(await page.locator('#file-error').innerText(), '');
  await page.click('#save-file');
  const out = await run(page, 'aws ecs create-cluster --cli-input-json file://create-cluster.json --query cluster.clusterName');
  assert.match(out, /"FromFile"/);
  await page.fill('#file-name', '');
  await page.fill('#file-body', '');
  await page.click('button.file:text("create-cluster.json")');
  assert.equal(await page.inputValue('#file-body'), '{"clusterName": "FromFile"}');
});
