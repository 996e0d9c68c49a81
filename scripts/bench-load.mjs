// A/B figures for the first view's speed, two builds alternated in one Chromium run (so machine
// load affects both alike). Printed, never asserted:
//   - first contentful paint (the static outline in index.html paints before the wasm);
//   - navigation → first complete frame (the stage's first paint), of the landing page and of a link;
//   - long tasks during load (main-thread tasks over 50 ms, and their total time over 50 ms);
//   - parameter change → frame rendered at a 64×64 output (output_padding 1 → 0 on 32×32, k4 s2 p1).
// Usage: node scripts/bench-load.mjs DIST_A DIST_B [LABEL_A LABEL_B]   (scripts/bench-ab.sh builds both)
import { chromium } from 'playwright-core';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveDist } from '../tests/e2e/harness.mjs';

const [distA, distB, labelA = 'A', labelB = 'B'] = process.argv.slice(2);
if (!distA || !distB) {
  console.error('usage: node scripts/bench-load.mjs DIST_A DIST_B [LABEL_A LABEL_B]');
  process.exit(2);
}
const LOADS = 15;
const CHANGES = 21;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const builds = [];
for (const [dist, label] of [[distA, labelA], [distB, labelB]]) {
  const server = await serveDist(dist);
  builds.push({ label, server, base: `http://127.0.0.1:${server.address().port}`, loads: [], links: [], ported: [], changes: [] });
}
const context = await chromium.launchPersistentContext(await mkdtemp(join(tmpdir(), 'convt-bench-')), {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 800 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const page = context.pages()[0] ?? await context.newPage();
// Before any script of the page: record long tasks, and the stage's first paint time.
await page.addInitScript(() => {
  window.__longTasks = [];
  new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration)))
    .observe({ type: 'longtask', buffered: true });
  new MutationObserver((_, observer) => {
    const canvas = document.querySelector('[data-testid=stage][data-painted]');
    if (canvas) {
      window.__firstFrame = Number(canvas.dataset.painted);
      observer.disconnect();
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-painted'] });
});
const cdp = await context.newCDPSession(page);
await cdp.send('Network.enable');
await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });

// Cold loads (the cache is off), alternating which build goes first in each round: the landing
// page, which a link with no query opens, and a link (which reads its query and loads what its
// first frame shows before that frame).
const LINK = '/?k=3&s=2&p=1&opad=1&t=4';
// A link to another framework's layer, in another view: it needs the dialects and the views too.
const PORTED = '/?fw=keras&in=20&k=3&s=10&p=same&view=gather';
const load = async (build, path, into) => {
  await page.goto(`${build.base}${path}`);
  await page.waitForFunction(() => window.__firstFrame !== undefined);
  // Long tasks are reported a moment after they end.
  await page.waitForTimeout(100);
  into.push(await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    frame: window.__firstFrame,
    longTasks: window.__longTasks.length,
    blocking: window.__longTasks.reduce((sum, d) => sum + Math.max(0, d - 50), 0),
  })));
};
for (let i = 0; i < LOADS; i += 1) {
  for (const build of i % 2 ? [...builds].reverse() : builds) {
    await load(build, '/', build.loads);
    await load(build, LINK, build.links);
    await load(build, PORTED, build.ported);
  }
}

// Parameter change → frame rendered, at a 64×64 output.
const change = (value) => page.evaluate(async (value) => {
  const field = document.querySelector('input[data-field="output_padding"]');
  const canvas = document.querySelector('[data-testid=stage]');
  const t0 = performance.now();
  const painted = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (Number(canvas.dataset.painted) > t0) {
        observer.disconnect();
        resolve(Number(canvas.dataset.painted) - t0);
      }
    });
    observer.observe(canvas, { attributes: true, attributeFilter: ['data-painted'] });
  });
  field.value = value;
  field.dispatchEvent(new Event('change', { bubbles: true }));
  return painted;
}, value);
for (let round = 0; round < 3; round += 1) {
  for (const build of round % 2 ? [...builds].reverse() : builds) {
    await page.goto(`${build.base}/?in=32&k=4&s=2&p=1&opad=1`);
    await page.waitForFunction(() => window.__firstFrame !== undefined);
    for (let i = 0; i < CHANGES / 3; i += 1) {
      build.changes.push(await change('0'));
      await change('1');
    }
  }
}

const row = (name, goal, pick) => {
  const cells = builds.map((b) => `${pick(b).toFixed(1).padStart(8)}`).join('  ');
  console.log(`${name.padEnd(40)}${cells}   ${goal}`);
};
console.log(`${''.padEnd(40)}${builds.map((b) => b.label.padStart(8)).join('  ')}   (medians; ${LOADS} cold loads each, alternated)`);
row('first contentful paint (ms)', 'goal ≤ 80', (b) => median(b.loads.map((l) => l.fcp)));
row('navigation → first complete frame (ms)', 'goal ≤ 110', (b) => median(b.loads.map((l) => l.frame)));
row(`  a link (${LINK})`, '', (b) => median(b.links.map((l) => l.frame)));
row(`  a link (${PORTED})`, '', (b) => median(b.ported.map((l) => l.frame)));
row('long tasks during load (count)', '', (b) => median([...b.loads, ...b.links, ...b.ported].map((l) => l.longTasks)));
row('their time over 50 ms (ms)', '', (b) => median([...b.loads, ...b.links, ...b.ported].map((l) => l.blocking)));
row('change → frame rendered at 64×64 (ms)', 'goal ≤ 5', (b) => median(b.changes));
await context.close();
for (const build of builds) build.server.close();
