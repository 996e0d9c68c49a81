// Figures for the app's speed and size goals (printed, never asserted):
//   1. gzip size of everything the first view loads (HTML, JS, wasm, CSS), per file and in total;
//   2. navigation → first complete frame (the stage's first paint), median of cold loads;
//   3. repaint after a parameter change at a 64×64 output, median of runs (change → painted);
//   4. the target-size panel's search in the browser (typed size → solutions listed), per framework,
//      and reading a pasted layer (typed → result shown).
// Runs against dist/ (build it first: `trunk build --release`) or BASE_URL.
import { gzipSync } from 'node:zlib';
import { start } from '../tests/e2e/harness.mjs';

const LOADS = 9;
const REPAINTS = 21;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;

const app = await start();
const { page } = app;
// Record the stage's first paint time (performance.now() at the end of paint) before anything overwrites it.
await page.addInitScript(() => {
  new MutationObserver((_, observer) => {
    const canvas = document.querySelector('[data-testid=stage][data-painted]');
    if (canvas) {
      window.__firstFrame = Number(canvas.dataset.painted);
      observer.disconnect();
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-painted'] });
});
const cdp = await page.context().newCDPSession(page);
await cdp.send('Network.enable');
await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });

// 1. What the first view loads.
const loaded = new Map();
const onResponse = async (response) => {
  try {
    const body = await response.body();
    loaded.set(new URL(response.url()).pathname, { raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
  } catch {
    // Redirects and aborted requests have no body.
  }
};
page.on('response', onResponse);
await page.goto(app.url('/'));
await page.waitForFunction(() => window.__firstFrame !== undefined);
await page.waitForLoadState('networkidle');
page.off('response', onResponse);
console.log('first view loads (gzip -9 of each response):');
let total = 0;
for (const [path, { raw, gzip }] of [...loaded].sort((a, b) => b[1].gzip - a[1].gzip)) {
  console.log(`  ${(gzip / 1024).toFixed(1).padStart(7)} KB gz  ${(raw / 1024).toFixed(1).padStart(7)} KB raw  ${path}`);
  total += gzip;
}
console.log(`  ${(total / 1024).toFixed(1).padStart(7)} KB gz  total (goal ≤ 150 KB)`);

// 2. Navigation → first complete frame, cache disabled.
const frames = [];
for (let i = 0; i < LOADS; i += 1) {
  await page.goto(app.url('/?n=' + i));
  await page.waitForFunction(() => window.__firstFrame !== undefined);
  frames.push(await page.evaluate(() => window.__firstFrame));
}
console.log(`navigation → first frame: median ${ms(median(frames))} of ${LOADS} loads ` +
  `(min ${ms(Math.min(...frames))}, max ${ms(Math.max(...frames))}; goal ≤ 150 ms)`);

// 3. Repaint after a parameter change: output_padding 1 → 0 lands on 32×32 → 64×64 (k4 s2 p1).
await page.goto(app.url('/?in=32&k=4&s=2&p=1&opad=1'));
await page.waitForFunction(() => window.__firstFrame !== undefined);
const change = (value) => page.evaluate(async (value) => {
  const field = document.querySelector('input[data-field="output_padding"]');
  const canvas = document.querySelector('[data-testid=stage]');
  const t0 = performance.now();
  const painted = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (Number(canvas.dataset.painted) > t0) {
        observer.disconnect();
        resolve([Number(canvas.dataset.painted) - t0, Number(canvas.dataset.paintMs)]);
      }
    });
    observer.observe(canvas, { attributes: true, attributeFilter: ['data-painted'] });
  });
  field.value = value;
  field.dispatchEvent(new Event('change', { bubbles: true }));
  return painted;
}, value);
const repaints = [];
const painting = [];
let size;
for (let i = 0; i < REPAINTS; i += 1) {
  const [total, paint] = await change('0');
  repaints.push(total);
  painting.push(paint);
  size = await page.getByTestId('output-size').getAttribute('data-size');
  await change('1');
}
console.log(`repaint after a change at ${size} output: median ${ms(median(repaints))} of ${REPAINTS} ` +
  `(min ${ms(Math.min(...repaints))}, max ${ms(Math.max(...repaints))}; goal ≤ 4 ms), ` +
  `of which drawing the canvas ${ms(median(painting))}`);
// 4. The panels' searches, in the page's own thread (the panel shows "Searching…" first).
const SOLVES = 5;
const timed = (testid, value, done) => page.evaluate(async ([testid, value, done]) => {
  const field = document.querySelector(`[data-testid=${testid}]`);
  const t0 = performance.now();
  const shown = new Promise((resolve) => {
    const check = () => (document.querySelector(done) ? resolve(performance.now() - t0) : requestAnimationFrame(check));
    check();
  });
  field.value = value;
  field.dispatchEvent(new Event(testid === 'paste-layer' ? 'input' : 'change', { bubbles: true }));
  return shown;
}, [testid, value, done]);
for (const fw of ['keras', 'pytorch', 'caffe', 'tensorflow', 'onnx', 'jax']) {
  await page.goto(app.url(`/?fw=${fw}&in=20&k=3&s=2&p=0&opad=0`));
  await page.waitForFunction(() => window.__firstFrame !== undefined);
  await page.locator('.lower-panels').scrollIntoViewIfNeeded();
  await page.locator('[data-testid=target-size]').scrollIntoViewIfNeeded();
  const runs = [];
  for (let i = 0; i < SOLVES; i += 1) {
    await timed('target-size', '', 'body');
    runs.push(await timed('target-size', '200x200', '[data-testid=solution], [data-testid=target-result] .error'));
  }
  const count = (await page.getByTestId('target-result').textContent()).match(/^\S+/)?.[0];
  console.log(`target size 20×20 → 200×200 in ${fw}: median ${ms(median(runs))} of ${SOLVES} to the listed solutions ` +
    `(${count} found; includes a 16 ms pause that lets "Searching…" paint)`);
}
await page.goto(app.url('/'));
await page.waitForFunction(() => window.__firstFrame !== undefined);
await page.locator('.lower-panels').scrollIntoViewIfNeeded();
await page.locator('[data-testid=paste-layer]').scrollIntoViewIfNeeded();
// The paste is read in the input event's handler itself: time the dispatch, then check it showed.
const pastes = [];
for (let i = 0; i < SOLVES; i += 1) {
  pastes.push(await page.evaluate(async (i) => {
    const field = document.querySelector('[data-testid=paste-layer]');
    field.value = `layer { type: "Deconvolution" convolution_param { num_output: 256 kernel_size: 4 pad: ${i % 2} stride: 2 } }`;
    const t0 = performance.now();
    field.dispatchEvent(new Event('input', { bubbles: true }));
    const took = performance.now() - t0;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    if (!document.querySelector('[data-testid=paste-result]')) throw new Error('no paste result');
    return took;
  }, i));
}
console.log(`paste a layer (a Caffe prototxt layer) → read, resolved, the stage switched: median ${ms(median(pastes))} of ${SOLVES}`);
if (app.errors.length) console.log('page errors:', app.errors);
await app.close();
