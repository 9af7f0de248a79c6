// Search (search.js) on the built bundled handbook: the search page, the header box with its
// results list, keyboard use, internal pages kept out, what the index costs to download.
// The "all revisions" box is tried on the fixture, which has two adopted revisions.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import {
  BASE_PATH, TEST_TIMEOUT, launchBrowser, newContext, startBundledSite, startSite, text,
} from './helpers.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const env = { site: null, fixture: null, browser: null };
before(async () => {
  env.site = await startBundledSite();
  env.fixture = await startSite();
  env.browser = await launchBrowser();
});
after(async () => {
  await env.browser?.close();
  await env.site?.close();
  await env.fixture?.close();
});
const context = (options) => newContext(env.browser, env.site, options);

const fold = (s) => s.normalize('NFC').toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
const RESULTS = '.search-results > li';
// The bundled guideline, checklists and self-test are in the draft of the next revision.
const DRAFT = '/2027-2030';

// Query → [first result's URL (in the draft revision), its title, its section heading].
// Written down from the index the build makes of content/ (with --drafts).
const FIRST = {
  'våld': ['/2027-2030/definitioner/#vald', 'Begrepp', 'Våld'],
  vald: ['/2027-2030/definitioner/#vald', 'Begrepp', 'Våld'],
  hot: ['/2027-2030/definitioner/#hot', 'Begrepp', 'Hot'],
  hotet: ['/2027-2030/definitioner/#hot', 'Begrepp', 'Hot'],
  hoten: ['/2027-2030/definitioner/#hot', 'Begrepp', 'Hot'],
  forfoljelse: ['/2027-2030/definitioner/#forfoljelse', 'Begrepp', 'Förföljelse'],
  'säkerhet': ['/2027-2030/plan/inledning/', 'Inledning', ''],
  sakerhet: ['/2027-2030/plan/inledning/', 'Inledning', ''],
  // The page whose title is the term comes first (title boost on the page's top section).
  paverkan: ['/2027-2030/plan/otillaten-paverkan/', 'Otillåten påverkan', ''],
  'polisanmälan': ['/2027-2030/checklistor/skydda-uppgifter/', 'Skydda dina personuppgifter', ''],
  // A short section headed "Ring 112 …" (heading boost, BM25 length normalisation).
  112: ['/2027-2030/riktlinje/sociala-medier/#ring-112', 'Sociala medier', 'Ring 112 om någon hotar att skada dig nu'],
};

async function searchPage(page, query) {
  await page.goto(env.site.url(`${DRAFT}/sok/?q=${encodeURIComponent(query)}`));
  const status = page.locator('.search-page > .site-search__status');
  await page.waitForFunction(() => document.querySelector('.search-page > .site-search__status').textContent !== '');
  return status;
}

for (const [query, [url, title, section]] of Object.entries(FIRST)) {
  test(`search page: "${query}"`, { timeout: TEST_TIMEOUT }, async () => {
    const c = await context();
    const page = await c.page();
    const status = await searchPage(page, query);
    assert.equal(await page.locator('#search-page-q').inputValue(), query, 'query filled from ?q=');
    const count = await page.locator(RESULTS).count();
    assert.ok(count >= 1 && count <= 30, `${count} results`);
    assert.equal(await text(status), count === 1 ? '1 träff' : `${count} träffar`);
    const first = page.locator(RESULTS).first();
    const href = await first.locator('a').getAttribute('href');
    const got = [
      href,
      await text(first.locator('.site-search__title')),
      (await first.locator('.site-search__section').count()) ? await text(first.locator('.site-search__section')) : '',
    ];
    console.log(`  "${query}" → ${got.join(' | ')} (${count} results)`);
    assert.deepEqual(got, [BASE_PATH + url, title, section]);
    // A matched word form: the same first letters as the query, diacritics folded.
    const want = fold(query).slice(0, Math.max(3, fold(query).length - 3));
    const marks = await first.locator('mark').allTextContents();
    assert.ok(marks.some((m) => fold(m).startsWith(want)), `marks ${JSON.stringify(marks)} match ${want}`);
    // The excerpt is short (about 160 characters and the ellipses).
    assert.ok((await first.locator('.site-search__excerpt').textContent()).length <= 170);
    // The result opens the page.
    await first.locator('a').click();
    await page.waitForURL(env.site.url(url));
    c.assertClean();
    await c.close();
  });
}

