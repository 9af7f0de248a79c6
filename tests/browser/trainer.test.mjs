// Trainer mode: one question at a time, keyboard and buttons, hash kept in sync,
// the printed answer key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_TIMEOUT, text, useSiteAndBrowser } from './helpers.mjs';

const PAGE = '/2023-2026/quiz/grund/tranare/';
const env = useSiteAndBrowser();

// The visible slide's number and whether its answer is shown.
async function state(page) {
  const visible = page.locator('.trainer__slide:visible');
  assert.equal(await visible.count(), 1, 'exactly one slide shows');
  return {
    number: await text(visible.locator('.trainer__number')),
    hash: new URL(page.url()).hash,
    open: (await visible.locator('.trainer__answer').getAttribute('open')) !== null,
  };
}

test('keyboard: arrows, page keys and space', { timeout: TEST_TIMEOUT }, async () => {
  const c = await env.context();
  const page = await c.page(PAGE);
  await page.locator('.trainer__controls').waitFor({ state: 'visible' });
  assert.equal(await page.locator('.trainer__keys').isVisible(), true);
  assert.deepEqual(await state(page), { number: 'Fråga 1 av 4', hash: '#fraga-1', open: false });
  assert.equal(await page.locator('.trainer__note').isVisible(), false);

  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await state(page), { number: 'Fråga 2 av 4', hash: '#fraga-2', open: false });
  await page.keyboard.press('PageDown');
  assert.deepEqual(await state(page), { number: 'Fråga 3 av 4', hash: '#fraga-3', open: false });
  await page.keyboard.press('Space');
  assert.deepEqual(await state(page), { number: 'Fråga 3 av 4', hash: '#fraga-3', open: true });
  assert.match(await text(page.locator('.trainer__slide:visible .trainer__explanation')), /lagligt/);
  assert.equal(await text(page.locator('.trainer__reveal')), 'Dölj svaret');
  assert.equal(await page.locator('.trainer__reveal').getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('Space');
  assert.equal((await state(page)).open, false);
  assert.equal(await text(page.locator('.trainer__reveal')), 'Visa svaret');

  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('PageUp');
  assert.deepEqual(await state(page), { number: 'Fråga 1 av 4', hash: '#fraga-1', open: false });
  // Not past the first or last question.
  await page.keyboard.press('ArrowLeft');
  assert.equal((await state(page)).number, 'Fråga 1 av 4');
  assert.equal(await page.locator('.trainer__prev').isDisabled(), true);
  await page.keyboard.press('Space');
  assert.match(await text(page.locator('.trainer__slide:visible .trainer__note')), /HEMLIG-TRANARANTECKNING/);

  await page.keyboard.press('End');
  assert.equal((await state(page)).number, 'Fråga 4 av 4');
  await page.keyboard.press('ArrowRight');
  assert.equal((await state(page)).number, 'Fråga 4 av 4');
  assert.equal(await page.locator('.trainer__next').isDisabled(), true);
  // Focus follows the slide, so a screen reader reads the new question.
  assert.equal(await page.evaluate(() => document.activeElement.id), 'fraga-4');
  c.assertClean();
  await c.close();
});

test('reload stays on the question in the hash', { timeout: TEST_TIMEOUT }, async () => {
  const c = await env.context();
  const page = await c.page(`${PAGE}#fraga-3`);
  assert.equal((await state(page)).number, 'Fråga 3 av 4');
  await page.keyboard.press('ArrowRight');
  await page.reload();
  assert.deepEqual(await state(page), { number: 'Fråga 4 av 4', hash: '#fraga-4', open: false });
  // An unknown hash starts at the first question.
  await page.goto(env.site.url(`${PAGE}#fraga-99`));
  await page.reload();
  assert.equal((await state(page)).number, 'Fråga 1 av 4');
  c.assertClean();
  await c.close();
});

test('on-screen buttons', { timeout: TEST_TIMEOUT }, async () => {
  const c = await env.context();
  const page = await c.page(PAGE);
  await page.locator('.trainer__next').click();
  await page.locator('.trainer__next').click();
  assert.equal((await state(page)).number, 'Fråga 3 av 4');
  await page.locator('.trainer__reveal').click();
  assert.equal((await state(page)).open, true);
  await page.locator('.trainer__prev').click();
  assert.deepEqual(await state(page), { number: 'Fråga 2 av 4', hash: '#fraga-2', open: false });
  // Space right after a button click reveals (focus moved to the slide).
  await page.keyboard.press('Space');
  assert.equal((await state(page)).open, true);
  c.assertClean();
  await c.close();
});

test('print is the answer key: all questions, answers and notes, no controls', { timeout: TEST_TIMEOUT }, async () => {
  const c = await env.context();
  const page = await c.page(`${PAGE}#fraga-2`);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.trainer__slide:visible').count(), 4);
  assert.equal(await page.locator('.trainer__explanation:visible').count(), 4);
  assert.equal(await page.locator('.trainer__note:visible').count(), 1);
  assert.equal(await page.locator('.trainer__key-title').isVisible(), true);
  for (const hidden of ['.trainer__controls', '.trainer__keys', '.trainer__answer > summary']) {
    assert.equal(await page.locator(`${hidden}:visible`).count(), 0, hidden);
  }
  c.assertClean();
  await c.close();
});
