// Revisions on the bundled handbook (built with --drafts): the version switcher, the banners,
// the revision page and the change page between the adopted plan and the draft.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_PATH, TEST_TIMEOUT, startBundledSite, text, useSiteAndBrowser } from './helpers.mjs';

const env = useSiteAndBrowser(startBundledSite);

test('switcher: the same page and heading in the other revision', { timeout: TEST_TIMEOUT }, async () => {
  const c = await env.context();
  const page = await c.page('/2027-2030/plan/mal/#planens-mal');
  const switcher = page.locator('.masthead details.versions');
  await switcher.locator('summary').click();
  const links = switcher.locator('.versions__link');
  assert.deepEqual(await links.allTextContents(), ['Handlingsplan 2027–2030', 'Handlingsplan 2023–2026']);
  assert.equal(await links.first().getAttribute('aria-current'), 'page');
  assert.match(await text(switcher.locator('.versions__status').first()), /^Utkast – inte beslutad/);
  assert.match(await text(switcher.locator('.versions__status').nth(1)), /^Gällande/);
  // site.js carries the heading along.
  await links.nth(1).click();
  await page.waitForURL(env.site.url('/2023-2026/plan/mal/#planens-mal'));
  assert.equal(await page.locator('.banner').count(), 0, 'the plan in force has no banner');
  c.assertClean();
  await c.close();
});

test('switcher without JavaScript: plain links, and the start page when a page is missing', { timeout: TEST_TIMEOUT }, async () => {
  const c = await env.context({ javaScriptEnabled: false });
  const page = await c.page('/2027-2030/riktlinje/telefon/');
  await page.locator('.masthead details.versions summary').click();
  const link = page.locator('.versions__link', { hasText: '2023–2026' });
  // The guideline is not in the adopted plan: the link goes to that revision's start page.
  assert.equal(await link.getAttribute('href'), `${BASE_PATH}/2023-2026/`);
  assert.match(await text(page.locator('.versions__status').nth(1)), /startsidan/);
  // The draft banner links to the plan in force.
  const banner = page.locator('.banner--draft');
  assert.match(await text(banner), /^Utkast – inte beslutad\./);
  await banner.locator('a').click();
  await page.waitForURL(env.site.url('/'));
  c.assertClean();
  await c.close();
});

test('keyboard: the switcher opens with Enter and its links are reachable with Tab', { timeout: TEST_TIMEOUT }, async () => {
  const c = await env.context();
  const page = await c.page('/2027-2030/');
  const summary = page.locator('.masthead details.versions summary');
  await summary.focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('.masthead details.versions').getAttribute('open'), '');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'versions__link');
  c.assertClean();
  await c.close();
});

test('revision page: the decision facts that are not known say so', { timeout: TEST_TIMEOUT }, async () => {
  const c = await env.context();
  const page = await c.page('/2023-2026/om-revisionen/');
  const facts = await page.locator('.facts > div').allInnerTexts();
  const shown = facts.map((f) => f.replace(/\s+/g, ' ').trim());
  assert.ok(shown.includes('Status Gällande'), shown.join(' | '));
  assert.ok(shown.includes('Antagen den Inte känt'), shown.join(' | '));
  assert.ok(shown.includes('Diarienummer Inte känt'), shown.join(' | '));
  assert.ok(shown.some((f) => f.startsWith('Förseglad')), shown.join(' | '));
  assert.match(await text(page.locator('main')), /går inte att räkna ut/);
  c.assertClean();
  await c.close();
});

test('change page: counts, and inserted text marked and spoken as such', { timeout: TEST_TIMEOUT }, async () => {
  const c = await env.context();
  const page = await c.page('/2027-2030/andringar/');
  assert.equal(await text(page.locator('h1')), 'Vad har ändrats');
  const pagesRow = await page.locator('.changes-table tbody tr').first().locator('th, td').allInnerTexts();
  assert.equal(pagesRow[0], 'Sidor');
  assert.ok(Number(pagesRow[1]) >= 10 && Number(pagesRow[2]) >= 1, `added, changed: ${pagesRow}`);
  // The draft's pages link to the new guideline: changed pages with <ins>.
  const ins = page.locator('#andringar-pages .change--changed ins').first();
  assert.match(await ins.textContent(), /^Tillagt: \S/);
  assert.equal(await ins.isVisible(), true);
  // The words "Tillagt" are for screen readers only.
  assert.equal(await ins.locator('.visually-hidden').evaluate((e) => getComputedStyle(e).position), 'absolute');
  // The internal trainer's guide is not listed, and no line of it is shown.
  const titles = await page.locator('.change h3').allInnerTexts();
  assert.ok(titles.length > 10 && !titles.some((t) => /Handledning/.test(t)), titles.join(' | '));
  assert.doesNotMatch(await page.content(), /heltidspolitiker/i);
  c.assertClean();
  await c.close();
});
