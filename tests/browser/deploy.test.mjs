// The real deployment: the bundled handbook built under the sub-path /handbok/ and served by
// nginx with the repository's own config (deploy/nginx.conf, deploy/handbok-headers.conf).
// Checks the headers, and runs axe-core (WCAG 2.1 A and AA rules) on every page type in light
// and dark mode, under the strict Content-Security-Policy header.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAGE_TYPES, TEST_TIMEOUT, startBundledSite, useSiteAndBrowser } from './helpers.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const AXE = fs.readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const env = useSiteAndBrowser(startBundledSite);

async function head(p) {
  const response = await fetch(env.site.origin + p, { redirect: 'manual', headers: { 'Accept-Encoding': 'gzip' } });
  await response.arrayBuffer();
  return response;
}

test('nginx: security headers, caching, 404 and the sub-path', { timeout: TEST_TIMEOUT }, async () => {
  const page = await head('/handbok/plan/mal/');
  assert.equal(page.status, 200);
  const csp = page.headers.get('content-security-policy');
  assert.match(csp, /default-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
  assert.match(page.headers.get('permissions-policy'), /camera=\(\)/);
  assert.equal(page.headers.get('cache-control'), 'no-cache');
  assert.equal(page.headers.get('content-encoding'), 'gzip');
  const html = await (await fetch(env.site.origin + '/handbok/plan/mal/')).text();
  const css = html.match(/href="?(\/handbok\/assets\/css\/site\.[0-9a-f]+\.css)/)[1];
  const asset = await head(css);
  assert.equal(asset.status, 200);
  assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(asset.headers.get('content-security-policy'), csp, 'headers on assets too');
  const missing = await head('/handbok/finns-inte/');
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get('x-content-type-options'), 'nosniff');
  // The build manifest is in the output folder but not served.
  assert.equal((await head('/handbok/.handbok/build.json')).status, 404);
  const root = await head('/');
  assert.equal(root.status, 302);
  assert.equal(new URL(root.headers.get('location'), env.site.origin).pathname, '/handbok/');
});

// Every page type (the search page once its results are in), and the states reached by doing
// something first: 15 in all.
const PREPARE = {
  'search page with results': async (page) => {
    await page.locator('.search-results > li').first().waitFor();
  },
};
const PAGES = [
  ...PAGE_TYPES.map(([name, url]) => [name, url, PREPARE[name]]),
  ['quiz after answering', '/2027-2030/quiz/grund/', async (page) => {
    const first = page.locator('.quiz__question').first();
    await first.locator('.quiz__input').first().check();
    await first.locator('.quiz__check').click();
    await first.locator('.quiz__feedback').first().waitFor();
  }],
  ['header search list open', '/2027-2030/riktlinje/', async (page) => {
    await page.locator('#site-search-q').fill('telefon');
    await page.locator('#site-search-list [role="option"]').first().waitFor();
  }],
  ['version switcher open', '/2027-2030/plan/mal/', async (page) => {
    await page.locator('.masthead details.versions summary').click();
  }],
];

async function axe(page) {
  await page.evaluate(AXE);
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return {
      passes: result.passes.length,
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
      })),
    };
  }, WCAG);
}

for (const scheme of ['light', 'dark']) {
  test(`axe-core, WCAG 2.1 AA, ${scheme} mode: every page type`, { timeout: 4 * TEST_TIMEOUT }, async () => {
    const c = await env.context({ colorScheme: scheme });
    const found = [];
    let checked = 0;
    for (const [name, url, prepare] of PAGES) {
      const page = await c.page(url);
      if (prepare) await prepare(page);
      const { violations, passes } = await axe(page);
      assert.ok(passes > 10, `${name}: axe ran`);
      checked++;
      for (const v of violations) found.push(`${name} (${url}): ${v.id} [${v.impact}]\n    ${v.nodes.join('\n    ')}`);
      await page.close();
    }
    console.log(`  ${scheme}: ${checked} pages checked, ${found.length} violations`);
    assert.deepEqual(found, [], found.join('\n'));
    // The 404 page's own status is the one console error expected.
    c.problems.errors = c.problems.errors.filter((e) => !/\/finns-inte\/: Failed to load resource: .* 404/.test(e));
    c.assertClean();
    await c.close();
  });
}
