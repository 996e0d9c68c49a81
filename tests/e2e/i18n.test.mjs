// 简体中文 (Contract 2 `lang=zh`, Contract 3 `lang-switch`): every string the app writes, in every
// view and panel, in present and embed modes and in the exports, is Chinese; code and argument
// names stay as they are; the switch keeps the state.
import { test, before, beforeEach, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, outDir } from './harness.mjs';
import { untranslated } from './untranslated.mjs';

let app;
before(async () => { app = await start(); });
beforeEach(() => { if (app) app.errors.length = 0; });
after(async () => { await app?.close(); });

const size = async () => app.page.getByTestId('output-size').getAttribute('data-size');
async function open(query) {
  await app.page.goto(app.url('/' + query));
  await app.page.waitForSelector('[data-testid=stage][data-painted]', { timeout: 15000 });
}
/** Open every panel and disclosure, so their text is on the page too. */
async function openEverything() {
  await app.page.locator('.lower-panels').scrollIntoViewIfNeeded();
  await app.page.waitForLoadState('networkidle');
  await app.page.evaluate(() => { for (const d of document.querySelectorAll('details')) d.open = true; });
  await app.page.waitForLoadState('networkidle');
  await app.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}
const cjk = /[\u4e00-\u9fff]/;

// Pages as teachers and engineers link them: each view, steps with their captions, another
// framework's layer with its notes, an invalid setting, holes, an explicit output size.
const pages = {
  'the landing example': '?s=2&p=1&opad=1&lang=zh',
  'scatter, step 4': '?s=2&p=1&opad=1&t=4&lang=zh',
  'scatter, last step': '?s=2&p=1&opad=1&t=9&lang=zh',
  'gather': '?view=gather&t=3&lang=zh',
  'overlap': '?view=overlap&lang=zh',
  'matrix': '?view=matrix&t=2&lang=zh',
  'forward conv': '?op=conv&t=2&lang=zh',
  'Keras stride 10 same': '?fw=keras&in=20&k=3&s=10&p=same&lang=zh',
  'Caffe': '?fw=caffe&in=28&k=4&s=2&p=1&lang=zh',
  'ONNX SAME_UPPER': '?fw=onnx&k=3&s=2&p=SAME_UPPER&lang=zh',
  'TensorFlow output_shape': '?fw=tensorflow&in=5&k=3&s=2&p=same&out=10x10&lang=zh',
  'holes': '?in=5&k=2&s=3&lang=zh',
  'an invalid setting': '?k=3&s=2&p=-1&lang=zh',
};
for (const [name, query] of Object.entries(pages)) {
  test(`Chinese: ${name} has no English left, panels open`, async () => {
    await open(query);
    assert.equal(await app.page.evaluate(() => document.documentElement.lang), 'zh-CN');
    await openEverything();
    assert.deepEqual(await untranslated(app.page), []);
    assert.deepEqual(app.errors, []);
  });
}

test('Chinese: present and embed modes, and the step caption in words', async () => {
  for (const mode of ['present', 'embed']) {
    await open(`?s=2&p=1&opad=1&t=3&mode=${mode}&lang=zh`);
    assert.deepEqual(await untranslated(app.page), [], mode);
    assert.match(await app.page.getByTestId('caption').textContent(), cjk, mode);
  }
  await app.page.screenshot({ path: join(outDir, 'zh-embed.png') });
  assert.deepEqual(app.errors, []);
});

test('the language switch reopens the same state in Chinese and back, and the URL remembers it', async () => {
  await open('?fw=keras&in=4&k=3&s=2&p=same&t=2');
  assert.equal(await size(), '8x8');
  assert.equal(await app.page.getByTestId('step').getAttribute('data-step'), '2');
  await app.page.getByTestId('lang-switch').click();
  await app.page.waitForURL(/lang=zh/);
  await app.page.waitForSelector('[data-testid=stage][data-painted]');
  assert.equal(await size(), '8x8');
  assert.equal(await app.page.getByTestId('step').getAttribute('data-step'), '2');
  assert.equal(await app.page.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.match(await app.page.locator('.lede').textContent(), cjk);
  await app.page.screenshot({ path: join(outDir, 'zh-keras.png') });
  await app.page.getByTestId('lang-switch').click();
  await app.page.waitForURL((url) => !url.search.includes('lang='));
  await app.page.waitForSelector('[data-testid=stage][data-painted]');
  assert.equal(await size(), '8x8');
  assert.equal(await app.page.evaluate(() => document.documentElement.lang), 'en');
  assert.doesNotMatch(await app.page.locator('.lede').textContent(), cjk);
  // From the landing page (no query) the switch keeps the landing example, not PyTorch's defaults.
  await open('');
  await app.page.getByTestId('lang-switch').click();
  await app.page.waitForURL(/lang=zh/);
  await app.page.waitForSelector('[data-testid=stage][data-painted]');
  assert.equal(await size(), '6x6');
  assert.deepEqual(app.errors, []);
});

test('Chinese: the exported SVG says its title and caption in Chinese, the call as code', async () => {
  await open('?s=2&p=1&opad=1&t=4&lang=zh');
  await app.page.locator('.export-toggle summary').click();
  await app.page.getByTestId('export-svg').waitFor();
  const [download] = await Promise.all([app.page.waitForEvent('download'), app.page.getByTestId('export-svg').click()]);
  const text = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
  const texts = await app.page.evaluate((t) => [...new DOMParser().parseFromString(t, 'image/svg+xml').querySelectorAll('text')].map((e) => e.textContent), text);
  const all = texts.join('\n');
  assert.match(all, /输入 3×3/);
  // The call as code, as it is (wrapped at a space into lines).
  assert.ok(all.replace(/\n/g, ' ').includes('nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding=1, output_padding=1)'), all);
  assert.ok(texts.filter((t) => cjk.test(t)).length >= 4, all);
  // Its accessible name too.
  const title = await app.page.evaluate((t) => new DOMParser().parseFromString(t, 'image/svg+xml').querySelector('title').textContent, text);
  assert.match(title, /^convt-lab: 输入 3×3 → 输出 6×6/);
  assert.deepEqual(app.errors, []);
});

test('Chinese: the embed snippet titles its frame in Chinese, the snippet itself as code', async () => {
  await open('?s=2&p=1&opad=1&lang=zh');
  await app.page.locator('.export-toggle summary').click();
  await app.page.getByTestId('embed-open').click();
  const code = app.page.getByTestId('embed-code');
  await app.page.waitForFunction(() => document.querySelector('[data-testid=embed-code]')?.value.includes('mode=embed'));
  const snippet = await code.inputValue();
  assert.match(snippet, /^<iframe src="[^"]+" title="convt-lab：转置卷积，3×3 → 6×6"/);
  assert.deepEqual(app.errors, []);
});
