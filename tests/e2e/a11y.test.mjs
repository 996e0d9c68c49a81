// Accessibility: axe-core on the default page, each view, present and embed modes and a page in
// Chinese, with no serious or critical violation; and the keyboard reaches what the mouse does.
import { test, before, beforeEach, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { start, outDir } from './harness.mjs';

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let app;
before(async () => { app = await start(); });
beforeEach(() => { if (app) app.errors.length = 0; });
after(async () => { await app?.close(); });

async function open(query) {
  await app.page.goto(app.url('/' + query));
  // Practice mode veils the stage until a question is answered: painted, not visible.
  const state = query.includes('mode=practice') ? 'attached' : 'visible';
  await app.page.waitForSelector('[data-testid=stage][data-painted]', { timeout: 15000, state });
}

/** The page's serious and critical violations, one line each (rule, impact, where). Evaluated
 * through the devtools protocol, which the page's Content-Security-Policy does not govern. */
async function violations() {
  await app.page.evaluate(axeSource);
  return app.page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1] ?? v.help}`));
  });
}

const pages = {
  'the default page': '',
  'the gather view': '?view=gather&t=3',
  'the overlap view': '?view=overlap',
  'the matrix view': '?view=matrix&t=2',
  'the forward conv view': '?op=conv&t=2',
  'an invalid setting': '?k=3&s=2&p=-1',
  'present mode': '?s=2&p=1&opad=1&mode=present&t=3',
  'embed mode': '?s=2&p=1&opad=1&mode=embed&t=3',
  'a page in Chinese': '?lang=zh&t=3',
  'practice mode': '?mode=practice&seed=42',
  'practice mode in Chinese': '?mode=practice&seed=42&lang=zh',
};
for (const [name, query] of Object.entries(pages)) {
  test(`axe: no serious or critical violation on ${name}, panels and disclosures open`, async () => {
    await open(query);
    if (!query.includes('mode=')) {
      await app.page.locator('.lower-panels').scrollIntoViewIfNeeded();
      await app.page.waitForLoadState('networkidle');
      await app.page.evaluate(() => { for (const d of document.querySelectorAll('details')) d.open = true; });
      await app.page.waitForLoadState('networkidle');
    }
    assert.deepEqual(await violations(), []);
    assert.deepEqual(app.errors, []);
  });
}

test('axe: no serious or critical violation in practice mode with a checked answer and its explanation', async () => {
  await app.page.goto(app.url('/?mode=practice&seed=42'));
  await app.page.waitForSelector('[data-testid=practice-question]');
  await app.page.click('[data-testid=practice-goto] >> nth=1');
  await app.page.click('[data-testid=practice-cell] >> nth=0');
  await app.page.click('[data-testid=practice-check]');
  await app.page.waitForSelector('[data-testid=practice-verdict]');
  await app.page.waitForSelector('[data-testid=stage][data-painted]');
  assert.deepEqual(await violations(), []);
  assert.deepEqual(app.errors, []);
});

test('keyboard: a framework row switches the stage with Enter; space presses a focused button, not play', async () => {
  await open('');
  await app.page.locator('.lower-panels').scrollIntoViewIfNeeded();
  await app.page.locator('.table-panel').scrollIntoViewIfNeeded();
  const tensorflow = app.page.locator('[data-testid=framework-row][data-framework=tensorflow] button.row-switch');
  await tensorflow.waitFor();
  await tensorflow.focus();
  await app.page.keyboard.press('Enter');
  await app.page.waitForFunction(() => document.querySelector('.tab[aria-selected=true]')?.dataset.framework === 'tensorflow');
  // Step forward by keyboard: the button, not the play toggle, answers space.
  await app.page.goto(app.url('/?s=2&p=1&opad=1'));
  await app.page.waitForSelector('[data-testid=stage][data-painted]');
  const forward = app.page.getByRole('button', { name: 'Step forward' });
  await forward.focus();
  await app.page.keyboard.press('Space');
  await app.page.keyboard.press('Space');
  assert.equal(await app.page.getByTestId('step').getAttribute('data-step'), '2');
  assert.equal((await app.page.getByTestId('play').textContent()).trim(), 'play');
  // Away from any button, space still plays.
  await app.page.locator('h1').click();
  await app.page.keyboard.press('Space');
  assert.equal((await app.page.getByTestId('play').textContent()).trim(), 'pause');
  await app.page.keyboard.press('Space');
  assert.deepEqual(app.errors, []);
});

test('keyboard: Tab to the stage, the arrows walk its cells, each explained as hovering it would, without stepping', async () => {
  const page = app.page;
  await open('?s=2&p=1&opad=1&t=3');
  const hover = page.locator('.hover');
  const placeholder = await hover.textContent();
  await page.focus('[data-testid=stage]');
  await page.keyboard.press('ArrowRight');
  const ring = page.locator('#cell-ring');
  await ring.waitFor({ state: 'visible' });
  const first = await hover.textContent();
  assert.notEqual(first, placeholder);
  const said = [first];
  for (const key of ['ArrowRight', 'ArrowRight', 'ArrowDown', 'ArrowRight', 'ArrowRight', 'ArrowRight']) {
    await page.keyboard.press(key);
    said.push(await hover.textContent());
  }
  assert.ok(new Set(said).size >= 5, said.join('\n'));
  assert.equal(await page.getByTestId('step').getAttribute('data-step'), '3', 'the arrows walked the cells, not the steps');
  // The ring's cell, hovered: the same words.
  const keyboardWords = await hover.textContent();
  await page.screenshot({ path: join(outDir, 'stage-keyboard-walk.png') });
  const box = await ring.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForFunction((words) => document.querySelector('.hover').textContent === words, keyboardWords);
  // Leaving the stage by Tab hides the ring; the arrows step the stage again.
  await page.keyboard.press('Tab');
  await ring.waitFor({ state: 'hidden' });
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('[data-testid=step][data-step="4"]');
  assert.deepEqual(app.errors, []);
});
