// Checklist in the browser: ticks, progress, saving per revision and checklist, "Rensa".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_TIMEOUT, text, useSiteAndBrowser } from './helpers.mjs';

const PAGE = '/2023-2026/checklistor/vid-hot/';
const KEY = 'handbok:checklist:2023-2026:vid-hot';
const env = useSiteAndBrowser();

const saved = (page) => page.evaluate((key) => window.localStorage.getItem(key), KEY);

test('tick, reload and see it kept, then clear', { timeout: TEST_TIMEOUT }, async () => {
  const c = await env.context();
  const page = await c.page(PAGE);
  const form = page.locator('#checklist-vid-hot');
  const progress = form.locator('.checklist__progress');

  await assert.doesNotReject(form.locator('.checklist__tools').waitFor({ state: 'visible' }));
  assert.equal(await text(progress), '0 av 3 klara');
  assert.match(await text(form.locator('.checklist__note')), /sparas bara i den här webbläsaren/);
  assert.equal(await saved(page), null, 'nothing stored before a tick');

  // By label click and by keyboard (Tab to the box, Space).
  await form.locator('label[for="cl-vid-hot-tid"]').click();
  await form.locator('#cl-vid-hot-ring').focus();
  await page.keyboard.press('Space');
  assert.equal(await text(progress), '2 av 3 klara');
  assert.deepEqual(JSON.parse(await saved(page)), ['tid', 'ring']);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'cl-vid-hot-ring');

  // Touch targets: every row, the links and the button are at least 44 px high.
  const small = await form.locator('.checklist__label, .checklist__more a, .checklist__clear')
    .evaluateAll((els) => els.filter((el) => el.getBoundingClientRect().height < 44).map((el) => el.outerHTML));
  assert.deepEqual(small, []);

  await page.reload();
  assert.equal(await form.locator('#cl-vid-hot-tid').isChecked(), true);
  assert.equal(await form.locator('#cl-vid-hot-ord').isChecked(), false);
  assert.equal(await form.locator('#cl-vid-hot-ring').isChecked(), true);
  assert.equal(await text(progress), '2 av 3 klara');

  await form.locator('.checklist__clear').click();
  assert.equal(await form.locator('input:checked').count(), 0);
  assert.equal(await text(progress), '0 av 3 klara');
  assert.equal(await saved(page), null);

  await page.reload();
  assert.equal(await form.locator('input:checked').count(), 0);
  c.assertClean();
  await c.close();
});

test('the same checklist on another page and in the root copy shares the state', { timeout: TEST_TIMEOUT }, async () => {
  const c = await env.context();
  const page = await c.page(PAGE);
  await page.locator('label[for="cl-vid-hot-ord"]').click();

  for (const other of ['/2023-2026/riktlinje/under/', '/checklistor/vid-hot/']) {
    await page.goto(env.site.url(other));
    assert.equal(await page.locator('#cl-vid-hot-ord').isChecked(), true, other);
    assert.equal(await text(page.locator('#checklist-vid-hot .checklist__progress')), '1 av 3 klara', other);
  }
  c.assertClean();
  await c.close();
});

test('saved ids of items that no longer exist are not carried over', { timeout: TEST_TIMEOUT }, async () => {
  const c = await env.context();
  const page = await c.page(PAGE);
  await page.evaluate((key) => {
    window.localStorage.setItem(key, JSON.stringify(['tid', 'borttagen-punkt']));
    window.localStorage.setItem('handbok:checklist:2019-2022:vid-hot', JSON.stringify(['ord']));
  }, KEY);
  await page.reload();
  assert.equal(await page.locator('#cl-vid-hot-tid').isChecked(), true);
  assert.equal(await page.locator('#cl-vid-hot-ord').isChecked(), false, 'another revision does not count');
  assert.equal(await text(page.locator('.checklist__progress')), '1 av 3 klara');

  await page.locator('label[for="cl-vid-hot-ring"]').click();
  assert.deepEqual(JSON.parse(await saved(page)), ['tid', 'ring']);
  c.assertClean();
  await c.close();
});

test('works without saving when localStorage throws', { timeout: TEST_TIMEOUT }, async () => {
  const c = await env.context();
  await c.context.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('blocked', 'SecurityError');
      },
    });
  });
  const page = await c.page(PAGE);
  const progress = page.locator('.checklist__progress');
  await page.locator('.checklist__tools').waitFor({ state: 'visible' });
  await page.locator('label[for="cl-vid-hot-tid"]').click();
  assert.equal(await text(progress), '1 av 3 klara');
  assert.match(await text(page.locator('.checklist__note')), /låter oss inte spara/);
  await page.locator('.checklist__clear').click();
  assert.equal(await text(progress), '0 av 3 klara');
  c.assertClean();
  await c.close();
});

test('print shows empty boxes and no tools', { timeout: TEST_TIMEOUT }, async () => {
  const c = await env.context();
  const page = await c.page(PAGE);
  await page.locator('label[for="cl-vid-hot-tid"]').click();
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.checklist__tools').isVisible(), false);
  const box = await page.locator('#cl-vid-hot-tid').evaluate((el) => {
    const style = getComputedStyle(el);
    return { image: style.backgroundImage, color: style.backgroundColor, visible: el.offsetWidth > 0 };
  });
  assert.equal(box.image, 'none', 'no tick mark on paper');
  assert.equal(box.color, 'rgba(0, 0, 0, 0)', 'no fill on paper');
  assert.equal(box.visible, true);
  c.assertClean();
  await c.close();
});
