// The course's Fargate + ALB demo (seed 001), typed and pasted into the page as a learner does — the JSON
// files through the files panel, multi-line commands with "\" continuations — then read off the screen:
// two Fargate tasks as ENIs in two zones, the ip target group's targets healthy on 8080, and a curl whose
// path lights up on the graph.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { serveSite, launch, run, saveFile, lastLine } from './helpers.mjs';

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
  if (page) await page.screenshot({ path: 'test-results/fargate-demo.png', fullPage: true });
  await browser?.close();
  site?.close();
});

test('the Fargate demo, end to end in the page', async () => {
  const subnet = async (zone) => lastLine(await run(page, `aws ec2 describe-subnets --filters Name=availability-zone,Values=${zone} --query 'Subnets[0].SubnetId' --output text`));
  const A = await subnet('us-east-1a');
  const B = await subnet('us-east-1b');
  const VPC = lastLine(await run(page, "aws ec2 describe-vpcs --filters Name=isDefault,Values=true --query 'Vpcs[0].VpcId' --output text"));
  const SG = lastLine(await run(page, `aws ec2 create-security-group --group-name fargate-web --description "HTTP to the load balancer and tasks" --vpc-id ${VPC} --query GroupId --output text`));
  await run(page, `aws ec2 authorize-security-group-ingress --group-id ${SG} --protocol tcp --port 80 --cidr 0.0.0.0/0 --query Return`);
  await run(page, `aws ec2 authorize-security-group-ingress --group-id ${SG} --protocol tcp --port 8080 --cidr 0.0.0.0/0 --query Return`);

  // Pasted as the course shows it, over several lines.
  const LB = lastLine(await run(page, `aws elbv2 create-load-balancer --name FargateLoadBalancer \\\n  --subnets ${A} ${B} \\\n  --security-groups ${SG} --scheme internet-facing \\\n  --type application --ip-address-type ipv4 --query 'LoadBalancers[0].LoadBalancerArn' --output text`));
  assert.match(LB, /^arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer\/app\/FargateLoadBalancer\/[0-9a-f]{16}$/);
  const TG = lastLine(await run(page, `aws elbv2 create-target-group --name FargateTargetGroup --protocol HTTP \\\n  --port 8080 --vpc-id ${VPC} --target-type ip --query 'TargetGroups[0].TargetGroupArn' --output text`));
  assert.match(await run(page, `aws elbv2 create-listener --load-balancer-arn ${LB} --protocol HTTP \\\n  --port 80 --default-actions Type=forward,TargetGroupArn=${TG}`), /"Port": 80/);

  await run(page, 'aws ecs create-cluster --cluster-name fargate-cluster --query cluster.status');
  await saveFile(page, 'fargate-container.json', JSON.stringify([{ environment: [], name: 'webapp', mountPoints: [],
    image: '832211724792.dkr.ecr.us-east-1.amazonaws.com/pythonwebapp:latest',
    portMappings: [{ protocol: 'tcp', containerPort: 8080, hostPort: 8080 }] }], null, 4));
  const TD = lastLine(await run(page, 'aws ecs register-task-definition --family python-web-app \\\n  --task-role-arn arn:aws:iam::832211724792:role/PythonECSTask \\\n  --execution-role-arn arn:aws:iam::832211724792:role/ecsTaskExecutionRole \\\n  --network-mode awsvpc --container-definitions file://fargate-container.json \\\n  --cpu .5vCPU --memory 1GB --requires-compatibilities FARGATE --query taskDefinition.taskDefinitionArn --output text'));
  assert.match(TD, /task-definition\/python-web-app:1$/);

  await saveFile(page, 'load-balancer.json', JSON.stringify([{ targetGroupArn: TG, containerName: 'webapp', containerPort: 8080 }], null, 2));
  await saveFile(page, 'task-networking.json', JSON.stringify({ awsvpcConfiguration: { subnets: [A, B], securityGroups: [SG], assignPublicIp: 'ENABLED' } }, null, 2));
  const out = await run(page, `aws ecs create-service --cluster fargate-cluster --service-name FargateDemoService2 --task-definition ${TD} \\\n  --load-balancer file://load-balancer.json --desired-count 2 --launch-type FARGATE \\\n  --network-configuration file://task-networking.json --scheduling-strategy REPLICA \\\n  --deployment-controller type=ECS --query service.status`);
  assert.match(out, /"ACTIVE"/);

  await run(page, `aws elbv2 wait target-in-service --target-group-arn ${TG}`);
  await run(page, 'aws ecs wait services-stable --cluster fargate-cluster --services FargateDemoService2');

  // On the graph: one Fargate task in each zone, both targets healthy on 8080 with an edge to their task.
  for (const zone of ['us-east-1a', 'us-east-1b']) {
    assert.equal(await page.locator(`g.lane[data-zone="${zone}"] g.chip.running`).count(), 1);
    assert.match(await page.locator(`g.lane[data-zone="${zone}"]`).textContent(), /Fargate \(task ENIs\)/);
  }
  assert.equal(await page.locator('g.node.tg text.target.healthy').count(), 2);
  assert.match(await page.locator('g.node.tg').textContent(), /172\.31\.\d+\.\d+:8080 healthy/);
  assert.equal(await page.locator('polyline.edge.healthy').count(), 3);

  const DNS = lastLine(await run(page, "aws elbv2 describe-load-balancers --names FargateLoadBalancer --query 'LoadBalancers[0].DNSName' --output text"));
  const curl = await run(page, `curl http://${DNS}/`);
  assert.match(curl, /container webapp:8080/);
  assert.match(curl, /HTTP\/1\.1 200 OK/);
  assert.equal(await page.locator('polyline.edge.on-path').count(), 2);
  assert.equal(await page.locator('g.chip.answered').count(), 1);

  // The inspector for a Fargate task: its ENI and target.
  await page.locator('g.chip.answered').click();
  const inspector = await page.locator('.inspector').innerText();
  assert.match(inspector, /ENI eni-[0-9a-f]{17} 172\.31\.\d+\.\d+ in subnet-/);
  assert.match(inspector, /target 172\.31\.\d+\.\d+:8080 of FargateTargetGroup/);
  // Its describe output, folded under the command.
  await page.locator('.inspector .describe-box summary').click();
  assert.match(await page.locator('.inspector pre.describe').innerText(), /"launchType": "FARGATE"/);
  assert.deepEqual(errors, []);
});