test('a word only on an internal page finds nothing', { timeout: TEST_TIMEOUT }, async () => {
  const source = fs.readFileSync(path.join(ROOT, 'content/2027-2030/utbildning/handledning.md'), 'utf8');
  assert.match(source, /^visibility: internal$/m);
  const c = await context();
  const page = await c.page();
  // Words only in handledning.md, and no shorter form of them (back-off) elsewhere either.
  for (const word of ['gatuadress', 'vittnen', 'missförstånd']) {
    assert.ok(source.toLowerCase().includes(word), `${word} is in handledning.md`);
    const status = await searchPage(page, word);
    assert.equal(await page.locator(RESULTS).count(), 0, word);
    assert.match(await text(status), /^Inga träffar/);
  }
  // Only there too, but its back-off ("hel…") finds other pages: never the internal one.
  const word = 'heltidspolitiker';
  assert.ok(source.toLowerCase().includes(word));
  await searchPage(page, word);
  const hrefs = await page.locator(`${RESULTS} > a`).evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.every((h) => !h.includes('/utbildning/handledning/')), hrefs.join(' '));
  assert.equal(await page.locator(`${RESULTS} mark`).filter({ hasText: /heltidspolitiker/i }).count(), 0);
  c.assertClean();
  await c.close();
});

test('header box: "/", typing, arrows, Enter, Escape', { timeout: TEST_TIMEOUT }, async () => {
  const c = await context();
  const page = await c.page(`${DRAFT}/riktlinje/`);
  const input = page.locator('#site-search-q');
  const list = page.locator('#site-search-list');
  assert.equal(await input.getAttribute('role'), 'combobox');
  assert.equal(await input.getAttribute('aria-controls'), 'site-search-list');
  assert.equal(await list.getAttribute('role'), 'listbox');

  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'site-search-q');
  await page.keyboard.type('hot');
  await list.locator('[role="option"]').first().waitFor();
  assert.equal(await input.getAttribute('aria-expanded'), 'true');
  const options = list.locator('[role="option"]');
  assert.equal(await options.count(), 10);
  assert.equal(await text(page.locator('.site-search__status')), '10 träffar');
  assert.equal(await page.locator('.site-search__status').getAttribute('aria-live'), 'polite');
  assert.ok((await options.first().locator('mark').count()) >= 1);

  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const second = options.nth(1);
  assert.equal(await input.getAttribute('aria-activedescendant'), await second.getAttribute('id'));
  assert.equal(await second.getAttribute('aria-selected'), 'true');
  assert.equal(await options.first().getAttribute('aria-selected'), 'false');
  await page.keyboard.press('ArrowUp');
  assert.equal(await input.getAttribute('aria-activedescendant'), await options.first().getAttribute('id'));
  const href = await options.first().getAttribute('href');
  assert.equal(href, `${BASE_PATH}${DRAFT}/definitioner/#hot`);
  await page.keyboard.press('Escape');
  assert.equal(await list.isVisible(), false);
  assert.equal(await input.getAttribute('aria-expanded'), 'false');
  assert.equal(await input.getAttribute('aria-activedescendant'), null);
  assert.doesNotMatch(await page.locator('.masthead .site-search').getAttribute('class'), /is-open/, 'count not shown');

  await page.keyboard.press('ArrowDown');
  assert.equal(await list.isVisible(), true, 'ArrowDown opens the list again');
  await page.keyboard.press('Enter');
  await page.waitForURL(env.site.origin + href);

  // Ctrl+K from elsewhere on the page.
  await page.locator('.site-title').focus();
  await page.keyboard.press('Control+k');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'site-search-q');
  c.assertClean();
  await c.close();
});

test('header box: Enter without a chosen option goes to the search page', { timeout: TEST_TIMEOUT }, async () => {
  const c = await context();
  const page = await c.page(`${DRAFT}/riktlinje/`);
  await page.locator('#site-search-q').fill('hot telefon');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/2027-2030\/sok\/\?q=hot\+telefon$/);
  await page.locator(RESULTS).first().waitFor();
  // Results stay in the tree the reader is in.
  const hrefs = await page.locator(`${RESULTS} > a`).evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.every((h) => h.startsWith(`${BASE_PATH}/2027-2030/`)), hrefs.join(' '));
  // Two revisions built: the "all revisions" box is offered, and off until ticked.
  assert.equal(await page.locator('.site-search__all').isVisible(), true);
  assert.equal(await page.locator('#search-page-all').isChecked(), false);
  c.assertClean();
  await c.close();
});

