// End-to-end: the app in Chromium through the Contract-3 hooks (data-testid), the share URL
// (Contract 2), the keyboard, and screenshots of every view in tests/e2e/out/.
import { test, before, beforeEach, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { start, outDir } from './harness.mjs';

let app;
before(async () => { app = await start(); });
// Each test answers for the errors of its own pages only.
beforeEach(() => { if (app) app.errors.length = 0; });
after(async () => { await app?.close(); });

const size = async () => app.page.getByTestId('output-size').getAttribute('data-size');
const painted = async () => app.page.waitForSelector('[data-testid=stage][data-painted]', { timeout: 15000 });
async function open(query) {
  await app.page.goto(app.url('/' + query));
  await painted();
}
// The panels below the stage load as they near the viewport: scroll there, then to `selector`.
async function reveal(selector) {
  await app.page.locator('.lower-panels').scrollIntoViewIfNeeded();
  await app.page.locator(selector).first().scrollIntoViewIfNeeded();
}
// A full-page shot shows the panels below the stage too: let them load and draw first.
async function shot(name) {
  await app.page.locator('.lower-panels').scrollIntoViewIfNeeded();
  await app.page.waitForLoadState('networkidle');
  await app.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await app.page.evaluate(() => window.scrollTo(0, 0));
  await app.page.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
}

test('the default page is the PyTorch example: 3x3 -> 6x6, scatter view, step 0 of 9', async () => {
  await open('');
  assert.equal(await size(), '6x6');
  const step = app.page.getByTestId('step');
  assert.equal(await step.getAttribute('data-step'), '0');
  assert.equal(await step.getAttribute('data-steps'), '9');
  assert.equal(await app.page.getByTestId('holes').getAttribute('data-count'), '0');
  assert.equal(await app.page.getByTestId('param-error').count(), 0);
  assert.equal(
    (await app.page.getByTestId('code-line').textContent()).trim(),
    'nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding=1, output_padding=1)',
  );
  await shot('default');
  const csp = await app.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  assert.deepEqual(app.errors, []);
});

test('the first view is within its budget: at most 150 KB gzipped', async () => {
  // Everything the default page loads before its first frame, cache disabled, gzip -9 of each
  // response (as scripts/bench-app.mjs prints it, per file).
  const cdp = await app.page.context().newCDPSession(app.page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const loaded = new Map();
  const record = async (response) => {
    try {
      const body = await response.body();
      loaded.set(new URL(response.url()).pathname, gzipSync(body, { level: 9 }).length);
    } catch {
      // Redirects and aborted requests have no body.
    }
  };
  app.page.on('response', record);
  try {
    await open('');
    await app.page.waitForLoadState('networkidle');
  } finally {
    app.page.off('response', record);
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
    await cdp.detach();
  }
  const total = [...loaded.values()].reduce((sum, bytes) => sum + bytes, 0);
  const listing = [...loaded].map(([path, bytes]) => `${(bytes / 1024).toFixed(1)} KB ${path}`).join(', ');
  console.log(`first view: ${(total / 1024).toFixed(1)} KB gz (${listing})`);
  assert.ok([...loaded.keys()].some((path) => path.endsWith('.wasm')), listing);
  assert.ok(total <= 150 * 1024, `the first view loads ${(total / 1024).toFixed(1)} KB gzipped: ${listing}`);
});

test('Keras answers for its backend, Keras 1 reaches Theano, and the plot speaks each framework', async () => {
  // Keras 3's backend is in the form and the URL: dilation with strides 1 runs on JAX but not on
  // TensorFlow's CPU kernels (the same call, two answers).
  await open('?fw=keras&in=5&d=2');
  const backend = app.page.locator('input[data-field="backend"]');
  assert.equal(await backend.inputValue(), 'tensorflow');
  await app.page.getByTestId('param-error').waitFor();
  await backend.fill('jax');
  await backend.dispatchEvent('change');
  await app.page.waitForFunction(() => new URL(location.href).searchParams.get('be') === 'jax');
  await app.page.getByTestId('output-size').waitFor();
  assert.equal(await size(), '9x9');
  assert.match(await app.page.getByTestId('code-line').textContent(), /KERAS_BACKEND=jax/);
  // Keras 1's Theano backend from a link, and its own answer (the Theano 'same' crop).
  await open('?fw=keras1&in=28&k=4&s=2&p=same&out=55x55&be=theano');
  assert.equal(await app.page.locator('input[data-field="backend"]').inputValue(), 'theano');
  assert.equal(await app.page.getByTestId('param-error').count(), 0);
  // The plot and its caption come from Keras' own rules: Conv2D(…, 'same') maps 191..200 to 20.
  await open('?fw=keras&in=20&k=3&s=10&p=same');
  await reveal('.plot-panel');
  const caption = await app.page.getByTestId('ambiguity').first().textContent();
  assert.match(caption, /maps input sizes 191, 192, .*, 200 all to 20/, caption);
  assert.match(caption, /output_padding 9 gives 200 \(this layer\)/, caption);
  // JAX's row for a layer whose channel counts differ (transpose_kernel=True: (k, k, out, in)).
  await open('?fw=caffe&in=28&k=4&s=2&p=1&cin=512&cout=256');
  await reveal('.table-panel');
  const jax = app.page.locator('[data-testid=framework-row][data-framework=jax]');
  await jax.waitFor();
  assert.equal(await jax.getAttribute('data-size'), '56x56');
  assert.deepEqual(app.errors, []);
});

test('the first view loads only what it shows; the rest loads as it is needed', async () => {
  // The lazily loaded modules: the panels below the stage, plotters, the framework search, the
  // other ten dialects and forms, the other views, the values editor, the URL-problems notice.
  const lazy = [];
  // A link fetches its modules packed (pack_*.bin, scripts/split_assets.py), a change one by one.
  const record = (response) => { if (/\/((split|chunk)_[^/]*\.wasm|pack_[^/]*\.bin)$/.test(response.url())) lazy.push(response.url()); };
  app.page.on('response', record);
  try {
    await open('');
    await app.page.waitForLoadState('networkidle');
    assert.deepEqual(lazy, [], 'the default example needs none of them');
    // Scrolling down draws the plot and works out the table, from modules loaded then.
    await reveal('.table-panel');
    await app.page.locator('[data-testid=framework-row]').first().waitFor();
    await reveal('.plot-panel');
    await app.page.waitForSelector('[data-testid=ambiguity-plot][data-drawn]');
    assert.ok(lazy.some((url) => url.includes('split_load_lower_panels')), lazy.join(' '));
    assert.ok(lazy.some((url) => url.includes('split_draw_plot')), lazy.join(' '));
    assert.ok(lazy.some((url) => url.includes('split_express_each')), lazy.join(' '));
    // A link in another framework's terms loads the dialects before its first frame.
    lazy.length = 0;
    await open('?fw=caffe&in=28&k=4&s=2&p=1');
    assert.equal(await size(), '56x56');
    assert.equal(await app.page.getByTestId('param-error').count(), 0);
    assert.ok(lazy.some((url) => url.includes('pack_dialects')), lazy.join(' '));
    // ... in packs started as the page is parsed, which the loader then takes: none is fetched again.
    assert.ok(!lazy.some((url) => /\/(split_open_link|split_load_dialects)[^/]*\.wasm$/.test(url)), lazy.join(' '));
    // So does a link to another view, and the first switch to one from the default page.
    lazy.length = 0;
    await open('?view=gather');
    assert.match(await app.page.getByTestId('stage').getAttribute('aria-label'), /^gather view/);
    assert.ok(lazy.some((url) => url.includes('pack_views')), lazy.join(' '));
    await open('');
    await app.page.locator('[data-view=overlap]').click();
    await app.page.waitForFunction(() => document.querySelector('[data-testid=stage]').getAttribute('aria-label').startsWith('overlap'));
  } finally {
    app.page.off('response', record);
  }
  assert.deepEqual(app.errors, []);
});

test('the ambiguity plot lists the sizes that share the input, the current one marked', async () => {
  await open('');
  const plot = app.page.getByTestId('ambiguity-plot');
  // The plot (and plotters) load when the panel nears the viewport.
  await reveal('.plot-panel');
  await app.page.waitForSelector('[data-testid=ambiguity-plot][data-drawn]');
  assert.equal(await plot.getAttribute('data-sizes'), '5,6');
  assert.equal(await plot.getAttribute('data-current'), '6');
  assert.match(await app.page.getByTestId('ambiguity').textContent(), /output_padding 0 gives 5; output_padding 1 gives 6 \(this layer\)/);
  await app.page.locator('.plot-panel').screenshot({ path: join(outDir, 'ambiguity-plot.png') });
  // Caffe 28 -> 56 (kernel 4, stride 2, pad 1): 56 and 57 share 28.
  await open('?fw=caffe&in=28&k=4&s=2&p=1');
  await reveal('.plot-panel');
  await app.page.waitForSelector('[data-testid=ambiguity-plot][data-drawn]');
  assert.equal(await plot.getAttribute('data-sizes'), '56,57');
  assert.equal(await plot.getAttribute('data-current'), '56');
  assert.deepEqual(app.errors, []);
});

test('the framework table gives every framework\'s exact arguments or the reason', async () => {
  await open('');
  const row = (fw) => app.page.locator(`[data-testid=framework-row][data-framework=${fw}]`);
  // The table is worked out when it nears the viewport.
  await reveal('.table-panel');
  await row('pytorch').waitFor();
  assert.equal(await app.page.getByTestId('framework-row').count(), 11);
  assert.equal(await row('pytorch').getAttribute('data-size'), '6x6');
  assert.equal(await row('tensorflow').getAttribute('data-size'), '6x6');
  assert.match(await row('tensorflow').textContent(), /padding=\[\(0, 0\), \(1, 1\), \(1, 1\), \(0, 0\)\]/);
  // Each row says how the weights move there from PyTorch's layout.
  assert.equal(await row('tensorflow').getByTestId('weights').textContent(), 'weights (C_in, C_out/g, kH, kW) → (kH, kW, C_out/g, C_in): np.transpose(w, (2, 3, 1, 0))');
  assert.equal(await row('onnx').getByTestId('weights').textContent(), 'weights (C_in, C_out/g, kH, kW): as they are');
  assert.match(await row('keras').getAttribute('data-error'), /window starting 1 cell earlier on each axis/);
  assert.match(await row('caffe').getAttribute('data-error'), /nearest is 5×5/);
  // …and what to add by hand to make it exact: the unpadded layer, then a crop.
  assert.equal(await row('keras').getByTestId('by-hand').textContent(),
    'exact with keras.layers.Conv2DTranspose(1, 3, strides=2) then layers.Cropping2D(((1, 0), (1, 0)))');
  assert.match(await row('caffe').getByTestId('by-hand').textContent(), /then a Crop layer \(axis: 2, offset: 1, 1\)/);
  await app.page.locator('.table-panel').screenshot({ path: join(outDir, 'framework-table.png') });
  // Clicking the TensorFlow tab keeps the same layer, in TensorFlow's words.
  await app.page.locator('.tab[data-framework=tensorflow]').click();
  await app.page.waitForFunction(() => new URL(location.href).searchParams.get('fw') === 'tensorflow');
  assert.equal(await size(), '6x6');
  assert.match(await app.page.getByTestId('code-line').textContent(), /tf\.nn\.conv2d_transpose/);
  assert.equal(await app.page.getByTestId('param-error').count(), 0);
  assert.deepEqual(app.errors, []);
});

test('switching framework is porting: the exact equivalent, or the nearest layer, said beside the stage', async () => {
  await open('');
  const notice = app.page.getByTestId('switch-notice');
  // Caffe has no output_padding: from the 6×6 landing example it shows its nearest, 5×5, and says so.
  await app.page.locator('select.more').selectOption('caffe');
  await app.page.waitForFunction(() => new URL(location.href).searchParams.get('fw') === 'caffe');
  await notice.waitFor();
  assert.equal(await notice.textContent(), 'Caffe cannot make 6×6 from this layer; showing the nearest, 5×5.');
  assert.equal(await size(), '5x5');
  assert.equal(await app.page.getByTestId('param-error').count(), 0);
  await app.page.locator('.controls').screenshot({ path: join(outDir, 'switch-caffe.png') });
  // Keras reaches 6×6 only with its window moved: no error and no copyable invalid line, the notice says why.
  await open('');
  await app.page.locator('.tab[data-framework=keras]').click();
  await app.page.waitForFunction(() => new URL(location.href).searchParams.get('fw') === 'keras');
  await notice.waitFor();
  assert.match(await notice.textContent(), /^Keras cannot reproduce this layer exactly: it reaches 6×6 only with its window starting 1 cell earlier on each axis/);
  assert.equal(await size(), '6x6');
  assert.equal(await app.page.getByTestId('param-error').count(), 0);
  assert.match(await app.page.getByTestId('code-line').textContent(), /^keras\.layers\.Conv2DTranspose\(1, 3, strides=2, padding='same'\)/);
  // The notice stands while its layer does: the next change clears it.
  const stride = app.page.locator('input[data-field="strides"]');
  await stride.fill('3');
  await stride.blur();
  await app.page.waitForFunction(() => new URL(location.href).searchParams.get('s') === '3');
  assert.equal(await notice.count(), 0);
  // A framework with the exact equivalent says nothing.
  await open('');
  await app.page.locator('.tab[data-framework=onnx]').click();
  await app.page.waitForFunction(() => new URL(location.href).searchParams.get('fw') === 'onnx');
  assert.equal(await size(), '6x6');
  assert.equal(await notice.count(), 0);
  assert.deepEqual(app.errors, []);
});

test('pasting a layer reads it, marks what was read, and shows it on the stage and in the table', async () => {
  await open('');
  await reveal('.paste-panel');
  const box = app.page.getByTestId('paste-layer');
  const result = app.page.getByTestId('paste-result');
  // VISION's Caffe question, as a prototxt layer: without the input shape it asks for it.
  await box.fill('layer {\n  name: "up"  type: "Deconvolution"\n  convolution_param { num_output: 256 kernel_size: 4 pad: 1 stride: 2 }  # 2x\n}');
  await app.page.waitForFunction(() => document.querySelector('[data-testid=paste-result]')?.dataset.error === 'true');
  assert.match(await result.textContent(), /give input_shape/);
  const shape = app.page.getByTestId('paste-input-shape');
  await shape.fill('1, 512, 28, 28');
  await shape.blur();
  await app.page.waitForFunction(() => new URL(location.href).searchParams.get('fw') === 'caffe');
  assert.equal(await result.getAttribute('data-framework'), 'caffe');
  assert.match(await result.textContent(), /Caffe · Deconvolution: input 1×512×28×28 → output 1×256×56×56/);
  assert.ok(await result.locator('mark').count() >= 1);
  assert.equal(await size(), '56x56');
  assert.equal(await app.page.getByTestId('param-error').count(), 0);
  // The link keeps the layer, not the text.
  assert.ok(!decodeURIComponent(app.page.url()).includes('Deconvolution'));
  await app.page.locator('.paste-panel').screenshot({ path: join(outDir, 'paste-caffe.png') });
  // The table follows: Keras's row is the same 56×56 with padding='same'.
  await reveal('.table-panel');
  const keras = app.page.locator('[data-testid=framework-row][data-framework=keras]');
  await app.page.waitForFunction(() => document.querySelector('[data-testid=framework-row][data-framework=keras]')?.dataset.size === '56x56');
  assert.match(await keras.textContent(), /Conv2DTranspose\(256, 4, strides=2, padding='same'\)/);
  // A misspelt argument points at its place, marked in the text.
  await reveal('.paste-panel');
  await box.fill('up = nn.ConvTranspose2d(512, 256, 4,\n    strde=2)');
  await app.page.waitForFunction(() => /strde/.test(document.querySelector('[data-testid=paste-result]')?.textContent));
  assert.equal(await result.getAttribute('data-error'), 'true');
  assert.match(await result.textContent(), /line 2, column 5: `strde=…`: PyTorch's ConvTranspose2d has no argument `strde`; did you mean `stride`\?/);
  assert.equal(await result.locator('mark').textContent(), 'strde');
  await app.page.locator('.paste-panel').screenshot({ path: join(outDir, 'paste-error.png') });
  // Fixed, it reads; the stage switches to PyTorch's layer.
  await box.fill('up = nn.ConvTranspose2d(512, 256, 4,\n    stride=2, padding=1)');
  await app.page.waitForFunction(() => !new URL(location.href).searchParams.has('fw'));
  assert.equal(await size(), '56x56');
  assert.deepEqual(app.errors, []);
});

test('a target size lists every way to reach it; a solution opens on the stage', async () => {
  await open('?fw=keras&in=20&k=3&s=10&p=same');
  await reveal('.target-panel');
  const target = app.page.getByTestId('target-size');
  await target.fill('200x200');
  await target.press('Enter');
  await target.blur();
  await app.page.getByTestId('solution').first().waitFor({ timeout: 15000 });
  const result = app.page.getByTestId('target-result');
  assert.match(await result.textContent(), /520 Keras layers make 200×200 from 20×20; the best 120, by kind:/);
  // By kind: 3 with no holes and even overlap, 57 with no holes, then (of 460) the best 60 with holes.
  assert.match(await result.textContent(), /No holes, even overlap: 3 listed.*No holes, uneven overlap \(checkerboard\): 57 listed.*With holes, or cells lost to the padding: 60 listed/s);
  const rows = app.page.getByTestId('solution');
  assert.equal(await rows.count(), 120);
  // The first ones have no holes and even overlap: kernel 10, stride 10, among them padding='same'.
  const params = await rows.evaluateAll((els) => els.map((e) => JSON.parse(e.dataset.params)));
  const same = params.findIndex((p) => p.strides === 10 && p.padding === 'same' && p.kernel_size === 10);
  assert.ok(same >= 0 && same < 3, JSON.stringify(params.slice(0, 4)));
  assert.match(await rows.first().textContent(), /no holes, even overlap/);
  assert.match(await rows.nth(same).locator('a').getAttribute('href'), /^\?fw=keras&in=20&k=10&s=10&p=same/);
  await app.page.locator('.target-panel').screenshot({ path: join(outDir, 'target-size.png') });
  await rows.nth(same).locator('a').click();
  await app.page.waitForFunction(() => new URL(location.href).searchParams.get('k') === '10');
  assert.equal(await size(), '200x200');
  // An unreachable target says so and names the nearest sizes.
  await target.fill('7');
  await target.blur();
  await app.page.waitForFunction(() => /No Keras layer/.test(document.querySelector('[data-testid=target-result]').textContent));
  assert.match(await result.textContent(), /Nearest sizes it reaches/);
  assert.deepEqual(app.errors, []);
});

test('changing a parameter updates the size, the code line and the URL', async () => {
  await open('');
  const stride = app.page.locator('input[data-field="stride"]');
  await stride.fill('3');
  await stride.press('Enter');
  await stride.blur();
  await app.page.waitForFunction(() => new URL(location.href).searchParams.get('s') === '3');
  assert.equal(await size(), '8x8');
  // Back to the opened state: the URL follows (the default's stride is left out again).
  await stride.fill('2');
  await stride.press('Enter');
  await stride.blur();
  await app.page.waitForFunction(() => !new URL(location.href).searchParams.has('s'));
  await stride.fill('3');
  await stride.press('Enter');
  await stride.blur();
  await app.page.waitForFunction(() => new URL(location.href).searchParams.get('s') === '3');
  assert.match(await app.page.getByTestId('code-line').textContent(), /stride=3/);
  // output_padding 2 < stride 3 is fine; 3 is not: the error explains and the stage keeps its frame.
  const opad = app.page.locator('input[data-field="output_padding"]');
  await opad.fill('3');
  await opad.blur();
  const error = app.page.getByTestId('param-error');
  await error.waitFor();
  assert.match(await error.textContent(), /output padding must be smaller than either stride or dilation/);
  assert.equal(await app.page.getByTestId('output-size').count(), 0);
  assert.equal(await app.page.getByTestId('stage').count(), 1);
  await shot('invalid-setting');
  assert.deepEqual(app.errors, []);
});

test('URLs for several frameworks open with their sizes', async () => {
  const cases = [
    ['?fw=keras&in=20&k=3&s=10&p=same', '200x200'],
    ['?fw=keras&in=20&k=3&s=10&p=same&opad=0', '191x191'],
    ['?fw=tensorflow', '6x6'],
    ['?k=4&s=2&p=1', '6x6'],
    ['?fw=caffe&in=28&k=4&s=2&p=1&cin=2&cout=2', '56x56'],
    ['?fw=onnx&s=2&p=SAME_LOWER', '6x6'],
    ['?fw=jax&p=VALID', '7x7'],
    ['?fw=mxnet&s=2&p=1&out=5x5', '5x5'],
    ['?op=conv&rank=1&in=12&d=2', '8'],
  ];
  for (const [query, want] of cases) {
    await open(query);
    assert.equal(await size(), want, query);
  }
  await open('?fw=keras&in=20&k=3&s=10&p=same');
  await shot('keras-stride-10');
  assert.deepEqual(app.errors, []);
});

test('invalid and hostile URLs report and fall back; nothing breaks', async () => {
  let dialogs = 0;
  app.page.on('dialog', async (d) => { dialogs += 1; await d.dismiss(); });
  await open('?k=abc&s=1x2x3&view=3d&fw=caffe2&t=-1');
  const problems = app.page.getByTestId('url-problems');
  // Its module loads before the first frame of such a link: there as soon as the stage is.
  assert.equal(await problems.count(), 1);
  assert.equal(await problems.locator('li').count(), 5);
  // What falls back, and every key left out, is PyTorch's default: ConvTranspose2d(1, 1, 3) on 3×3.
  assert.equal(await size(), '5x5');

  await open('?p=%3Cscript%3Ealert(1)%3C%2Fscript%3E&cout=%3Cimg%20src%3Dx%20onerror%3Dalert(2)%3E');
  await app.page.getByTestId('url-problems').waitFor();
  assert.equal(dialogs, 0);
  assert.equal(await app.page.locator('script:not([type])').count() <= 1, true);

  await open('?in=100000&s=2&p=1&opad=1');
  assert.equal(await size(), '200000x200000');
  await shot('huge');
  for (const view of ['gather', 'matrix', 'overlap']) {
    await open(`?in=100000&s=2&p=1&opad=1&view=${view}&t=99999999`);
    assert.equal(await size(), '200000x200000');
  }
  // A 1-D row of 1 500 inputs and taps: the summary, not a canvas shrunk under a pixel tall.
  await open('?rank=1&in=1500&k=1500');
  assert.ok((await app.page.getByTestId('stage').evaluate((c) => c.height)) > 20);
  assert.equal(await app.page.getByTestId('step').getAttribute('data-steps'), '0');
  // Sizes past 32 bits (wasm32's usize): every view summarises, nothing panics.
  for (const view of ['scatter', 'gather', 'matrix', 'overlap']) {
    await open(`?rank=1&in=4294967299&view=${view}`);
    assert.equal(await size(), '4294967301', view);
    assert.equal(await app.page.getByTestId('step').getAttribute('data-steps'), '0', view);
  }
  await open('?op=conv&in=4294967299');
  assert.equal(await size(), '4294967297x4294967297');
  // A kernel of K = 10^12 taps (this froze the tab once): holes counted in closed form. Taps
  // 3 apart, inputs 7 apart: 12 cells of each axis stay unreached (1, 4 | 2, 5, 8, 11 at the start,
  // 3K, 3K+3, 3K+6, 3K+9 | 3K+7, 3K+10 at the end), so (3K+10)^2 - (3K-2)^2 = 72K + 96 holes.
  await open('?k=1000000000000&s=7&d=3&p=1');
  assert.equal(await size(), '3000000000010x3000000000010');
  assert.equal(await app.page.getByTestId('holes').getAttribute('data-count'), '72000000000096');
  await open(`?xv=${'1,'.repeat(2000)}&wv=1e9`);
  assert.equal(await app.page.getByTestId('url-problems').locator('li').count(), 2);

  await open('?s=2&p=1&opad=2');
  assert.match(await app.page.getByTestId('param-error').textContent(), /output padding/);
  await open('?fw=tensorflow&out=9x9&p=SAME');
  assert.match(await app.page.getByTestId('param-error').textContent(), /doesn't match computed/);
  assert.deepEqual(app.errors, []);
});

test('the keyboard steps the animation and the step is in the URL', async () => {
  await open('');
  const step = app.page.getByTestId('step');
  await app.page.locator('body').click({ position: { x: 5, y: 5 } });
  for (let i = 0; i < 3; i += 1) await app.page.keyboard.press('ArrowRight');
  assert.equal(await step.getAttribute('data-step'), '3');
  await app.page.waitForFunction(() => new URL(location.href).searchParams.get('t') === '3');
  await app.page.keyboard.press('End');
  assert.equal(await step.getAttribute('data-step'), '9');
  await shot('scatter-end');
  await app.page.keyboard.press('ArrowLeft');
  assert.equal(await step.getAttribute('data-step'), '8');
  await app.page.keyboard.press('Home');
  assert.equal(await step.getAttribute('data-step'), '0');
  // Space plays: the step moves on its own.
  await app.page.keyboard.press('+');
  await app.page.keyboard.press('+');
  // + moves along the speed list: 2/s → 4/s → 8/s, and the menu follows.
  assert.equal(await app.page.getByLabel('Steps per second').inputValue(), '8');
  await app.page.keyboard.press(' ');
  await app.page.waitForFunction(() => document.querySelector('[data-testid=step]').dataset.step !== '0', null, { timeout: 5000 });
  await app.page.keyboard.press(' ');
  assert.deepEqual(app.errors, []);
});

test('a step in the URL restores that frame; the views draw', async () => {
  await open('?s=2&p=1&opad=1&t=5');
  assert.equal(await app.page.getByTestId('step').getAttribute('data-step'), '5');
  await shot('scatter-step5');
  await open('?k=2&s=3&view=overlap');
  assert.equal(await app.page.getByTestId('holes').getAttribute('data-count'), '28');
  await shot('overlap-holes');
  await open('?s=2&view=overlap');
  await shot('overlap-checkerboard');
  await open('?op=conv&rank=1&in=12&d=2&t=2');
  await shot('conv1d-dilation2');
  // A forward conv has its own view: the transposed views' switch is hidden.
  assert.equal(await app.page.locator('.views').isVisible(), false);
  await open('?k=2&s=3&opad=1&t=4');
  await shot('holes-and-added');
  assert.deepEqual(app.errors, []);
});

test('gather and matrix views: same sums as scatter, steps per view, hover explains', async () => {
  await open('?s=2&p=1&opad=1&view=gather&t=8');
  const step = app.page.getByTestId('step');
  // Gather steps through the 36 output cells; scatter through the 9 input cells.
  assert.equal(await step.getAttribute('data-steps'), '36');
  assert.equal(await step.getAttribute('data-step'), '8');
  await shot('gather-step8');
  // Hover output (1, 1): scene units (636, 114) in an 840-unit-wide scene.
  const stage = app.page.getByTestId('stage');
  const box = await stage.boundingBox();
  const unit = box.width / 840;
  await app.page.mouse.move(box.x + 636 * unit, box.y + 114 * unit);
  await app.page.waitForFunction(() => document.querySelector('.hover').textContent.includes('output (1, 1)'));
  assert.equal(
    (await app.page.locator('.hover').textContent()).trim(),
    'output (1, 1) = 1·1 + 2·1 + 4·1 + 5·3 = 22 (the same cell as scatter canvas (2, 2))',
  );

  await open('?s=2&p=1&opad=1&view=matrix&t=1');
  assert.equal(await step.getAttribute('data-steps'), '9');
  await shot('matrix-step1');
  // Switching views through the buttons keeps the layer and updates the URL.
  await app.page.locator('[data-view=scatter]').click();
  await app.page.waitForFunction(() => !new URL(location.href).searchParams.has('view'));
  await app.page.locator('[data-view=gather]').click();
  await app.page.waitForFunction(() => new URL(location.href).searchParams.get('view') === 'gather');
  assert.equal(await app.page.getByTestId('output-size').getAttribute('data-size'), '6x6');
  assert.deepEqual(app.errors, []);
});

test('a pointer that leaves before the explanations load leaves no explanation behind', async () => {
  await open('?s=2&p=1&opad=1&view=gather&t=8');
  const box = await app.page.getByTestId('stage').boundingBox();
  const unit = box.width / 840;
  const loaded = app.page.waitForResponse((r) => r.url().includes('split_load_cell_words'));
  await app.page.mouse.move(box.x + 636 * unit, box.y + 114 * unit);
  await app.page.mouse.move(box.x - 20, box.y - 20);
  await loaded;
  await app.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  assert.match(await app.page.locator('.hover').textContent(), /^Hover a cell/);
  assert.deepEqual(app.errors, []);
});

test('stage values: from the URL, typed, checked, randomised', async () => {
  await open('?s=2&p=1&opad=1&xv=1,0,0,0,0,0,0,0,2&t=9');
  // The editor is a module of its own behind "edit values": closed, it has not loaded.
  assert.equal(await app.page.getByTestId('input-values').count(), 0);
  const editorLoaded = app.page.waitForResponse((r) => r.url().includes('split_load_values_editor'));
  await app.page.getByTestId('edit-values').locator('summary').click();
  await editorLoaded;
  const input = app.page.getByTestId('input-values');
  assert.equal(await input.inputValue(), '1,0,0,0,0,0,0,0,2');
  const kernel = app.page.getByTestId('kernel-values');
  await kernel.fill('0,0,0,0,5,0,0,0,0');
  await kernel.press('Enter');
  await app.page.waitForFunction(() => new URL(location.href).searchParams.get('wv') === '0,0,0,0,5,0,0,0,0');
  await input.fill('1,2');
  await input.press('Enter');
  assert.match(await app.page.locator('.values .field-error').textContent(), /the input has 9 cells; 2 values were given/);
  assert.equal(new URL(app.page.url()).searchParams.get('xv'), '1,0,0,0,0,0,0,0,2');
  await app.page.getByTestId('randomise').click();
  await app.page.waitForFunction(() => new URL(location.href).searchParams.get('xv') !== '1,0,0,0,0,0,0,0,2');
  const random = new URL(app.page.url()).searchParams.get('xv').split(',').map(Number);
  assert.equal(random.length, 9);
  assert.ok(random.every((v) => Number.isInteger(v) && v >= 0 && v <= 9));
  await shot('random-values');
  await app.page.getByTestId('reset-values').click();
  await app.page.waitForFunction(() => !new URL(location.href).searchParams.has('xv'));
  assert.equal(await input.inputValue(), '1,2,3,4,5,6,7,8,9');
  assert.deepEqual(app.errors, []);
});

test('the gallery switches to a preset in place and the URL follows', async () => {
  await open('');
  await reveal('.gallery');
  await app.page.locator('a[data-preset="fw=caffe&in=28&k=4&s=2&p=1&cin=256&cout=256"]').click();
  await app.page.waitForFunction(() => new URL(location.href).searchParams.get('fw') === 'caffe');
  assert.equal(await size(), '56x56');
  await app.page.locator('a[data-preset="k=2&s=3&view=overlap"]').click();
  await app.page.waitForFunction(() => new URL(location.href).searchParams.get('view') === 'overlap');
  assert.equal(await app.page.getByTestId('holes').getAttribute('data-count'), '28');
  await shot('gallery-holes');
  assert.deepEqual(app.errors, []);
});
