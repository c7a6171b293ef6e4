// A learner builds the course's load-balanced service in the page and reads the picture: instances in
// two zones, four bridge-mode tasks with dynamic host ports, the ALB → target group → targets with an
// edge to each task, and a curl through the load balancer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { serveSite, launch, run, saveFile, lastLine, EC2_DEMO_USERDATA } from './helpers.mjs';

let site, browser, page;
const errors = [];

before(async () => {
  site = await serveSite();
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(site.url);
  await page.waitForSelector('#command');
});

after(async () => {
  mkdirSync('test-results', { recursive: true });
  if (page) await page.screenshot({ path: 'test-results/graph.png', fullPage: true });
  await browser?.close();
  site?.close();
});

test('the load-balanced service on the graph', async () => {
  await saveFile(page, 'userdata.txt', EC2_DEMO_USERDATA);
  await saveFile(page, 'web.json', JSON.stringify([{ name: 'web', image: 'nginx', memory: 128, portMappings: [{ containerPort: 80 }] }]));
  await run(page, 'aws ecs create-cluster --cluster-name ECSDemo --query cluster.status');
  const subnets = [];
  for (const zone of ['us-east-1a', 'us-east-1b']) {
    const subnet = lastLine(await run(page, `aws ec2 describe-subnets --filters Name=availability-zone,Values=${zone} --query Subnets[0].SubnetId --output text`));
    subnets.push(subnet);
    await run(page, `aws ec2 run-instances --image-id ami-0f161e6034a6262d8 --instance-type t3.medium --subnet-id ${subnet} --iam-instance-profile Name=ecsInstanceRole --user-data file://userdata.txt --query Instances[0].InstanceId`);
  }
  await run(page, 'aws ecs register-task-definition --family web --container-definitions file://web.json --query taskDefinition.revision');
  const vpc = lastLine(await run(page, 'aws ec2 describe-vpcs --query Vpcs[0].VpcId --output text'));
  const lb = lastLine(await run(page, `aws elbv2 create-load-balancer --name web --subnets ${subnets.join(' ')} --query LoadBalancers[0].LoadBalancerArn --output text`));
  const tg = lastLine(await run(page, `aws elbv2 create-target-group --name web-tg --protocol HTTP --port 80 --vpc-id ${vpc} --query TargetGroups[0].TargetGroupArn --output text`));
  await run(page, `aws elbv2 create-listener --load-balancer-arn ${lb} --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=${tg} --query Listeners[0].Port`);
  await run(page, 'sandbox advance 2m');
  const out = await run(page, `aws ecs create-service --cluster ECSDemo --service-name web --task-definition web --desired-count 4 --load-balancers targetGroupArn=${tg},containerName=web,containerPort=80 --query service.desiredCount`);
  assert.match(out, /^4$/m);
  await page.click('.clock button:has-text("+5 min")');
  await page.waitForFunction(() => document.querySelectorAll('g.chip.running').length === 4);

  for (const zone of ['us-east-1a', 'us-east-1b']) {
    assert.equal(await page.locator(`g.lane[data-zone="${zone}"] g.node.instance`).count(), 1);
    assert.equal(await page.locator(`g.lane[data-zone="${zone}"] g.chip`).count(), 2, 'the service spreads across zones');
  }
  assert.match(await page.locator('g.node.lb').textContent(), /ALB web · active/);
  assert.equal(await page.locator('g.node.tg text.target.healthy').count(), 4);
  assert.equal(await page.locator('polyline.edge.healthy').count(), 5, 'LB → target group, and one edge to each task');
  assert.match(await page.locator('#graph-list').textContent(), /Target group web-tg: (i-[0-9a-f]{17}:\d{5} healthy(, )?){4}/);

  const dns = lastLine(await run(page, `aws elbv2 describe-load-balancers --names web --query LoadBalancers[0].DNSName --output text`));
  // The load balancer's security group (the VPC default) lets nothing in from the internet yet.
  assert.match(await run(page, `curl http://${dns}/`), /no inbound rule of (sg-[0-9a-f]{17}) allows TCP 80/);
  const sg = lastLine(await run(page, 'aws ec2 describe-security-groups --group-names default --query SecurityGroups[0].GroupId --output text'));
  await run(page, `aws ec2 authorize-security-group-ingress --group-id ${sg} --protocol tcp --port 80 --cidr 0.0.0.0/0 --query Return`);
  const answered = await run(page, `curl http://${dns}/`);
  assert.doesNotMatch(answered, /curl: \(/);
  const task = answered.match(/→ task ([0-9a-f]{32})/)[1];
  // The graph lights up the path the request took.
  assert.equal(await page.locator('polyline.edge.on-path').count(), 2);
  assert.equal(await page.locator(`g.chip.answered[data-task="${task}"]`).count(), 1);

  // The events timeline: newest first, filterable by text and by kind.
  assert.match(await page.locator('#events').innerText(), /\(service web\) has reached a steady state\./);
  await page.fill('#event-filter', 'us-east-1b');
  const lines = (await page.locator('#events').innerText()).split('\n').filter(Boolean);
  assert.ok(lines.length > 0 && lines.every((l) => l.includes('us-east-1b')), lines.join('\n'));
  await page.fill('#event-filter', '');
  await page.locator('.timeline-filter label.kind', { hasText: 'task' }).locator('input').uncheck();
  assert.doesNotMatch(await page.locator('#events').innerText(), /is RUNNING/);

  await page.locator('g.node.tg').click();
  await page.waitForFunction(() => /^Target group web-tg/.test(document.querySelector('.inspector h2')?.textContent ?? ''));
  await page.locator('.inspector .describe-box summary').click();
  assert.match(await page.locator('.inspector pre.describe').innerText(), /"State": "healthy"/);

  // A zone taken down is drawn as down, its instance's agent as disconnected.
  await run(page, 'sandbox az-down us-east-1a');
  const down = page.locator('g.lane.down[data-zone="us-east-1a"]');
  assert.match(await down.textContent(), /us-east-1a\s*— down \(sandbox az-down\)/);
  assert.equal(await down.locator('g.node.instance.disconnected').count(), 1);
  assert.match(await down.locator('g.node.instance').getAttribute('aria-label'), /agent disconnected/);
  assert.match(await page.locator('#graph-list').textContent(), /us-east-1a: down \(sandbox az-down\)/);
  assert.deepEqual(errors, []);
});

// A class's account at scale, built as a learner builds it: 30 t3.medium instances over the six zones
// and three services of 70 tasks. After Fit the whole graph is in its box (no scrolling): every zone
// with work, every service's count; the graph passes axe, and the keyboard reaches a task.
test('30 instances and 210 tasks: Fit shows every busy zone and every service count; axe and the keyboard', async () => {
  // Reduced motion: the screenshot shows the colours, not a chip's fade-in.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
  const p = await context.newPage();
  const pageErrors = [];
  p.on('pageerror', (e) => pageErrors.push(String(e)));
  await p.goto(site.url);
  await p.waitForSelector('#command');
  await saveFile(p, 'userdata.txt', EC2_DEMO_USERDATA);
  await run(p, 'aws ecs create-cluster --cluster-name ECSDemo --query cluster.status');
  const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f'];
  for (const zone of zones) {
    const subnet = lastLine(await run(p, `aws ec2 describe-subnets --filters Name=availability-zone,Values=${zone} --query Subnets[0].SubnetId --output text`));
    await run(p, `aws ec2 run-instances --count 5 --image-id ami-0f161e6034a6262d8 --instance-type t3.medium --subnet-id ${subnet} --iam-instance-profile Name=ecsInstanceRole --user-data file://userdata.txt --query Instances[0].InstanceId`);
  }
  const services = ['web', 'api', 'worker'];
  for (const name of services) {
    await saveFile(p, `${name}.json`, JSON.stringify([{ name, image: 'nginx', cpu: 256, memory: 512 }]));
    await run(p, `aws ecs register-task-definition --family ${name} --container-definitions file://${name}.json --query taskDefinition.revision`);
  }
  await run(p, 'sandbox advance 2m');
  for (const name of services) {
    assert.match(await run(p, `aws ecs create-service --cluster ECSDemo --service-name ${name} --task-definition ${name} --desired-count 70 --query service.desiredCount`), /^70$/m);
  }
  await run(p, 'sandbox advance 3m');
  await p.waitForFunction(() => document.querySelectorAll('.graph-area g.chip.running').length === 210);
  assert.equal(await p.locator('.graph-area svg.graph.overview').count(), 1, 'many tasks: the overview');

  await p.click('#zoom-fit');
  const view = await p.evaluate(() => {
    const box = document.querySelector('.graph-area .graph-scroll');
    const r = box.getBoundingClientRect();
    const inside = (el) => {
      const b = el.getBoundingClientRect();
      return b.width > 0 && b.left >= r.left - 1 && b.right <= r.right + 1 && b.top >= r.top - 1 && b.bottom <= r.bottom + 1;
    };
    const labels = (sel) => [...document.querySelectorAll(sel)].map((el) => ({ text: el.textContent.trim(), inside: inside(el) }));
    return {
      zones: labels('.graph-area g.lane:not(.empty-zones) text.zone'),
      counts: labels('.graph-area text.service-count'),
      legend: labels('.graph-area text.legend-count'),
      scroll: [box.scrollWidth, box.clientWidth, box.scrollHeight, box.clientHeight],
    };
  });
  assert.deepEqual(view.zones.map((z) => z.text).sort(), zones, 'every zone has work');
  for (const label of [...view.zones, ...view.counts, ...view.legend]) assert.ok(label.inside, `${label.text} is in view`);
  assert.deepEqual(view.counts.map((c) => c.text).sort(), Array(3).fill('70 running / 70 desired'));
  assert.deepEqual(view.legend.map((c) => c.text).sort(), ['api 70', 'web 70', 'worker 70']);
  const [sw, cw, sh, ch] = view.scroll;
  assert.ok(sw <= cw + 1 && sh <= ch + 1, `no scrolling needed: ${view.scroll}`);
  mkdirSync('docs/images', { recursive: true });
  await p.screenshot({ path: 'docs/images/graph-at-scale.png' });

  await p.addScriptTag({ path: 'node_modules/axe-core/axe.min.js' });
  const axe = await p.evaluate(async () => {
    const r = await axe.run(document.querySelector('.graph-area'));
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(axe, [], 'no serious or critical accessibility violation on the graph');

  // One tab stop; arrows move from box to box; Enter on a task selects the task, not its instance.
  assert.equal(await p.locator('.graph-area svg.graph [tabindex="0"]').count(), 1);
  await p.locator('.graph-area svg.graph [tabindex="0"]').focus();
  let focused = '';
  for (let i = 0; i < 20 && !focused.startsWith('task:'); i++) {
    await p.keyboard.press('ArrowDown');
    focused = await p.evaluate(() => document.activeElement?.getAttribute('data-node') ?? '');
  }
  assert.match(focused, /^task:[0-9a-f]{32}$/);
  assert.equal(await p.locator('.graph-area svg.graph [tabindex="0"]').count(), 1, 'the tab stop moved with the focus');
  await p.keyboard.press('Enter');
  await p.waitForFunction(() => /^Task [0-9a-f]{32}$/.test(document.querySelector('.inspector h2')?.textContent ?? ''));
  assert.equal(await p.locator('.inspector table.decision').count(), 1, 'its placement decision, by keyboard');
  assert.deepEqual(pageErrors, []);
  await context.close();
});
