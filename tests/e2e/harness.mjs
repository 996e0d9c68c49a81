// Shared set-up for the end-to-end tests: a static server over dist/ (or BASE_URL, e.g. a
// running `trunk serve`) and Debian's Chromium driven by playwright-core with a fresh profile.
import { createServer } from 'node:http';
import { readFile, mkdtemp, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, extname, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const outDir = join(root, 'tests', 'e2e', 'out');

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json',
};

/** A static server over `dist` (any built copy of the app) on a free port. */
export function serveDist(dist = join(root, 'dist')) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(dist, path === '/' ? 'index.html' : path);
    let body;
    try { body = await readFile(file); } catch { file = join(dist, 'index.html'); body = await readFile(file); }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Start the server and the browser; returns { page, url(path), errors, close }. With `base`, the
 * pages come from there (a server of the caller's) rather than from a server over dist/. */
export async function start({ base: given } = {}) {
  await mkdir(outDir, { recursive: true });
  const server = given || process.env.BASE_URL ? null : await serveDist();
  const base = given ?? process.env.BASE_URL ?? `http://127.0.0.1:${server.address().port}`;
  const profile = await mkdtemp(join(tmpdir(), 'convt-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return {
    page,
    errors,
    url: (path = '/') => base + path,
    close: async () => { await context.close(); server?.close(); },
  };
}

/** A course page on another origin (another port) with the app in an 800×450 iframe; its own
 * markup may use inline styles, as course pages do (the app's policy is not the page's). */
export function serveCoursePage(src) {
  const page = `<!doctype html><title>A course page</title><body style="margin:20px"><h1>Week 3: transposed convolution</h1>
<iframe src="${src}" width="800" height="450" style="border:0" title="convt-lab"></iframe></body>`;
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => server.close(),
  })));
}
