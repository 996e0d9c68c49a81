// End-to-end: the stage on slides and course pages. Present mode on a projector's screens, embed
// mode in an 800×450 iframe, the step in words under the stage, and the exports checked by their
// bytes: PNG and GIF signatures, a GIF's frames = the stage's steps, an SVG that parses.
import { test, before, beforeEach, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { start, outDir, serveCoursePage } from './harness.mjs';

let app;
before(async () => { app = await start(); });
// Each test answers for the errors of its own pages only.
beforeEach(() => { if (app) app.errors.length = 0; });
after(async () => { await app?.close(); });

const painted = async (frame = app.page) => frame.waitForSelector('[data-testid=stage][data-painted]', { timeout: 15000 });
async function open(query, viewport = { width: 1280, height: 800 }) {
  await app.page.setViewportSize(viewport);
  await app.page.goto(app.url('/' + query));
  await painted();
}
const box = async (selector, frame = app.page) => frame.locator(selector).first().boundingBox();
const steps = async () => Number(await app.page.getByTestId('step').getAttribute('data-steps'));
const caption = async () => (await app.page.getByTestId('caption').textContent()).trim();
const within = (b, width, height) => b && b.x >= 0 && b.y >= 0 && b.x + b.width <= width + 0.5 && b.y + b.height <= height + 0.5;

/** The number of images in a GIF, and whether it loops (a NETSCAPE2.0 application extension). */
export function gifFrames(bytes) {
  assert.equal(bytes.subarray(0, 6).toString('latin1'), 'GIF89a');
  const width = bytes.readUInt16LE(6), height = bytes.readUInt16LE(8);
  let at = 13;
  const packed = bytes[10];
  if (packed & 0x80) at += 3 * (2 << (packed & 7));
  const subBlocks = () => { while (bytes[at] !== 0) at += bytes[at] + 1; at += 1; };
  let frames = 0, loops = false;
  for (;;) {
    const block = bytes[at++];
    if (block === 0x3b) break;
    if (block === 0x21) {
      const label = bytes[at++];
      if (label === 0xff && bytes.subarray(at + 1, at + 12).toString('latin1') === 'NETSCAPE2.0') loops = true;
      subBlocks();
    } else if (block === 0x2c) {
      frames += 1;
      const local = bytes[at + 8];
      at += 9;
      if (local & 0x80) at += 3 * (2 << (local & 7));
      at += 1; // LZW minimum code size
      subBlocks();
    } else {
      throw new Error(`unexpected GIF block 0x${block?.toString(16)} at ${at - 1}`);
    }
  }
  return { width, height, frames, loops };
}

/** Click an export button and return the download's name and bytes. */
async function exported(testid) {
  const [download] = await Promise.all([app.page.waitForEvent('download', { timeout: 120000 }), app.page.getByTestId(testid).click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: await readFile(path) };
}

async function openExport() {
  await app.page.locator('[data-testid=export] > summary').click();
  await app.page.getByTestId('export-png').waitFor();
}

test('every view says its step in words under the stage, politely to screen readers', async () => {
  await open('?k=3&s=2&p=1&opad=1');
  const live = await app.page.getByTestId('caption').getAttribute('aria-live');
  assert.equal(live, 'polite');
  const seen = new Set();
  for (const view of ['scatter', 'gather', 'overlap', 'matrix']) {
    await app.page.locator(`.views [data-view=${view}]`).click();
    await painted();
    const total = await steps();
    for (const step of new Set([0, Math.ceil(total / 2), total])) {
      await app.page.goto(app.url(`/?k=3&s=2&p=1&opad=1&view=${view}&t=${step}`));
      await painted();
      const words = await caption();
      assert.ok(words.length > 20, `${view} step ${step}: "${words}"`);
      seen.add(words);
    }
  }
  // The forward convolution too.
  await open('?op=conv&in=5&k=3&t=4');
  assert.ok((await caption()).length > 20);
  // Words that follow the picture: every view and step said something of its own.
  assert.ok(seen.size >= 8, [...seen].join('\n'));
  // Stepping changes the caption.
  await open('?k=3&s=2&p=1&opad=1&t=1');
  const first = await caption();
  await app.page.keyboard.press('ArrowRight');
  await app.page.waitForFunction((before) => document.querySelector('[data-testid=caption]').textContent.trim() !== before, first);
  assert.deepEqual(app.errors, []);
});

test('present mode: the stage alone fills a projector\'s screen, large and in view; F fullscreen, Esc back', async () => {
  const sizes = {};
  for (const [width, height] of [[1280, 720], [1920, 1080]]) {
    await open('?k=3&s=2&p=1&opad=1&t=4&mode=present', { width, height });
    await app.page.screenshot({ path: join(outDir, `present-${width}x${height}.png`) });
    // Nothing but the stage: no page header, no form, no panels, no footer.
    for (const hidden of ['.top', '.controls', '.lower-panels', '.legend', '.build', '[data-testid=export]']) {
      assert.equal(await app.page.locator(hidden).first().isVisible().catch(() => false), false, hidden);
    }
    // The stage, its step controls and the caption all on the one screen.
    const stage = await box('[data-testid=stage]');
    for (const part of ['[data-testid=stage]', '[data-testid=play]', '[data-testid=caption]', '[data-testid=step]']) {
      assert.ok(within(await box(part), width, height), `${part} at ${width}×${height}: ${JSON.stringify(await box(part))}`);
    }
    // As large as the screen allows: the full width, or most of the height.
    assert.ok(stage.width >= 0.85 * width || stage.height >= 0.62 * height, `${width}×${height}: ${JSON.stringify(stage)}`);
    // Large type: the caption reads from the back row.
    const px = await app.page.getByTestId('caption').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    assert.ok(px >= (width >= 1920 ? 28 : 20), `caption at ${px}px on ${width}×${height}`);
    assert.ok((await caption()).length > 20);
    sizes[width] = stage.width;
  }
  assert.ok(sizes[1920] > sizes[1280] * 1.3, JSON.stringify(sizes));
  // The keys work as on the page.
  const before = Number(await app.page.getByTestId('step').getAttribute('data-step'));
  await app.page.keyboard.press('ArrowRight');
  await app.page.waitForFunction((b) => Number(document.querySelector('[data-testid=step]').dataset.step) === b + 1, before);
  // F asks for fullscreen (recorded: headless Chromium has no screen to fill).
  await app.page.evaluate(() => {
    window.fullscreenAsked = 0;
    Element.prototype.requestFullscreen = function () { window.fullscreenAsked += 1; return Promise.resolve(); };
  });
  await app.page.keyboard.press('f');
  assert.equal(await app.page.evaluate(() => window.fullscreenAsked), 1);
  // Esc leaves: the whole page is back, and the link no longer says present.
  await app.page.keyboard.press('Escape');
  await app.page.locator('.controls').waitFor();
  assert.ok(await app.page.locator('.top').isVisible());
  await app.page.waitForFunction(() => !location.search.includes('mode='));
  assert.match(app.page.url(), /t=5/);
  assert.deepEqual(app.errors, []);
});

test('embed mode in an 800×450 iframe: the stage, compact controls, and a link to the whole app', async (t) => {
  await app.page.setViewportSize({ width: 1000, height: 700 });
  const src = app.url('/?fw=keras&in=4&k=3&s=2&p=same&t=6&mode=embed');
  const host = await serveCoursePage(src);
  t.after(() => host.close());
  await app.page.goto(host.url);
  const frame = app.page.frameLocator('iframe');
  await frame.locator('[data-testid=stage][data-painted]').waitFor({ timeout: 15000 });
  await app.page.screenshot({ path: join(outDir, 'embed-800x450.png') });
  const inner = app.page.frames().find((f) => f.url().includes('mode=embed'));
  // Everything in the frame without scrolling (boxes are the course page's: taken from the frame's).
  const at = await box('iframe');
  for (const part of ['[data-testid=stage]', '[data-testid=play]', '[data-testid=caption]', '[data-testid=open-app]', '[data-testid=output-size]']) {
    const b = await box(part, inner);
    const inFrame = b && { ...b, x: b.x - at.x, y: b.y - at.y };
    assert.ok(within(inFrame, 800, 450), `${part}: ${JSON.stringify(inFrame)}`);
  }
  assert.ok(await inner.evaluate(() => document.documentElement.scrollHeight <= innerHeight + 1));
  const stage = await box('[data-testid=stage]', inner);
  assert.ok(stage.height >= 180 && stage.width >= 320, JSON.stringify(stage));
  for (const hidden of ['.top', '.controls', '.lower-panels']) {
    assert.equal(await inner.locator(hidden).first().isVisible().catch(() => false), false, hidden);
  }
  assert.equal(await inner.getByTestId('output-size').getAttribute('data-size'), '8x8');
  // The link opens the same layer, whole, in a new tab.
  const link = inner.getByTestId('open-app');
  assert.equal(await link.getAttribute('target'), '_blank');
  await inner.waitForFunction(() => document.querySelector('[data-testid=open-app]').href.includes('fw=keras'));
  const href = await link.getAttribute('href');
  assert.ok(!href.includes('mode=') && /in=4/.test(href) && /t=6/.test(href), href);
  assert.deepEqual(app.errors, []);
});

test('share → embed: the dialog gives an iframe snippet that opens this state in embed mode', async () => {
  await open('?k=4&s=2&p=1&t=3');
  const size = await app.page.getByTestId('output-size').getAttribute('data-size');
  await openExport();
  await app.page.getByTestId('embed-open').click();
  const code = app.page.getByTestId('embed-code');
  await code.waitFor();
  await app.page.waitForFunction(() => document.querySelector('[data-testid=embed-code]').value.includes('mode=embed'));
  const snippet = await code.inputValue();
  assert.match(snippet, /^<iframe src="http[^"]+" title="convt-lab: [^"]+" width="800" height="450" style="border:0" loading="lazy" allow="fullscreen"><\/iframe>$/);
  const src = snippet.match(/src="([^"]+)"/)[1].replaceAll('&amp;', '&');
  await app.page.screenshot({ path: join(outDir, 'embed-dialog.png') });
  await app.page.keyboard.press('Escape');
  await app.page.goto(src);
  await painted();
  assert.ok(await app.page.locator('html[data-mode=embed] main.lab').isVisible());
  assert.equal(await app.page.getByTestId('output-size').getAttribute('data-size'), size);
  assert.equal(await app.page.getByTestId('step').getAttribute('data-step'), '3');
  assert.deepEqual(app.errors, []);
});

test('export: PNG at 1× and 4×, SVG that parses, each labelled and named after the layer', async () => {
  await open('?k=3&s=2&p=1&opad=1&t=4');
  await openExport();
  // 2× is the default (slides); 1× first, then 4×.
  const scale = app.page.locator('.export-row select').nth(1);
  assert.equal(await scale.locator('option:checked').textContent(), '2×');
  await scale.selectOption({ label: '1×' });
  const png1 = await exported('export-png');
  assert.match(png1.name, /^convt-lab_pytorch_convt_3x3_k3_s2_p1_op1_scatter_t4\.png$/);
  assert.deepEqual([...png1.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const size = (b) => [b.readUInt32BE(16), b.readUInt32BE(20)];
  const [w1, h1] = size(png1.bytes);
  await scale.selectOption({ label: '4×' });
  const png4 = await exported('export-png');
  const [w4, h4] = size(png4.bytes);
  assert.ok(Math.abs(w4 - 4 * w1) <= 4 && Math.abs(h4 - 4 * h1) <= 4, `${w1}×${h1} then ${w4}×${h4}`);
  assert.match(await app.page.getByTestId('export-status').textContent(), /Saved .*\.png/);
  const svg = await exported('export-svg');
  assert.match(svg.name, /_t4\.svg$/);
  const text = svg.bytes.toString('utf8');
  const parsed = await app.page.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
    return { error: doc.querySelector('parsererror')?.textContent ?? null, texts: [...doc.querySelectorAll('text')].map((e) => e.textContent) };
  }, text);
  assert.equal(parsed.error, null);
  // Self-explaining: the sizes, the step, the call and the caption are in the picture.
  const all = parsed.texts.join('\n');
  assert.ok(all.includes('input 3×3 → output 6×6 · scatter, step 4 of 9'), all);
  assert.ok(all.includes('nn.ConvTranspose2d('), all);
  // The caption, wrapped into lines: its first words open a line.
  const opening = (await caption()).split(' ').slice(0, 4).join(' ');
  assert.ok(opening.length > 8 && all.includes(opening), `${opening}\n${all}`);
  assert.deepEqual(app.errors, []);
});

test('export: the animation as a GIF, one frame per step, at the chosen speed, once or forever', async () => {
  await open('?k=3&s=2&p=1&opad=1&t=2');
  await openExport();
  const total = await steps();
  const forever = await exported('export-gif');
  assert.match(forever.name, /^convt-lab_pytorch_convt_3x3_k3_s2_p1_op1_scatter\.gif$/);
  const a = gifFrames(forever.bytes);
  assert.equal(a.frames, total);
  // Kept for a look at its frames (the closing note of issue 12 lists what was seen).
  await writeFile(join(outDir, 'export-animation.gif'), forever.bytes);
  assert.ok(a.loops);
  await app.page.locator('.export-row select').nth(3).selectOption({ label: 'once' });
  const once = gifFrames((await exported('export-gif')).bytes);
  assert.equal(once.frames, total);
  assert.equal(once.loops, false);
  assert.match(await app.page.getByTestId('export-status').textContent(), new RegExp(`${total} frames, plays once`));
  assert.deepEqual(app.errors, []);
});

test('a long GIF is made in slices: the page keeps answering and a progress bar shows', async () => {
  await open('?in=16&k=3&s=2&p=1&opad=1');
  await openExport();
  const total = await steps();
  assert.equal(total, 256);
  await app.page.evaluate(() => {
    window.longest = 0;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.longest = Math.max(window.longest, e.duration); })
      .observe({ type: 'longtask' });
    window.progressSeen = false;
    new MutationObserver(() => {
      const row = document.querySelector('[data-testid=export-progress]')?.parentElement;
      if (row && !row.hidden) window.progressSeen = true;
    }).observe(document.body, { subtree: true, attributes: true, childList: true });
  });
  const started = Date.now();
  const gif = await exported('export-gif');
  const took = Date.now() - started;
  assert.equal(gifFrames(gif.bytes).frames, 256);
  const { longest, progressSeen } = await app.page.evaluate(() => ({ longest: window.longest, progressSeen: window.progressSeen }));
  if (took > 800) assert.ok(progressSeen, `took ${took} ms without a progress bar`);
  assert.ok(longest < 250, `a task of ${longest} ms froze the page`);
  console.log(`# 256-frame GIF: ${took} ms, longest task ${Math.round(longest)} ms, ${gif.bytes.length} bytes`);
  assert.deepEqual(app.errors, []);
});
