// The published site: dist/ as a plain static host serves it (Python's http.server: files as they
// are, 404 for anything else, /dir → /dir/ redirects) under a sub-path, as GitHub Pages serves a
// project at /<repository>/; and the page framed by a course page on another origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { start, outDir, serveCoursePage } from './harness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sub = '/convt-lab/';
let app;
let site;
let host;

/** Python's static server over a directory whose `convt-lab` is dist/; resolves to its base URL. */
async function serveSite() {
  const dir = await mkdtemp(join(tmpdir(), 'convt-site-'));
  await symlink(join(root, 'dist'), join(dir, 'convt-lab'));
  const server = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', dir], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const port = await new Promise((resolve, reject) => {
    let said = '';
    server.stdout.on('data', (chunk) => {
      said += chunk;
      const found = said.match(/port (\d+)/);
      if (found) resolve(found[1]);
    });
    server.on('exit', (code) => reject(new Error(`http.server exited with ${code}`)));
  });
  return { base: `http://127.0.0.1:${port}`, close: () => server.kill() };
}

before(async () => {
  site = await serveSite();
  app = await start({ base: site.base });
});
after(async () => {
  await app?.close();
  site?.close();
  host?.close();
});

const painted = (frame) => frame.locator('[data-testid=stage][data-painted]').waitFor({ timeout: 15000 });

test('under a sub-path the app paints, a link loads its modules, and the footer names the build\'s commit', async () => {
  const failed = [];
  const loaded = [];
  const record = (response) => {
    loaded.push(new URL(response.url()).pathname);
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  };
  app.page.on('response', record);
  try {
    await app.page.goto(app.url(sub));
    await painted(app.page);
    assert.equal(await app.page.getByTestId('output-size').getAttribute('data-size'), '6x6');
    // The footer: static HTML, written by scripts/stamp_commit.py, naming a commit of this repository.
    const stamp = app.page.getByTestId('build-commit');
    const commit = await stamp.getAttribute('data-commit');
    assert.match(commit ?? '', /^[0-9a-f]{40}$/);
    assert.equal(execFileSync('git', ['-C', root, 'cat-file', '-t', commit]).toString().trim(), 'commit');
    assert.equal(await stamp.textContent(), commit.slice(0, 12));
    await app.page.getByTestId('build').screenshot({ path: join(outDir, 'site-footer.png') });

    // A link in Keras's terms: the link reader and the dialects load from under the sub-path.
    loaded.length = 0;
    await app.page.goto(app.url(`${sub}?fw=keras&in=20&k=3&s=10&p=same`));
    await painted(app.page);
    assert.equal(await app.page.getByTestId('output-size').getAttribute('data-size'), '200x200');
    // (A link's modules come packed: scripts/split_assets.py.)
    const dialects = loaded.filter((path) => /\/pack_dialects[^/]*\.bin$/.test(path));
    assert.equal(dialects.length, 1, loaded.join(' '));
    assert.ok(dialects[0].startsWith(sub), dialects[0]);

    // Without the trailing slash the host redirects to the directory (as GitHub Pages does).
    await app.page.goto(app.url('/convt-lab?fw=caffe&in=28&k=4&s=2&p=1'));
    await painted(app.page);
    assert.equal(new URL(app.page.url()).pathname, sub);
    assert.equal(await app.page.getByTestId('output-size').getAttribute('data-size'), '56x56');
  } finally {
    app.page.off('response', record);
  }
  assert.deepEqual(failed, []);
  assert.deepEqual(app.errors, []);
});

test('a course page on another origin frames the app; the policy allows it and loosens nothing', async () => {
  // The page's own policy: exactly the strict one (scripts/csp.py), with nothing about framing,
  // which a <meta> policy cannot say (browsers ignore frame-ancestors there).
  const html = await readFile(join(root, 'dist', 'index.html'), 'utf8');
  const policy = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/)?.[1];
  assert.match(policy ?? '', new RegExp("^default-src 'self'; script-src 'self' 'wasm-unsafe-eval'( 'sha256-[A-Za-z0-9+/=]+'){2}; "
    + "style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    + "base-uri 'none'; form-action 'none'$"));

  host = await serveCoursePage(app.url(`${sub}?s=2&p=1&opad=1&mode=embed`));
  const response = await app.page.goto(host.url);
  assert.equal(response.status(), 200);
  const frame = app.page.frameLocator('iframe');
  await painted(frame);
  assert.equal(await frame.getByTestId('output-size').getAttribute('data-size'), '6x6');
  await app.page.setViewportSize({ width: 900, height: 600 });
  await app.page.screenshot({ path: join(outDir, 'site-framed.png') });
  await app.page.setViewportSize({ width: 1280, height: 800 });
  assert.deepEqual(app.errors, []);
});
