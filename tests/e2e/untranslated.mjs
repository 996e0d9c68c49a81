// What a page in Chinese still says in English: every text node and spoken attribute
// (aria-label, title, placeholder, alt) outside code, text fields and `translate="no"`, with
// letters left once the names that stay as they are (frameworks, file formats, keys) are taken out.
// Used by the i18n test, and runnable to list what the table lacks:
//   node tests/e2e/untranslated.mjs        (against dist/)

/** Words that are the same in every language: names of frameworks and formats, keys, the app. */
const NAMES = /\b(convt-lab|PyTorch|Keras(?: [123])?|TensorFlow|tf\.keras|tf\.nn|Caffe|ONNX(?: Runtime)?|JAX|MXNet|Gluon|Chainer|Paddle(?:Paddle)?|NumPy|PNG|SVG|GIF|URL|iframe|Esc|Home|End|F|SAME|VALID|SAME_UPPER|SAME_LOWER|NCHW|NHWC|px|KB)\b/g;

/** Code inside prose stays as it is: a token with brackets, quotes, `=`, `_` or a `.` before a
 * letter (`nn.ConvTranspose2d(1, 1, 3)`, `output_padding`, `padding='same'`). */
const CODE = /\S*(?:[()=_\[\]{}"']|\.[A-Za-z])\S*/g;

/** In the page: the English left in it (unique strings, in page order). */
export async function untranslated(page) {
  return page.evaluate(([names, code]) => {
    const NAMES = new RegExp(names, 'g');
    const CODE = new RegExp(code, 'g');
    const kept = 'code, pre, textarea, script, style, [translate=no], template';
    const left = new Set();
    const check = (text, where) => {
      const t = text.trim();
      // Text with Chinese in it is translated (the Latin left is code, names and formats; the
      // core's own words are checked word by word natively, tests/i18n.rs). A size is not English.
      if (/[\u4e00-\u9fff]/.test(t)) return;
      if (t && /[A-Za-z]/.test(t.replace(CODE, '').replace(NAMES, '').replace(/\d+(x\d+)+/g, ''))) left.add(`${where}: ${t}`);
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest(kept) || parent.closest('[hidden]')) continue;
      check(node.nodeValue, 'text');
    }
    for (const element of document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
      if (element.closest('[translate=no]')) continue;
      for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
        const value = element.getAttribute(name);
        if (value) check(value, name);
      }
    }
    check(document.title, 'title');
    return [...left];
  }, [NAMES.source, CODE.source]);
}

// Run directly: open pages in Chinese and list what is left.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { start } = await import('./harness.mjs');
  const app = await start();
  const all = new Set();
  const pages = ['?lang=zh', '?lang=zh&view=gather&t=3', '?lang=zh&view=overlap', '?lang=zh&view=matrix&t=2',
    '?lang=zh&op=conv&t=2', '?lang=zh&t=4', '?lang=zh&t=9', '?lang=zh&fw=keras&in=20&k=3&s=10&p=same',
    '?lang=zh&fw=caffe&in=28&k=4&s=2&p=1', '?lang=zh&k=3&s=2&p=-1', '?lang=zh&s=2&p=1&opad=1&mode=present&t=3',
    '?lang=zh&s=2&p=1&opad=1&mode=embed&t=3', '?lang=zh&fw=onnx&k=3&s=2&p=SAME_UPPER', '?lang=zh&in=5&k=2&s=3',
    '?lang=zh&fw=tensorflow&in=5&k=3&s=2&p=same&out=10x10'];
  app.page.on('crash', () => console.error('page crashed'));
  for (const path of pages) {
    console.error(path);
    await app.page.goto(app.url('/' + path));
    await app.page.waitForSelector('[data-testid=stage][data-painted]', { timeout: 15000 });
    if (!path.includes('mode=')) {
      await app.page.locator('.lower-panels').scrollIntoViewIfNeeded();
      await app.page.waitForLoadState('networkidle');
      await app.page.evaluate(() => { for (const d of document.querySelectorAll('details')) d.open = true; });
      await app.page.waitForLoadState('networkidle');
      await app.page.waitForTimeout(200);
    }
    for (const s of await untranslated(app.page)) all.add(s);
  }
  console.log([...all].join('\n'));
  console.error(`${all.size} strings left; page errors: ${app.errors.length ? app.errors.join(' | ') : 'none'}`);
  await app.close();
}
