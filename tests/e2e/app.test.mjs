// The app loads in Chromium and shows the default layer's output size.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, outDir } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.close(); });

test('the default page shows the 6x6 output of the default layer', async () => {
  await app.page.goto(app.url('/'));
  const size = app.page.getByTestId('output-size');
  await size.waitFor({ timeout: 15000 });
  assert.equal(await size.getAttribute('data-size'), '6x6');
  assert.equal(await app.page.getByTestId('param-error').count(), 0);
  await app.page.screenshot({ path: join(outDir, 'default.png'), fullPage: true });
  assert.deepEqual(app.errors, []);
});
