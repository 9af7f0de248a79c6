// Quiz in the browser: checking, feedback, score against the pass mark, review, retry,
// and "remember my result" (the only thing ever stored).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_PATH, TEST_TIMEOUT, text, useSiteAndBrowser } from './helpers.mjs';

const PAGE = '/2023-2026/quiz/grund/';
const KEY = 'handbok:quiz:2023-2026:grund';
const env = useSiteAndBrowser();

const question = (page, id) => page.locator(`#quiz-grund-${id}`);
const choose = (page, id, option) => page.locator(`label[for="quiz-grund-${id}-${option}"]`).click();
const check = (page, id) => question(page, id).locator('.quiz__check').click();
const storageKeys = (page) => page.evaluate(() => Object.keys(window.localStorage));

async function answerAll(page, answers) {
  for (const [id, options] of Object.entries(answers)) {
    for (const option of options) {
      await choose(page, id, option);
    }
  }
}

const RIGHT = { forst: [0], bevis: [0, 1], brott: [1], form: [1] };

test('all right: feedback per question, score and passed', { timeout: TEST_TIMEOUT }, async () => {
  const c = await env.context();
  const page = await c.page(PAGE);
  await page.locator('.quiz__tools').waitFor({ state: 'visible' });

  const first = question(page, 'forst');
  assert.equal(await first.locator('.quiz__answer').getAttribute('open'), null);
  await choose(page, 'forst', 0);
  await check(page, 'forst');
  const result = first.locator('.quiz__result');
  assert.equal(await result.getAttribute('aria-live'), 'polite');
  assert.equal(await text(result), 'Rätt!');
  assert.equal(await first.locator('.quiz__option.is-right').count(), 1);
  // The chosen option's feedback shows, the other one's does not.
  assert.equal(await first.locator('.quiz__option').nth(0).locator('.quiz__feedback').isVisible(), true);
  assert.equal(await first.locator('.quiz__option').nth(1).locator('.quiz__feedback').isVisible(), false);
  // Explanation and link open after checking.
  assert.equal(await first.locator('.quiz__explanation').isVisible(), true);
  assert.equal(await first.locator('.quiz__more a').getAttribute('href'), `${BASE_PATH}/2023-2026/riktlinje/under/#ring-112`);

  await answerAll(page, { bevis: RIGHT.bevis, brott: RIGHT.brott, form: RIGHT.form });
  await page.locator('.quiz__finish').click();
  const score = page.locator('.quiz__score');
  assert.equal(await score.getAttribute('aria-live'), 'polite');
  assert.equal(await text(score), 'Du fick 4 av 4 rätt. Bra! Du klarade testet.');
  assert.equal(await page.locator('.quiz__review').isVisible(), false);
  assert.equal(await page.locator('.quiz__retry').isVisible(), true);
  for (const id of Object.keys(RIGHT)) {
    assert.equal(await text(question(page, id).locator('.quiz__result')), 'Rätt!', id);
  }
  assert.deepEqual(await storageKeys(page), [], 'nothing stored without "remember"');
  c.assertClean();
  await c.close();
});

test('wrong answers: feedback, not passed, review links, retry resets', { timeout: TEST_TIMEOUT }, async () => {
  const c = await env.context();
  const page = await c.page(PAGE);

  // Nothing chosen yet.
  await check(page, 'forst');
  assert.equal(await text(question(page, 'forst').locator('.quiz__result')), 'Välj ett svar först.');

  await choose(page, 'forst', 1);
  await check(page, 'forst');
  const first = question(page, 'forst');
  assert.equal(await text(first.locator('.quiz__result')), 'Inte rätt.');
  assert.equal(await first.locator('.quiz__option.is-wrong').count(), 1);
  assert.equal(await text(first.locator('.quiz__option.is-wrong .quiz__feedback')), 'Nej, din säkerhet går först.');
  assert.equal(await first.locator('.quiz__answer').getAttribute('open'), '');

  // Changing the answer clears the old verdict.
  await choose(page, 'forst', 0);
  assert.equal(await text(first.locator('.quiz__result')), '');
  await choose(page, 'forst', 1);

  // multiple: one right box of two is not right; all right plus a wrong one is not right.
  await choose(page, 'bevis', 0);
  await check(page, 'bevis');
  assert.equal(await text(question(page, 'bevis').locator('.quiz__result')), 'Inte rätt.');
  await choose(page, 'bevis', 1);
  await choose(page, 'bevis', 2);
  await check(page, 'bevis');
  assert.equal(await text(question(page, 'bevis').locator('.quiz__result')), 'Inte rätt.');
  await choose(page, 'bevis', 2);
  await check(page, 'bevis');
  assert.equal(await text(question(page, 'bevis').locator('.quiz__result')), 'Rätt!');

  // brott left unanswered; form wrong.
  await choose(page, 'form', 0);
  await page.locator('.quiz__finish').click();
  assert.equal(
    await text(page.locator('.quiz__score')),
    'Du fick 1 av 4 rätt. Du behöver 3 rätt för att klara testet. Försök igen.',
  );
  assert.equal(await text(question(page, 'brott').locator('.quiz__result')), 'Inte rätt.');
  const review = page.locator('.quiz__review');
  assert.equal(await review.isVisible(), true);
  const links = review.locator('.quiz__review-list a');
  assert.deepEqual(
    await links.evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
    ['#quiz-grund-forst', '#quiz-grund-brott', '#quiz-grund-form'],
  );
  assert.match(await text(links.first()), /^Fråga 1 av 4: Vad gör du först/);

  const optionTexts = async () => page.locator('.quiz__question').evaluateAll((qs) =>
    qs.map((q) => [...q.querySelectorAll('.quiz__label')].map((l) => l.textContent)));
  const before = await optionTexts();
  await page.locator('.quiz__retry').click();
  assert.equal(await page.locator('.quiz__input:checked').count(), 0);
  assert.equal(await page.locator('.quiz__option.is-right, .quiz__option.is-wrong').count(), 0);
  assert.equal(await page.locator('.quiz__answer[open]').count(), 0);
  assert.equal(await text(page.locator('.quiz__score')), '');
  assert.equal(await review.isVisible(), false);
  assert.equal(await page.locator('.quiz__retry').isVisible(), false);
  assert.equal(await page.locator('.quiz__feedback:visible').count(), 0);
  const afterRetry = await optionTexts();
  // Same options (maybe in another order); true/false keeps its order.
  assert.deepEqual(afterRetry.map((o) => [...o].sort()), before.map((o) => [...o].sort()));
  assert.deepEqual(afterRetry[2], ['Sant', 'Falskt']);
  // Focus is back at the start of the quiz.
  assert.equal(await page.evaluate(() => document.activeElement.closest('.quiz__question')?.id), 'quiz-grund-forst');

  // Checking still works after the shuffle, by value and not by position.
  await answerAll(page, RIGHT);
  await page.locator('.quiz__finish').click();
  assert.match(await text(page.locator('.quiz__score')), /^Du fick 4 av 4 rätt\./);
  c.assertClean();
  await c.close();
});

