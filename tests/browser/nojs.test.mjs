// Without JavaScript: everything readable, answers in closed <details>, no tools.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_TIMEOUT, useSiteAndBrowser } from './helpers.mjs';

const env = useSiteAndBrowser();
// One context with JavaScript off, made on first use (after the site and browser are up);
// closing the browser closes it.
let noJs;
const context = () => (noJs ??= env.context({ javaScriptEnabled: false }));

for (const p of ['/2023-2026/quiz/grund/', '/2023-2026/riktlinje/under/', '/quiz/grund/']) {
  test(`quiz without JavaScript: ${p}`, { timeout: TEST_TIMEOUT }, async () => {
    const c = await context();
    const page = await c.page(p);
    const quiz = page.locator('#quiz-grund');
    assert.equal(await quiz.locator('.quiz__question:visible').count(), 4);
    assert.equal(await quiz.locator('.quiz__legend:visible').count(), 4);
    // Every option shows with its input and label.
    assert.equal(await quiz.locator('.quiz__input:visible').count(), 10);
    assert.equal(await quiz.locator('.quiz__label:visible').count(), 10);
    const details = quiz.locator('details.quiz__answer');
    assert.equal(await details.count(), 4);
    assert.equal(await quiz.locator('details.quiz__answer[open]').count(), 0, 'answers start closed');
    assert.equal(await quiz.locator('.quiz__explanation:visible').count(), 0);
    assert.equal(await quiz.locator('.quiz__answer > summary:visible').count(), 4);
    for (const hidden of ['.quiz__tools', '.quiz__check', '.quiz__feedback']) {
      assert.equal(await quiz.locator(`${hidden}:visible`).count(), 0, hidden);
    }
    // The details open by hand and show the answer and explanation.
    await details.first().locator('summary').click();
    assert.equal(await quiz.locator('.quiz__explanation:visible').count(), 1);
    c.assertClean();
    await page.close();
  });
}

test('checklist without JavaScript: real boxes, no tools', { timeout: TEST_TIMEOUT }, async () => {
  const c = await context();
  const page = await c.page('/2023-2026/checklistor/vid-hot/');
  const boxes = page.locator('#checklist-vid-hot input[type="checkbox"]:visible');
  assert.equal(await boxes.count(), 3);
  assert.equal(await page.locator('#checklist-vid-hot .checklist__label:visible').count(), 3);
  await page.locator('label[for="cl-vid-hot-ord"]').click();
  assert.equal(await page.locator('#cl-vid-hot-ord').isChecked(), true, 'boxes work without JavaScript');
  assert.equal(await page.locator('.checklist__tools').isVisible(), false);
  c.assertClean();
  await page.close();
});

test('trainer page without JavaScript: all slides, answers closed, no controls', { timeout: TEST_TIMEOUT }, async () => {
  const c = await context();
  const page = await c.page('/2023-2026/quiz/grund/tranare/');
  assert.equal(await page.locator('.trainer__slide:visible').count(), 4);
  assert.equal(await page.locator('.trainer__option:visible').count(), 10);
  assert.equal(await page.locator('details.trainer__answer[open]').count(), 0);
  assert.equal(await page.locator('.trainer__note').isVisible(), false);
  assert.equal(await page.locator('.trainer__controls').isVisible(), false);
  assert.equal(await page.locator('.trainer__keys').isVisible(), false);
  assert.equal(await page.locator('.trainer__key-title').isVisible(), false, 'answer key title only on paper');
  // Printed without JavaScript it is still the full answer key.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.trainer__note:visible').count(), 1);
  assert.equal(await page.locator('.trainer__explanation:visible').count(), 4);
  c.assertClean();
  await page.close();
});
