// Practice mode (Contract 2 `mode=practice`, `seed=`): the same questions from one link on every
// load, each answered as a student would (typed, clicked, by keyboard), checked right and wrong,
// and the stage showing the layer afterwards. The answers come from an oracle written here from
// PyTorch's documented formula and the definition of the scatter, not from the app.
import { test, before, beforeEach, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, outDir } from './harness.mjs';
import { untranslated } from './untranslated.mjs';

let app;
before(async () => { app = await start(); });
beforeEach(() => { if (app) app.errors.length = 0; });
after(async () => { await app?.close(); });

const q = (id) => `[data-testid=${id}]`;

/** Open a practice link afresh: the tab's saved answers (sessionStorage) cleared first. */
async function open(query, { keep = false } = {}) {
  await app.page.goto(app.url('/' + query));
  await app.page.waitForSelector(q('practice-question'), { timeout: 15000 });
  if (!keep) {
    await app.page.evaluate(() => sessionStorage.clear());
    await app.page.reload();
    await app.page.waitForSelector(q('practice-question'), { timeout: 15000 });
  }
}

/** The current question as the page shows it: its kind, code, input shape and question. */
async function shown() {
  const page = app.page;
  return {
    kind: await page.getAttribute(q('practice-question'), 'data-kind'),
    index: Number(await page.getAttribute(q('practice-question'), 'data-index')),
    code: await page.textContent(q('practice-code')),
    input: (await page.textContent(q('practice-input'))).split('×').map(Number),
    ask: await page.textContent('.practice-ask'),
  };
}

/** `nn.ConvTranspose2d(1, 1, kernel_size=2, stride=(1, 3), padding=1)` → per-axis numbers, with
 * PyTorch's defaults for what the code leaves out. */
function layerOf({ code, input }) {
  const arg = (name, fallback) => {
    const m = code.match(new RegExp(`\\b${name}=(\\(\\d+, \\d+\\)|\\d+)`));
    if (!m) return [fallback, fallback];
    const v = m[1].startsWith('(') ? m[1].slice(1, -1).split(', ').map(Number) : [Number(m[1]), Number(m[1])];
    return v;
  };
  return {
    n: input.slice(2), k: arg('kernel_size', 1), s: arg('stride', 1), p: arg('padding', 0),
    d: arg('dilation', 1), a: arg('output_padding', 0),
  };
}

/** PyTorch's ConvTranspose2d size: (n − 1)·s − 2p + d(k − 1) + a + 1, per axis. */
const sizeOut = (L, ax, a = L.a[ax]) => (L.n[ax] - 1) * L.s[ax] - 2 * L.p[ax] + L.d[ax] * (L.k[ax] - 1) + a + 1;

/** The output cells along one axis that input i, tap t reach: i·s − p + t·d, inside the output. */
function reachedAlong(L, ax) {
  const size = sizeOut(L, ax);
  const hit = new Array(size).fill(false);
  for (let i = 0; i < L.n[ax]; i++) for (let t = 0; t < L.k[ax]; t++) {
    const o = i * L.s[ax] - L.p[ax] + t * L.d[ax];
    if (o >= 0 && o < size) hit[o] = true;
  }
  return hit;
}

/** The right answer for the shown question, from the oracle. */
function oracle(question) {
  const L = layerOf(question);
  switch (question.kind) {
    case 'output-size': return { size: [sizeOut(L, 0), sizeOut(L, 1)] };
    case 'output-padding': {
      const target = question.ask.match(/(\d+)×(\d+)/).slice(1).map(Number);
      return { number: target[0] - sizeOut(L, 0, 0), target };
    }
    case 'holes': {
      const [rows, cols] = [reachedAlong(L, 0), reachedAlong(L, 1)];
      const cells = [];
      rows.forEach((r, i) => cols.forEach((c, j) => { if (!(r && c)) cells.push(`${i},${j}`); }));
      return { cells, size: [rows.length, cols.length] };
    }
    case 'reach': {
      const [r, c] = question.ask.match(/\((\d+), (\d+)\)/).slice(1).map(Number);
      const cells = [];
      const along = (ax, o, i) => [...Array(L.k[ax]).keys()].some((t) => i * L.s[ax] - L.p[ax] + t * L.d[ax] === o);
      for (let i = 0; i < L.n[0]; i++) for (let j = 0; j < L.n[1]; j++) if (along(0, r, i) && along(1, c, j)) cells.push(`${i},${j}`);
      return { cells, cell: [r, c], size: [sizeOut(L, 0), sizeOut(L, 1)] };
    }
  }
  throw new Error(`unknown kind ${question.kind}`);
}

