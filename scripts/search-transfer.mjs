#!/usr/bin/env node
// What a reader's searches download, measured in headless Chromium on a built site: every
// request under /search/ while typing queries into the header box, raw and gzip (level 9).
//
// Usage: node scripts/search-transfer.mjs OUT_DIR [PAGE] [QUERY ...]
//   OUT_DIR  a folder written by `handbok build --base-url http://127.0.0.1/handbok/` (links are
//            root-relative, so any host works); the script serves it with nginx under /handbok/
//   PAGE     the page to search from (default `/`)
//   QUERY    queries typed one after another (default: "hot telefon" "säkerhet")
import zlib from 'node:zlib';
import fs from 'node:fs';
import { launchBrowser, serveBuilt } from '../tests/browser/helpers.mjs';

const [out, page = '/', ...given] = process.argv.slice(2);
if (!out || !fs.existsSync(out)) {
  console.error('usage: node scripts/search-transfer.mjs OUT_DIR [PAGE] [QUERY ...]');
  process.exit(2);
}
const queries = given.length ? given : ['hot telefon', 'säkerhet'];
const site = await serveBuilt(out);
const browser = await launchBrowser();
const tab = await (await browser.newContext()).newPage();
const fetched = [];
tab.on('response', async (response) => {
  if (!response.url().includes('/search/')) return;
  const body = await response.body();
  fetched.push({ url: response.url(), bytes: body.length, gzip: zlib.gzipSync(body, { level: 9 }).length });
});
await tab.goto(site.url(page));
const client = await tab.locator('script[src*="search"]').getAttribute('src');
const clientBody = Buffer.from(await (await fetch(new URL(client, tab.url()))).arrayBuffer());
console.log(`search client: ${clientBody.length} bytes, ${zlib.gzipSync(clientBody, { level: 9 }).length} gzip`);
for (const query of queries) {
  const from = fetched.length;
  await tab.locator('#site-search-q').fill(query);
  await tab.locator('#site-search-list [role="option"]').first().waitFor({ timeout: 30_000 });
  await tab.waitForTimeout(300);
  const got = fetched.slice(from);
  const sum = (k) => got.reduce((n, f) => n + f[k], 0);
  console.log(`"${query}": ${got.length} requests, ${sum('bytes')} bytes, ${sum('gzip')} gzip`);
}
await browser.close();
await site.close();
