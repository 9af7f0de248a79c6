// Shared helpers for the browser tests: build the fixture site with the debug binary,
// serve it on 127.0.0.1 with a small static server, drive headless Chromium.
import { spawnSync } from 'node:child_process';
import { after, before } from 'node:test';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BINARY = path.join(ROOT, 'target', 'debug', 'handbok');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// Per test, and per browser action (playwright's default would be 30 s).
export const TEST_TIMEOUT = 60_000;
const ACTION_TIMEOUT = 10_000;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
};

function serve(dir) {
  const server = http.createServer((req, res) => {
    let file;
    try {
      const pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
      file = path.join(dir, path.normalize(pathname));
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (!file.startsWith(dir + path.sep) && file !== dir) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (fs.statSync(file).isDirectory()) {
        file = path.join(file, 'index.html');
      }
      const body = fs.readFileSync(file);
      res.writeHead(200, {
        'Content-Type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 Not Found');
    }
  });
  server.keepAliveTimeout = 1000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// Builds tests/fixtures/basic with the default theme into a temporary folder and serves it.
export function startSite() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbok-browser-'));
  fs.cpSync(path.join(ROOT, 'tests', 'fixtures', 'basic'), dir, { recursive: true });
  fs.cpSync(path.join(ROOT, 'themes'), path.join(dir, 'themes'), { recursive: true });
  return buildAndServe(dir, dir, []);
}

// Builds the bundled handbook (content/ of the repository, drafts included: the bundled
// revision is a draft) into a temporary folder and serves it.
export function startBundledSite() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbok-browser-'));
  return buildAndServe(ROOT, dir, ['--drafts']);
}

// Builds the site at `root` into `dir`/public and serves that; `dir` is removed on close.
async function buildAndServe(root, dir, flags) {
  if (!fs.existsSync(BINARY)) {
    throw new Error(`${BINARY} is missing: run "cargo build" first`);
  }
  const out = path.join(dir, 'public');
  fs.mkdirSync(out);
  const server = await serve(out);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const build = spawnSync(
    BINARY,
    ['build', ...flags, '--root', root, '--out', out, '--base-url', `${origin}/`],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (build.status !== 0) {
    server.close();
    throw new Error(`handbok build failed (${build.status}):\n${build.stdout}\n${build.stderr}`);
  }
  return {
    origin,
    out,
    url: (p) => origin + p,
    html: (p) => fs.readFileSync(path.join(out, p, 'index.html'), 'utf8'),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    timeout: 30_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

// A fresh browser context (own localStorage) that records console errors, page errors
// and every request, and blocks any request that does not go to the local server.
export async function newContext(browser, site, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  context.setDefaultTimeout(ACTION_TIMEOUT);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT);
  const problems = { errors: [], foreign: [] };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(site.origin + '/')) {
      return route.continue();
    }
    problems.foreign.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('page', (page) => watch(page, problems));
  return {
    context,
    problems,
    async page(p) {
      const page = await context.newPage();
      if (p) {
        await page.goto(site.url(p));
      }
      return page;
    },
    // No console errors, no uncaught exceptions, no request to another host.
    assertClean() {
      assert.deepEqual(problems.errors, [], 'console or page errors');
      assert.deepEqual(problems.foreign, [], 'requests to other hosts');
    },
    close: () => context.close(),
  };
}

function watch(page, problems) {
  page.on('console', (message) => {
    if (message.type() === 'error') {
      problems.errors.push(`${page.url()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.errors.push(`${page.url()}: ${error.message}`));
}

// Visible text of an element, whitespace collapsed.
export async function text(locator) {
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

// One served site and one browser for a test file: registers the before/after hooks and
// returns an object whose `site` and `browser` are set once the hooks have run. `start` builds
// the site: the fixture by default, `startBundledSite` for the bundled handbook.
export function useSiteAndBrowser(start = startSite) {
  const env = {
    site: null,
    browser: null,
    context(options = {}) {
      return newContext(env.browser, env.site, options);
    },
  };
  before(async () => {
    env.site = await start();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.site?.close();
  });
  return env;
}

// Serves an already built site folder on 127.0.0.1 (for scripts/search-transfer.mjs).
export async function serveBuilt(out) {
  const server = await serve(out);
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: (p) => origin + p,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
