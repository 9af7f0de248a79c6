// Hostile content in a real browser: script tags, event handlers, entities and attribute-breaking
// quotes in a page title, a heading, the prose, a term's definition, a checklist item and a quiz
// option and its feedback. No alert fires and no injected element exists on any page, search
// results and the header search list included — with the Content-Security-Policy switched off
// (`bypassCSP`), so what is proven is the escaping, not the header that would also stop it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_TIMEOUT, replaceIn, startSite, text, useSiteAndBrowser } from './helpers.mjs';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(2)>';
const SVG = "'><svg onload=alert(3)>";
const ENTITY = '&lt;b&gt;entitet&lt;/b&gt;';
const ICON = '<img src=x onerror=alert(4)>';

// YAML single-quoted: only ' needs doubling.
const yaml = (s) => `'${s.replaceAll("'", "''")}'`;

function hostile(dir) {
  const plan = 'content/2023-2026/plan/alfa.md';
  replaceIn(dir, plan, 'title: Alfa', `title: ${yaml(`Alfa ${SCRIPT} ${IMG}`)}`);
  replaceIn(dir, plan, '## Hot mot dig', `## Hot mot dig ${SVG}\n\nText ${ENTITY} och ${SCRIPT} rattkorsning.`);
  replaceIn(dir, 'content/2023-2026/definitions.yaml', 'short: Någon hotar att skada dig.',
    `short: ${yaml(`Någon hotar att skada dig. ${IMG}`)}`);
  replaceIn(dir, 'content/2023-2026/checklists/vid-hot.yaml', 'text: Skriv ner exakt vad som sägs.',
    `text: ${yaml(`Skriv ner exakt vad som sägs. ${SVG}`)}`);
  const quiz = 'content/2023-2026/quizzes/grund.yaml';
  replaceIn(dir, quiz, '- text: Skriver ett inlägg', `- text: ${yaml(`Skriver ett inlägg ${IMG}`)}`);
  replaceIn(dir, quiz, 'feedback: Nej, din säkerhet går först.', `feedback: ${yaml(`Nej, din säkerhet går först. ${ICON}`)}`);
}

const env = useSiteAndBrowser(() => startSite(hostile));

// A context without CSP that fails the test on any dialog (alert, confirm, prompt).
async function open(options = {}) {
  const c = await env.context({ bypassCSP: true, ...options });
  const dialogs = [];
  c.context.on('page', (page) => page.on('dialog', async (dialog) => {
    dialogs.push(`${page.url()}: ${dialog.type()} ${dialog.message()}`);
    await dialog.dismiss();
  }));
  return { c, dialogs };
}

// Elements and attributes the payloads would create if any of them were not escaped.
function injected(page) {
  return page.evaluate(() => {
    const found = [];
    for (const el of document.querySelectorAll('*')) {
      if (el.tagName === 'SCRIPT' && !el.src) found.push('inline <script>');
      if (el.tagName === 'IMG' && el.getAttribute('src') === 'x') found.push('<img src=x>');
      if (el.tagName === 'B' && el.textContent === 'entitet') found.push('<b> from an entity');
      for (const attr of el.attributes) {
        if (attr.name.startsWith('on')) found.push(`${attr.name} on <${el.tagName.toLowerCase()}>`);
      }
    }
    return found;
  });
}

async function settle(page) {
  // Give an image's onerror or an svg's onload time to fire, had one been made.
  await page.waitForTimeout(150);
}

const PAGES = [
  '/2023-2026/plan/alfa/',
  '/plan/alfa/',
  '/2023-2026/plan/',
  '/2023-2026/definitioner/',
  '/2023-2026/riktlinje/under/',
  '/2023-2026/checklistor/vid-hot/',
  '/2023-2026/quiz/grund/',
  '/2023-2026/quiz/grund/tranare/',
  '/2023-2026/andringar/',
  '/2023-2026/sok/?q=alfa',
  '/2023-2026/sok/?q=rattkorsning',
  '/2023-2026/sok/?q=entitet',
  '/2023-2026/sok/?q=skriv',
  `/2023-2026/sok/?q=${encodeURIComponent(ICON)}`,
  `/2023-2026/sok/?q=${encodeURIComponent(`${SCRIPT} hot`)}`,
];