/** Answer the shown question (right, or as `wrong` makes it) and check it. */
async function answer(question, right, { wrong = false } = {}) {
  const page = app.page;
  if (right.size && question.kind === 'output-size') {
    const [h, w] = wrong ? [right.size[0] + 1, right.size[1]] : right.size;
    await page.fill(q('practice-height'), String(h));
    await page.fill(q('practice-width'), String(w));
  } else if (question.kind === 'output-padding') {
    await page.fill(q('practice-number'), String(wrong ? right.number + 1 : right.number));
  } else {
    // A wrong answer leaves the first right cell out, or selects a cell that is not one.
    let cells = right.cells;
    if (wrong) {
      const all = await page.$$eval(q('practice-cell'), (els) => els.map((e) => e.dataset.cell));
      cells = cells.length > 0 ? cells.slice(1) : [all.find((c) => !right.cells.includes(c))];
    }
    for (const cell of cells) await page.click(`${q('practice-cell')}[data-cell="${cell}"]`);
  }
  assert.equal(await page.getAttribute('html', 'data-practice'), 'asking', 'the stage is veiled until the answer is checked');
  await page.click(q('practice-check'));
  await page.waitForSelector(q('practice-verdict'));
  return page.getAttribute(q('practice-verdict'), 'data-right');
}

/** The stage, once a question is answered, shows its layer: the size the oracle says, and for a
 * reach question the gather view at that cell's step. */
async function assertStageShows(question, right) {
  const page = app.page;
  await page.waitForFunction(() => !document.documentElement.hasAttribute('data-practice'));
  const size = right.target ?? right.size;
  await page.waitForSelector(`${q('output-size')}[data-size="${size.join('x')}"]`, { timeout: 5000 });
  if (question.kind === 'reach') {
    const step = right.cell[0] * right.size[1] + right.cell[1] + 1;
    await page.waitForSelector(`${q('step')}[data-step="${step}"]`);
    assert.match(await page.getAttribute(q('stage'), 'aria-label'), /^gather view/);
  }
  if (question.kind === 'holes') {
    assert.equal(await page.getAttribute(q('holes'), 'data-count'), String(right.cells.length));
  }
}

test('a link with a seed asks the same eight questions on every load, another seed others', async () => {
  const codes = async () => {
    const out = [];
    for (let i = 0; i < 8; i++) {
      await app.page.click(`${q('practice-goto')} >> nth=${i}`);
      await app.page.waitForSelector(`${q('practice-question')}[data-index="${i}"]`);
      const s = await shown();
      out.push(`${s.kind} ${s.code} ${s.input.join('×')} ${s.ask}`);
    }
    return out;
  };
  await open('?mode=practice&seed=42');
  const first = await codes();
  assert.deepEqual([...new Set(first.map((c) => c.split(' ')[0]))].sort(), ['holes', 'output-padding', 'output-size', 'reach']);
  await app.page.reload();
  await app.page.waitForSelector(q('practice-question'));
  assert.deepEqual(await codes(), first);
  await open('?mode=practice&seed=43');
  assert.notDeepEqual(await codes(), first);
  assert.deepEqual(app.errors, []);
});

test('every question answered right is checked right, and the stage then shows its layer', async () => {
  for (const seed of [42, 7, 2026]) {
    await open(`?mode=practice&seed=${seed}`);
    for (let i = 0; i < 8; i++) {
      const question = await shown();
      assert.equal(question.index, i);
      const right = oracle(question);
      assert.equal(await answer(question, right), 'true', `seed ${seed} question ${i + 1}: ${question.code}`);
      assert.match(await app.page.textContent(q('practice-verdict')), /Right/);
      await assertStageShows(question, right);
      if (seed === 42 && question.kind === 'holes') {
        await app.page.screenshot({ path: join(outDir, 'practice-right.png'), fullPage: true });
      }
      if (i < 7) await app.page.click(q('practice-next'));
    }
    assert.equal(await app.page.textContent(q('practice-score')), '8 right of 8 answered');
  }
  assert.deepEqual(app.errors, []);
});