test('the result is remembered only when asked, and forgotten on untick', { timeout: TEST_TIMEOUT }, async () => {
  const c = await env.context();
  const page = await c.page(PAGE);
  const remember = page.locator('.quiz__remember-box');
  const remembered = page.locator('.quiz__remembered');
  assert.equal(await remember.isChecked(), false);
  assert.equal(await remembered.isVisible(), false);

  await answerAll(page, { forst: [0], bevis: [0, 1], brott: [0] });
  await page.locator('.quiz__finish').click();
  assert.deepEqual(await storageKeys(page), []);

  await page.locator('label[for="quiz-grund-remember"]').click();
  const stored = JSON.parse(await page.evaluate((key) => window.localStorage.getItem(key), KEY));
  assert.equal(stored.score, 2);
  assert.equal(stored.total, 4);
  assert.match(stored.date, /^\d{4}-\d{2}-\d{2}$/);
  assert.deepEqual(Object.keys(stored).sort(), ['date', 'score', 'total']);

  await page.reload();
  assert.equal(await remember.isChecked(), true);
  assert.equal(await text(remembered), 'Ditt senaste resultat: 2 av 4 rätt.');

  await page.locator('label[for="quiz-grund-remember"]').click();
  assert.equal(await remember.isChecked(), false);
  assert.deepEqual(await storageKeys(page), []);
  await page.reload();
  assert.equal(await remembered.isVisible(), false);
  c.assertClean();
  await c.close();
});

test('keyboard only: answer, check and finish', { timeout: TEST_TIMEOUT }, async () => {
  const c = await env.context({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await c.page(PAGE);
  await page.locator('#quiz-grund-forst-0').focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'quiz__check');
  await page.keyboard.press('Enter');
  assert.equal(await text(question(page, 'forst').locator('.quiz__result')), 'Rätt!');

  // Touch targets: option rows, buttons, the remember row, summaries and links on their
  // own line are at least 44 px high.
  await page.locator('.quiz__finish').click();
  await page.locator('.quiz__answer').first().evaluate((d) => { d.open = true; });
  const targets = '.quiz__label, .quiz button:visible, .quiz__remember label, .quiz__answer > summary, ' +
    '.quiz__more a, .quiz__review-list a, .quiz__trainer-link a';
  const small = await page.locator(targets)
    .evaluateAll((els) => els.filter((el) => el.getBoundingClientRect().height < 44).map((el) => el.outerHTML));
  assert.deepEqual(small, []);
  c.assertClean();
  await c.close();
});

test('participant pages never carry the trainer note', { timeout: TEST_TIMEOUT }, async () => {
  for (const p of ['/2023-2026/quiz/grund/', '/quiz/grund/', '/2023-2026/riktlinje/under/', '/2023-2026/quiz/']) {
    assert.doesNotMatch(env.site.html(p), /HEMLIG-TRANARANTECKNING/, p);
  }
  assert.match(env.site.html('/2023-2026/quiz/grund/tranare/'), /HEMLIG-TRANARANTECKNING/);
});

test('print is the participant version: questions and options, no answers or tools', { timeout: TEST_TIMEOUT }, async () => {
  const c = await env.context();
  const page = await c.page(PAGE);
  await answerAll(page, RIGHT);
  await page.locator('.quiz__finish').click();
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.quiz__question:visible').count(), 4);
  assert.equal(await page.locator('.quiz__label:visible').count(), 10);
  for (const hidden of ['.quiz__answer', '.quiz__feedback', '.quiz__tools', '.quiz__check', '.quiz__result']) {
    assert.equal(await page.locator(`${hidden}:visible`).count(), 0, hidden);
  }
  c.assertClean();
  await c.close();
});