test('nothing is fetched before the reader uses search; bytes for two searches', { timeout: TEST_TIMEOUT }, async () => {
  const c = await context();
  const page = await c.page();
  const fetched = [];
  page.on('response', async (response) => {
    if (!response.url().includes('/search/')) return;
    const body = await response.body();
    fetched.push({ url: response.url(), bytes: body.length, gzip: zlib.gzipSync(body, { level: 9 }).length });
  });
  await page.goto(env.site.url(`${DRAFT}/riktlinje/telefon/`));
  await page.waitForTimeout(300);
  assert.deepEqual(fetched, [], 'no index requests on page load');

  const measure = async (query) => {
    const from = fetched.length;
    await page.locator('#site-search-q').fill(query);
    await page.locator('#site-search-list [role="option"]').first().waitFor();
    await page.waitForTimeout(200);
    const got = fetched.slice(from);
    const sum = (k) => got.reduce((n, f) => n + f[k], 0);
    console.log(`  search "${query}": ${got.length} requests, ${sum('bytes')} bytes (gzip ${sum('gzip')} bytes): `
      + got.map((f) => new URL(f.url).pathname.replace(/^.*\/search\//, '')).join(' '));
    return got;
  };
  await page.locator('#site-search-q').focus();
  const first = await measure('hot telefon');
  const second = await measure('säkerhet');
  assert.ok(first.length >= 2 && second.length >= 1);
  // Budget: the first search costs under 30 KB gzip, the search client included.
  const client = await page.locator('script[src*="search"]').getAttribute('src');
  const clientBody = Buffer.from(await (await fetch(new URL(client, page.url()))).arrayBuffer());
  const clientGzip = zlib.gzipSync(clientBody, { level: 9 }).length;
  const firstGzip = first.reduce((n, f) => n + f.gzip, 0);
  console.log(`  first search with client: ${firstGzip + clientGzip} bytes gzip (client ${clientGzip})`);
  assert.ok(firstGzip + clientGzip < 30_000, `${firstGzip + clientGzip} bytes`);
  // Cached: the same search again fetches nothing.
  await page.locator('#site-search-q').fill('');
  const again = await measure('hot telefon');
  assert.equal(again.length, 0, 'fetched files are cached');
  c.assertClean();
  await c.close();
});

test('search fails to load: a message, no results', { timeout: TEST_TIMEOUT }, async () => {
  const c = await context();
  await c.context.route('**/search/**', (route) => route.abort('failed'));
  const page = await c.page();
  const status = await searchPage(page, 'hot');
  assert.match(await text(status), /Sökningen fungerar inte just nu/);
  assert.equal(await page.locator(RESULTS).count(), 0);
  // Failed loads are the only console errors allowed here.
  assert.ok(c.problems.errors.every((e) => /Failed to load resource/.test(e)), c.problems.errors.join('\n'));
  await c.close();
});

test('without JavaScript: the form sends a GET, the page points to the start page and glossary', { timeout: TEST_TIMEOUT }, async () => {
  const c = await context({ javaScriptEnabled: false });
  const page = await c.page(`${DRAFT}/riktlinje/`);
  await page.locator('#site-search-q').fill('hot');
  await page.locator('.masthead .site-search__button').click();
  await page.waitForURL(env.site.url(`${DRAFT}/sok/?q=hot`));
  const note = page.locator('.search-page__nojs');
  assert.equal(await note.isVisible(), true);
  assert.match(await text(note), /JavaScript/);
  assert.deepEqual(
    await note.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
    [`${BASE_PATH}${DRAFT}/`, `${BASE_PATH}${DRAFT}/definitioner/`],
  );
  c.assertClean();
  await c.close();
  // With JavaScript the note goes away.
  const js = await context();
  const p = await js.page('/sok/');
  await p.waitForFunction(() => document.querySelector('.search-page__nojs').hidden);
  js.assertClean();
  await js.close();
});

test('phone, 360 px: the header box fits, the results stay on screen', { timeout: TEST_TIMEOUT }, async () => {
  const c = await context({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await c.page(`${DRAFT}/riktlinje/telefon/`);
  const form = page.locator('.masthead .site-search');
  const box = await form.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 360, JSON.stringify(box));
  assert.ok((await page.locator('.site-search__button').boundingBox()).height >= 44, 'touch target');
  await page.locator('#site-search-q').fill('sakerhet');
  const option = page.locator('#site-search-list [role="option"]').first();
  await option.waitFor();
  const list = await page.locator('#site-search-list').boundingBox();
  assert.ok(list.x >= 0 && list.x + list.width <= 360, JSON.stringify(list));
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'no sideways scrolling');
  const href = await option.getAttribute('href');
  await option.tap();
  await page.waitForURL(env.site.origin + href);
  c.assertClean();
  await c.close();
});

test('print: no search box', { timeout: TEST_TIMEOUT }, async () => {
  const c = await context();
  const page = await c.page('/sok/?q=hot');
  await page.locator(RESULTS).first().waitFor();
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.site-search:visible').count(), 0);
  assert.equal(await page.locator('.search-results:visible').count(), 0);
  c.assertClean();
  await c.close();
});

test('all revisions (fixture with two adopted revisions)', { timeout: TEST_TIMEOUT }, async () => {
  const c = await newContext(env.browser, env.fixture);
  const page = await c.page('/sok/?q=gamla');
  const all = page.locator('#search-page-all');
  await page.locator('.site-search__all').waitFor();
  assert.equal(await page.locator(RESULTS).count(), 0, 'the current revision alone has no "gamla"');
  await all.check();
  await page.locator(RESULTS).first().waitFor();
  const first = page.locator(RESULTS).first();
  assert.equal(await first.locator('a').getAttribute('href'), `${BASE_PATH}/2019-2022/`);
  assert.equal(await text(first.locator('.site-search__rev')), 'Plan 2019–2022');
  assert.match(page.url(), /[?&]alla=1/);
  // Reloaded with alla=1, the box stays ticked.
  await page.reload();
  await page.locator(RESULTS).first().waitFor();
  assert.equal(await all.isChecked(), true);
  c.assertClean();
  await c.close();
});