test('wrong answers are checked wrong, explained, and marked so without colour', async () => {
  await open('?mode=practice&seed=5');
  for (let i = 0; i < 4; i++) {
    const question = await shown();
    const right = oracle(question);
    assert.equal(await answer(question, right, { wrong: true }), 'false', question.code);
    const verdict = await app.page.textContent(q('practice-verdict'));
    assert.match(verdict, /Not quite/);
    // The explanation gives the right answer.
    if (question.kind === 'output-size') assert.ok(verdict.includes(`the output is ${right.size.join('×')}`), verdict);
    if (question.kind === 'output-padding') assert.ok(verdict.includes(`= ${right.number}.`), verdict);
    if (question.kind === 'holes') assert.ok(verdict.includes(`${right.cells.length} of them`), verdict);
    await assertStageShows(question, right);
    if (question.kind === 'holes') {
      // The grid marks the hole left out, in words too.
      const label = await app.page.getAttribute(`${q('practice-cell')}[data-cell="${right.cells[0]}"]`, 'aria-label');
      assert.equal(label, `(${right.cells[0].replace(',', ', ')}): left out`);
      await app.page.screenshot({ path: join(outDir, 'practice-wrong.png'), fullPage: true });
    }
    // The checked answer stays as given.
    assert.equal(await app.page.isDisabled(q('practice-check')), true);
    await app.page.click(q('practice-next'));
  }
  assert.equal(await app.page.textContent(q('practice-score')), '0 right of 4 answered');
  const labels = await app.page.$$eval(q('practice-goto'), (els) => els.map((e) => `${e.getAttribute('aria-label')} ${e.textContent}`));
  assert.deepEqual(labels.slice(0, 5), ['question 1: wrong 1✗', 'question 2: wrong 2✗', 'question 3: wrong 3✗', 'question 4: wrong 4✗', 'question 5 5']);
  // Back to an answered question: its verdict, and the stage on its layer.
  await app.page.click(`${q('practice-goto')} >> nth=0`);
  const first = await shown();
  assert.equal(await app.page.getAttribute(q('practice-verdict'), 'data-right'), 'false');
  await assertStageShows(first, oracle(first));
  assert.deepEqual(app.errors, []);
});

test('a practice link without a seed gets one, written into the URL to share', async () => {
  await open('?mode=practice');
  await app.page.waitForFunction(() => /[?&]seed=\d+/.test(location.search));
  const link = await app.page.evaluate(() => location.href);
  const question = await shown();
  await app.page.goto(link);
  await app.page.waitForSelector(q('practice-question'));
  assert.deepEqual(await shown(), question);
  // New questions: another seed, in the URL, and the score starts over.
  const seed = new URL(link).searchParams.get('seed');
  await app.page.click(q('practice-new'));
  await app.page.waitForFunction((old) => new URLSearchParams(location.search).get('seed') !== old, seed);
  assert.equal(await app.page.textContent(q('practice-score')), '0 right of 0 answered');
  // Leaving practice shows the whole page's stage again.
  await app.page.click(q('practice-leave'));
  await app.page.waitForSelector(q('practice'), { state: 'detached' });
  assert.equal(await app.page.getAttribute('html', 'data-practice'), null);
  assert.deepEqual(app.errors, []);
});

