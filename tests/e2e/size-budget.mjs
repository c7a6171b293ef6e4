// Size budget: gzipped wasm + JS + CSS of the release build must stay within 600 KB (issue: web app).
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const BUDGET = 600 * 1024;
const dist = new URL('../../dist/', import.meta.url).pathname;
let total = 0;
for (const f of readdirSync(dist)) {
  if (!/\.(wasm|js|css)$/.test(f)) continue;
  const size = gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
  console.log(`${f}: ${(size / 1024).toFixed(1)} KB gzipped`);
  total += size;
}
console.log(`total: ${(total / 1024).toFixed(1)} KB gzipped (budget ${BUDGET / 1024} KB)`);
if (total === 0) { console.error('no build output found in dist/'); process.exit(1); }
if (total > BUDGET) { console.error('over the size budget'); process.exit(1); }