test('every page with hostile text: no alert, no injected element', { timeout: 3 * TEST_TIMEOUT }, async () => {
  const { c, dialogs } = await open();
  for (const url of PAGES) {
    const page = await c.page(url);
    if (url.includes('/sok/')) {
      await page.waitForFunction(() => document.querySelector('.search-page > .site-search__status').textContent !== '');
    }
    await settle(page);
    assert.deepEqual(await injected(page), [], url);
    await page.close();
  }
  assert.deepEqual(dialogs, []);
  c.assertClean();
  await c.close();
});

test('the hostile text shows as text: title, heading, prose, search results', { timeout: TEST_TIMEOUT }, async () => {
  const { c, dialogs } = await open();
  const page = await c.page('/2023-2026/plan/alfa/');
  assert.equal(await text(page.locator('h1')), `Alfa ${SCRIPT} ${IMG}`);
  assert.match(await text(page.locator('main h2').first()), /Hot mot dig ['’]><svg onload=alert\(3\)>/);
  assert.match(await text(page.locator('main')), /Text <b>entitet<\/b> och <script>alert\(1\)<\/script> rattkorsning/);
  // The search page: the result's title and excerpt carry the payload as text, with the match
  // marked by a real <mark> and nothing else.
  await page.goto(env.site.url('/2023-2026/sok/?q=rattkorsning'));
  const first = page.locator('.search-results > li').first();
  await first.waitFor();
  await settle(page);
  assert.match(await text(first.locator('.site-search__title')), /Alfa <script>alert\(1\)<\/script>/);
  const excerpt = first.locator('.site-search__excerpt');
  assert.match(await text(excerpt), /<script>alert\(1\)<\/script> rattkorsning/);
  assert.deepEqual(
    await excerpt.evaluate((el) => [...el.querySelectorAll('*')].map((e) => e.tagName)),
    ['MARK'],
  );
  assert.deepEqual(await injected(page), []);
  // The query itself echoed back: as the box's value and as text.
  await page.goto(env.site.url(`/2023-2026/sok/?q=${encodeURIComponent(ICON)}`));
  await settle(page);
  assert.equal(await page.locator('#search-page-q').inputValue(), ICON);
  assert.deepEqual(await injected(page), []);
  assert.deepEqual(dialogs, []);
  c.assertClean();
  await c.close();
});

test('the header search list and the quiz feedback stay text', { timeout: TEST_TIMEOUT }, async () => {
  const { c, dialogs } = await open();
  const page = await c.page('/2023-2026/riktlinje/under/');
  await page.locator('#site-search-q').fill('alfa');
  const option = page.locator('#site-search-list [role="option"]').first();
  await option.waitFor();
  await settle(page);
  assert.match(await text(option), /Alfa <script>alert\(1\)<\/script>/);
  assert.deepEqual(await injected(page), []);
  // Answer the quiz question with the hostile option: the feedback is shown, as text.
  await page.goto(env.site.url('/2023-2026/quiz/grund/'));
  const question = page.locator('.quiz__question').first();
  const wrong = question.locator('.quiz__option').filter({ hasText: 'Skriver ett inlägg' });
  // Typographic quotes (smart punctuation) are fine; markup is not.
  assert.match(await text(wrong), /["”]><img src=x onerror=alert\(2\)>/);
  await wrong.locator('.quiz__input').check();
  await question.locator('.quiz__check').click();
  const feedback = question.locator('.quiz__feedback:visible').filter({ hasText: 'din säkerhet' });
  await feedback.waitFor();
  await settle(page);
  assert.match(await text(feedback), /<img src=x onerror=alert\(4\)>/);
  await page.locator('.quiz__finish').click();
  await settle(page);
  assert.deepEqual(await injected(page), []);
  // A term's tooltip (definition with the payload) on hover and focus.
  await page.goto(env.site.url('/2023-2026/plan/alfa/'));
  const term = page.locator('.term').first();
  if (await term.count()) {
    await term.hover();
    await term.focus();
    await settle(page);
  }
  assert.deepEqual(await injected(page), []);
  assert.deepEqual(dialogs, []);
  c.assertClean();
  await c.close();
});