test('by keyboard alone: arrows move among the cells without stepping the stage, space selects, Enter checks', async () => {
  await open('?mode=practice&seed=42');
  const page = app.page;
  // Question 2 (holes) of seed 42.
  await page.click(`${q('practice-goto')} >> nth=1`);
  const question = await shown();
  assert.equal(question.kind, 'holes');
  const right = oracle(question);
  const stepBefore = await page.getAttribute(q('step'), 'data-step');
  await page.focus(`${q('practice-cell')}[data-cell="0,0"]`);
  let at = [0, 0];
  for (const cell of right.cells) {
    const [r, c] = cell.split(',').map(Number);
    while (at[0] < r) { await page.keyboard.press('ArrowDown'); at[0]++; }
    while (at[0] > r) { await page.keyboard.press('ArrowUp'); at[0]--; }
    while (at[1] < c) { await page.keyboard.press('ArrowRight'); at[1]++; }
    while (at[1] > c) { await page.keyboard.press('ArrowLeft'); at[1]--; }
    assert.equal(await page.evaluate(() => document.activeElement.dataset.cell), cell);
    await page.keyboard.press('Space');
  }
  assert.equal(await page.getAttribute(q('step'), 'data-step'), stepBefore, 'the arrows did not step the stage');
  // One tab stop for the grid: Tab leaves it for the check button.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'practice-check');
  assert.equal(await page.getAttribute('.stage-panel', 'inert'), '', 'the veiled stage is inert');
  await page.keyboard.press('Enter');
  await page.waitForSelector(q('practice-verdict'));
  assert.equal(await page.getAttribute(q('practice-verdict'), 'data-right'), 'true');
  // The focus goes on to the next question's button; the verdict is read out from the status line.
  await page.waitForFunction(() => document.activeElement?.id === 'practice-next');
  assert.match(await page.textContent('.practice [role=status]'), /^Right: \d+ holes\./);
  assert.equal(await page.getAttribute('.stage-panel', 'inert'), null);
  // A size typed and Enter pressed in the field.
  await page.click(`${q('practice-goto')} >> nth=0`);
  const size = oracle(await shown()).size;
  await page.focus(q('practice-height'));
  await page.keyboard.type(String(size[0]));
  await page.keyboard.press('Tab');
  await page.keyboard.type(String(size[1]));
  await page.keyboard.press('Enter');
  await page.waitForSelector(q('practice-verdict'));
  assert.equal(await page.getAttribute(q('practice-verdict'), 'data-right'), 'true');
  assert.deepEqual(app.errors, []);
});

test('in Chinese: questions, verdicts and explanations, nothing left in English', async () => {
  await open('?mode=practice&seed=42&lang=zh');
  for (let i = 0; i < 4; i++) {
    const question = await shown();
    assert.equal(await answer(question, oracle(question), { wrong: i % 2 === 1 }), String(i % 2 === 0));
    assert.deepEqual(await untranslated(app.page), [], `question ${i + 1}`);
    if (question.kind === 'holes') await app.page.screenshot({ path: join(outDir, 'zh-practice.png'), fullPage: true });
    await app.page.click(q('practice-next'));
  }
  assert.match(await app.page.textContent(q('practice-score')), /答对 2 题/);
  assert.deepEqual(app.errors, []);
});

test('on a phone held upright the questions, grids and explanations fit the width', async () => {
  await app.page.setViewportSize({ width: 390, height: 844 });
  try {
    await open('?mode=practice&seed=42');
    for (let i = 0; i < 4; i++) {
      await app.page.click(`${q('practice-goto')} >> nth=${i}`);
      const question = await shown();
      await answer(question, oracle(question), { wrong: true });
      assert.ok(await app.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `question ${i + 1} scrolls sideways`);
    }
    await app.page.screenshot({ path: join(outDir, 'practice-phone.png') });
  } finally {
    await app.page.setViewportSize({ width: 1280, height: 800 });
  }
  assert.deepEqual(app.errors, []);
});

test('answers survive a reload and the language switch; leaving or new questions ask first', async () => {
  const page = app.page;
  await open('?mode=practice&seed=77');
  const question = await shown();
  await answer(question, oracle(question));
  // A draft on question 2 is kept while question 3 is looked at.
  await page.click(`${q('practice-goto')} >> nth=1`);
  await page.click(`${q('practice-cell')} >> nth=0`);
  await page.click(`${q('practice-goto')} >> nth=2`);
  await page.click(`${q('practice-goto')} >> nth=1`);
  assert.equal(await page.getAttribute(`${q('practice-cell')} >> nth=0`, 'aria-pressed'), 'true');
  await page.reload();
  await page.waitForSelector(q('practice-verdict'));
  assert.equal(await page.textContent(q('practice-score')), '1 right of 1 answered');
  await page.click(q('lang-switch'));
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  await page.waitForSelector(q('practice-verdict'));
  assert.match(await page.textContent(q('practice-score')), /答对 1 题/);
  // Leaving asks first; declining keeps the answers.
  page.once('dialog', (dialog) => dialog.dismiss());
  await page.click(q('practice-leave'));
  assert.equal(await page.locator(q('practice')).count(), 1);
  page.once('dialog', (dialog) => dialog.accept());
  await page.click(q('practice-new'));
  await page.waitForFunction(() => new URLSearchParams(location.search).get('seed') !== '77');
  assert.match(await page.textContent(q('practice-score')), /已答 0 题/);
  assert.deepEqual(app.errors, []);
});
