// Keyboard only, on every page type of the bundled handbook (served by nginx under /handbok/):
// Tab alone reaches every interactive control, each shows a visible focus indicator, nothing
// traps focus, and the controls work from the keyboard (disclosures open with Enter, boxes tick
// with Space, the skip link moves focus to the content). Buttons with their own behaviour (quiz,
// trainer, search list, switcher) are operated by keyboard in their own test files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PAGE_TYPES, TEST_TIMEOUT, startBundledSite, useSiteAndBrowser } from './helpers.mjs';

const env = useSiteAndBrowser(startBundledSite);


// Marks every element a keyboard user must be able to reach with `data-kb` (a number), and
// returns the numbers of those that are visible now. Radio buttons count once per group: Tab
// reaches the group, the arrow keys move inside it.
async function controls(page) {
  return page.evaluate(() => {
    const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]';
    const seenGroups = new Set();
    const visible = [];
    let next = Number(document.body.dataset.kbNext || 0);
    for (const el of document.querySelectorAll(selector)) {
      if (el.disabled || el.getAttribute('tabindex') === '-1') continue;
      if (el.closest('[inert]')) continue;
      if (el.dataset.kb === undefined) el.dataset.kb = String(next++);
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      const shown = box.width > 0 && box.height > 0 && style.visibility !== 'hidden'
        && el.checkVisibility({ checkOpacity: false, checkVisibilityCSS: true });
      if (!shown) continue;
      if (el.type === 'radio') {
        if (seenGroups.has(el.name)) continue;
        seenGroups.add(el.name);
        visible.push(`radio:${el.name}`);
        continue;
      }
      visible.push(el.dataset.kb);
    }
    document.body.dataset.kbNext = String(next);
    return visible;
  });
}

// What has focus: its mark, a description for messages, and whether the focus indicator is
// visible (an outline of 2 px or more, or a box shadow).
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    // A control made after the last count (search results redrawn): give it its mark now.
    if (el.dataset.kb === undefined && el.getAttribute('tabindex') !== '-1') {
      const next = Number(document.body.dataset.kbNext || 0);
      el.dataset.kb = String(next);
      document.body.dataset.kbNext = String(next + 1);
    }
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const shadow = style.boxShadow !== 'none';
    const label = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().slice(0, 40);
    return {
      id: el.id,
      mark: el.type === 'radio' ? `radio:${el.name}` : el.dataset.kb,
      what: `<${el.tagName.toLowerCase()}${el.className ? ` class="${el.className}"` : ''}> ${label}`,
      tag: el.tagName.toLowerCase(),
      type: el.type || '',
      indicator: outline || shadow,
      details: el.tagName === 'SUMMARY' ? el.parentElement.open : null,
      checked: el.type === 'checkbox' || el.type === 'radio' ? el.checked : null,
    };
  });
}

// Tabs through the page from the top until focus comes back round, operating what it meets.
async function sweep(page) {
  await controls(page);
  const reached = new Set();
  const problems = [];
  let operated = 0;
  let first = null;
  for (let i = 0; i < 600; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (!now) continue;
    if (now.mark === undefined) continue; // a slide or the content, focused by script
    if (first === null) first = now.mark;
    else if (now.mark === first) return { reached, problems, operated, wrapped: true };
    reached.add(now.mark);
    if (!now.indicator) problems.push(`no visible focus: ${now.what}`);
    if (now.tag === 'summary' && now.details === false) {
      await page.keyboard.press('Enter');
      const after = await focused(page);
      if (after.details !== true) problems.push(`Enter does not open: ${now.what}`);
      operated++;
      await controls(page); // what the disclosure showed is now to be reached too
    } else if (now.type === 'checkbox') {
      await page.keyboard.press('Space');
      const after = await focused(page);
      if (after.checked === now.checked) problems.push(`Space does not tick: ${now.what}`);
      await page.keyboard.press('Space');
      operated++;
      // Ticking "all revisions" runs the search again: let the results be redrawn before going on.
      if (now.id === 'search-page-all') await page.waitForTimeout(500);
    }
  }
  return { reached, problems, operated, wrapped: false };
}

for (const [name, url] of PAGE_TYPES) {
  test(`keyboard only: ${name}`, { timeout: TEST_TIMEOUT }, async () => {
    const c = await env.context();
    const page = await c.page(url);
    if (url.includes('/sok/')) await page.locator('.search-results > li').first().waitFor();
    const { reached, problems, operated, wrapped } = await sweep(page);
    assert.ok(wrapped, 'Tab comes back round to the first control: no keyboard trap');
    const shown = await controls(page);
    const missed = [];
    for (const mark of shown) {
      if (!reached.has(mark)) {
        missed.push(await page.evaluate((m) => {
          const el = document.querySelector(`[data-kb="${m}"]`);
          return el ? el.outerHTML.slice(0, 120) : m;
        }, mark));
      }
    }
    console.log(`  ${name}: ${reached.size} controls reached by Tab, ${operated} operated by keyboard`);
    assert.ok(reached.size >= 5, `${reached.size} controls reached`);
    assert.deepEqual(missed, [], 'visible controls that Tab never reaches');
    assert.deepEqual(problems, []);
    // The 404 page's own status is the one console error expected.
    c.problems.errors = c.problems.errors.filter((e) => !/\/finns-inte\/: Failed to load resource: .* 404/.test(e));
    c.assertClean();
    await c.close();
  });
}

test('keyboard only: the skip link moves focus to the content', { timeout: TEST_TIMEOUT }, async () => {
  const c = await env.context();
  const page = await c.page('/2027-2030/riktlinje/vid-hot/');
  await page.keyboard.press('Tab');
  const skip = await page.evaluate(() => document.activeElement.className);
  assert.match(skip, /skip-link/);
  assert.equal(await page.locator('.skip-link').isVisible(), true, 'the skip link shows when focused');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  // The next Tab goes into the content, past the header and navigation.
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => document.querySelector('main').contains(document.activeElement)));
  c.assertClean();
  await c.close();
});
