// Size budget: everything the site serves (wasm, JS, CSS, HTML, the service worker and the lesson
// files), gzipped as a server sends it, stays within 1 MiB (issue 15's budget for the whole site with
// every simulated service; the page had 600 KB before it). The biggest files are listed first, so a
// change that grows the page shows where.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, relative } from 'node:path';

const BUDGET = 1024 * 1024;
const dist = new URL('../../dist/', import.meta.url).pathname;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

const sizes = [];
for (const path of files(dist)) {
  if (!/\.(wasm|js|css|html|json)$/.test(path)) continue;
  sizes.push([relative(dist, path), gzipSync(readFileSync(path), { level: 9 }).length]);
}
sizes.sort((a, b) => b[1] - a[1]);
for (const [name, size] of sizes) console.log(`${name}: ${(size / 1024).toFixed(1)} KB gzipped`);
const total = sizes.reduce((sum, [, size]) => sum + size, 0);
console.log(`total: ${(total / 1024).toFixed(1)} KB gzipped (budget ${BUDGET / 1024} KB)`);
if (!sizes.some(([name]) => name.endsWith('.wasm'))) { console.error('no build output found in dist/'); process.exit(1); }
if (total > BUDGET) { console.error('over the size budget'); process.exit(1); }
