// Benchmarks the built site (dist/) in headless Chromium, as the budgets in the README are stated:
// first render of the empty sandbox, and one command's response with the seeds' EC2 demo loaded.
// Several runs, median reported. Usage: node scripts/bench.mjs [RUNS]   (after a release build)
import { serveSite, launch, run, saveFile, EC2_DEMO_USERDATA, EC2_DEMO_CONTAINER } from '../tests/e2e/helpers.mjs';

const RUNS = Number(process.argv[2] || 7);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const site = await serveSite();
const browser = await launch();
const firstRender = [];
const response = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(site.url);
    await page.waitForSelector('#command');
    // From navigation start to the command box being on screen.
    firstRender.push(await page.evaluate(() => performance.now()));

    // The EC2 demo of the course (seeds 000/003), then time three commands.
    await saveFile(page, 'userdata.txt', EC2_DEMO_USERDATA);
    await saveFile(page, 'container.json', EC2_DEMO_CONTAINER);
    await run(page, 'aws ecs create-cluster --cluster-name ECSDemo');
    await run(page, 'aws ec2 run-instances --count 4 --image-id ami-0f161e6034a6262d8 --instance-type t3.medium --iam-instance-profile Name=ecsInstanceRole --user-data file://userdata.txt');
    await run(page, 'aws ec2 wait instance-running --filters Name=instance-state-name,Values=pending,running');
    await run(page, 'aws ecs register-task-definition --family webapp --container-definitions file://container.json');
    for (const command of ['aws ecs run-task --cluster ECSDemo --task-definition webapp --count 2', 'aws ecs describe-clusters --clusters ECSDemo', 'aws ecs list-tasks --cluster ECSDemo']) {
      const ms = await page.evaluate(async (c) => {
        const box = document.querySelector('#command');
        const n = document.querySelectorAll('.entry').length;
        box.value = c;
        const t0 = performance.now();
        box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
        // Yew renders synchronously on the event; wait for the next frame to include layout and paint.
        await new Promise((r) => requestAnimationFrame(() => r()));
        if (document.querySelectorAll('.entry').length <= n) throw new Error('no output');
        return performance.now() - t0;
      }, command);
      response.push(ms);
    }
    await context.close();
  }
} finally {
  await browser.close();
  site.close();
}
console.log(`first render (navigation → command box), median of ${RUNS}: ${median(firstRender).toFixed(0)} ms`);
console.log(`command response (keydown → next frame) with the EC2 demo loaded, median of ${response.length}: ${median(response).toFixed(1)} ms`);
