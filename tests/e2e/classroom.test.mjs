// End-to-end: the stage in a classroom: sized to the room it has on every common screen, there
// before the wasm, errors beside it, and a one-page printed handout.
import { test, before, beforeEach, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, outDir } from './harness.mjs';

let app;
before(async () => { app = await start(); });
// Each test answers for the errors of its own pages only.
beforeEach(() => { if (app) app.errors.length = 0; });
after(async () => { await app?.close(); });

const painted = async () => app.page.waitForSelector('[data-testid=stage][data-painted]', { timeout: 15000 });
async function open(query, viewport = { width: 1280, height: 800 }) {
  await app.page.setViewportSize(viewport);
  await app.page.goto(app.url('/' + query));
  await painted();
}
const box = async (selector) => app.page.locator(selector).first().boundingBox();

test('the stage fits the room it has: in view with its playback bar, cells as large as fit', async () => {
  const widths = {};
  for (const [width, height] of [[1280, 720], [1920, 1080], [1024, 768], [390, 844]]) {
    await open('', { width, height });
    const stage = await box('[data-testid=stage]');
    const bar = await box('.playback');
    const name = `stage-${width}x${height}`;
    await app.page.screenshot({ path: join(outDir, `${name}.png`) });
    // The whole stage is on the first screen, and on a desktop screen its playback bar too.
    assert.ok(stage.y >= 0 && stage.y + stage.height <= height, `${name}: stage at ${stage.y}+${stage.height}`);
    if (width >= 1024) assert.ok(bar.y + bar.height <= height, `${name}: playback bar at ${bar.y}+${bar.height}`);
    // No horizontal scrolling.
    assert.ok(await app.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), name);
    widths[width] = stage.width;
    // A phone held upright stacks the grids (input and kernel, the output under them), so the
    // stage is taller than wide; wider screens keep them in a row.
    if (width < 500) assert.ok(stage.height > stage.width, `${name}: ${stage.width}×${stage.height}, not stacked`);
    else assert.ok(stage.width > stage.height, `${name}: ${stage.width}×${stage.height}, not in a row`);
  }
  // A projector's screen gets a larger stage than a laptop's, a laptop's than a phone's.
  assert.ok(widths[1920] > widths[1280] * 1.2, JSON.stringify(widths));
  assert.ok(widths[1280] > widths[390], JSON.stringify(widths));
  // The canvas's pixels follow its displayed size (sharp, never a stretched bitmap).
  const [shown, pixels] = await app.page.evaluate(() => {
    const canvas = document.querySelector('[data-testid=stage]');
    return [canvas.getBoundingClientRect().width * devicePixelRatio, canvas.width];
  });
  assert.ok(Math.abs(shown - pixels) <= 2, `${shown} css px × dpr vs ${pixels} canvas px`);
  assert.deepEqual(app.errors, []);
});

test('before the wasm arrives the page shows its frame, title, and the stage outline with a caption', async () => {
  await app.page.setViewportSize({ width: 1280, height: 720 });
  await app.page.route('**/*.wasm', (route) => route.abort());
  try {
    await app.page.goto(app.url('/'));
    await app.page.waitForLoadState('load');
    assert.equal(await app.page.locator('h1').textContent(), 'convt-lab');
    const outline = await box('.stage-outline');
    assert.ok(outline && outline.width > 300 && outline.height > 150, JSON.stringify(outline));
    assert.match(await app.page.locator('.stage-panel .caption').textContent(), /kernel/);
    await app.page.screenshot({ path: join(outDir, 'before-wasm.png') });
  } finally {
    await app.page.unroute('**/*.wasm');
  }
  // Then the app replaces the outline in place.
  app.errors.length = 0;
  await open('');
  assert.equal(await app.page.locator('.stage-outline').count(), 0);
  assert.equal(await app.page.locator('h1').count(), 1);
});

test('an invalid setting: the rule beside the stage, the code line not copyable', async () => {
  await open('?opad=3&s=3', { width: 1280, height: 720 });
  const error = await box('[data-testid=param-error]');
  const stage = await box('[data-testid=stage]');
  // Beside the stage: in the stage's panel, above the canvas, on the first screen.
  assert.ok(error.y < stage.y && error.y + error.height <= 720, JSON.stringify({ error, stage }));
  assert.ok(await app.page.locator('.stage-panel [data-testid=param-error]').count() === 1);
  assert.ok(await app.page.getByTestId('copy-code').isDisabled());
  // The fields the rule names are marked (PyTorch's words: "output padding must be smaller than
  // either stride or dilation"), the others not.
  const invalid = async (name) => app.page.locator(`input[data-field="${name}"]`).getAttribute('aria-invalid');
  assert.equal(await invalid('output_padding'), 'true');
  assert.equal(await invalid('stride'), 'true');
  assert.equal(await invalid('kernel_size'), 'false');
  // Valid again: the copy button comes back.
  const field = app.page.locator('input[data-field="output_padding"]');
  await field.fill('1');
  await field.dispatchEvent('change');
  await app.page.getByTestId('output-size').waitFor();
  assert.equal(await app.page.getByTestId('param-error').count(), 0);
  assert.ok(!(await app.page.getByTestId('copy-code').isDisabled()));
  assert.equal(await invalid('output_padding'), 'false');
  assert.deepEqual(app.errors, []);
});

test('printing makes a one-page handout: the stage, its legend, the code line; no controls', async () => {
  await open('?in=4&k=3&s=2&p=1&opad=1&t=5', { width: 1280, height: 800 });
  await app.page.emulateMedia({ media: 'print' });
  try {
    for (const hidden of ['.playback', '.tabs', '.controls .fields', '[data-testid=copy-link]']) {
      assert.equal(await app.page.locator(hidden).first().isVisible(), false, hidden);
    }
    for (const shown of ['[data-testid=stage]', '[data-testid=code-line]', '.legend', '[data-testid=output-size]']) {
      assert.ok(await app.page.locator(shown).first().isVisible(), shown);
    }
    await app.page.screenshot({ path: join(outDir, 'print-handout.png'), fullPage: true });
    const pdf = await app.page.pdf({ format: 'A4', printBackground: true });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.equal(pages, 1, `the handout prints on ${pages} pages`);
  } finally {
    await app.page.emulateMedia({ media: 'screen' });
  }
  assert.deepEqual(app.errors, []);
});
