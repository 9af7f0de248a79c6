// Shared helpers for the browser tests: build the fixture site with the debug binary,
// serve it with nginx on 127.0.0.1 under /handbok/ (the shipped config), drive headless Chromium.
import { spawn, spawnSync } from 'node:child_process';
import { after, before } from 'node:test';
import fs from 'node:fs';
import net from 'node:net';
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

const NGINX = process.env.NGINX_PATH || '/usr/sbin/nginx';

// One page of each type in the bundled handbook (built with --drafts): [name, address].
// The accessibility and keyboard tests go through all of them.
export const PAGE_TYPES = [
  ['start page (plan in force)', '/'],
  ['plan page', '/plan/mal/'],
  ['revision page', '/2023-2026/om-revisionen/'],
  ['draft start page', '/2027-2030/'],
  ['guideline page with checklist', '/2027-2030/riktlinje/vid-hot/'],
  ['checklist page', '/2027-2030/checklistor/telefonhot/'],
  ['glossary', '/2027-2030/definitioner/'],
  ['quiz', '/2027-2030/quiz/grund/'],
  ['trainer mode', '/2027-2030/quiz/grund/tranare/'],
  ['search page with results', '/2027-2030/sok/?q=hot'],
  ['change page', '/2027-2030/andringar/'],
  ['404 page', '/finns-inte/'],
];

// The sub-path every browser test serves the site under, as a real deployment would.
export const BASE_PATH = '/handbok';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, stderr) {
  for (let i = 0; i < 200; i++) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nginx did not listen on ${port}\n${stderr()}`);
}

// Starts nginx on a free 127.0.0.1 port with the repository's own server block
// (deploy/nginx.conf and deploy/handbok-headers.conf: strict CSP, caching, the /handbok/
// sub-path), pointed at `out`. Every browser test runs against this, not a test server.
// `work` holds nginx's own files. Returns the origin and a `stop` function.
export async function startNginx(out, work) {
  assert.ok(fs.existsSync(NGINX), `${NGINX} is missing: scripts/test installs nginx`);
  // Run as root (CI, this machine), nginx's workers would drop to `nobody`, who cannot read a
  // build inside a private temporary folder: keep them as the user running the tests.
  const user = process.getuid?.() === 0 ? 'user root;' : '';
  const port = await freePort();
  const server = fs.readFileSync(path.join(ROOT, 'deploy', 'nginx.conf'), 'utf8')
    .replace('listen 80;', `listen 127.0.0.1:${port};`)
    .replaceAll('/srv/handbok/public', out)
    .replaceAll('/etc/nginx/handbok-headers.conf', path.join(ROOT, 'deploy', 'handbok-headers.conf'));
  const temp = (name) => path.join(work, name);
  fs.writeFileSync(temp('nginx.conf'), `
${user}
worker_processes 1;
daemon off;
pid ${temp('nginx.pid')};
error_log ${temp('error.log')} warn;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path ${temp('body')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};
${server}
}
`);
  const nginx = spawn(NGINX, ['-p', work, '-c', temp('nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  nginx.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => nginx.once('exit', resolve));
  await waitForPort(port, () => stderr);
  return {
    origin: `http://127.0.0.1:${port}`,
    async stop() {
      nginx.kill('SIGTERM');
      await exited;
    },
  };
}

// Builds tests/fixtures/basic with the default theme into a temporary folder and serves it.
// `prepare(dir)`, when given, edits the copy first (see `replaceIn`).
export async function startSite(prepare) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbok-browser-'));
  fs.cpSync(path.join(ROOT, 'tests', 'fixtures', 'basic'), dir, { recursive: true });
  fs.cpSync(path.join(ROOT, 'themes'), path.join(dir, 'themes'), { recursive: true });
  if (typeof prepare === 'function') await prepare(dir);
  return buildAndServe(dir, dir, []);
}

// Replaces `from` (which must occur) with `to` in the file `dir`/`file`.
export function replaceIn(dir, file, from, to) {
  const full = path.join(dir, file);
  const before = fs.readFileSync(full, 'utf8');
  assert.ok(before.includes(from), `${file} has no ${JSON.stringify(from)}`);
  fs.writeFileSync(full, before.replace(from, to));
}

// Builds the bundled handbook (content/ of the repository, drafts included: the bundled
// revision is a draft) into a temporary folder and serves it.
export function startBundledSite() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbok-browser-'));
  return buildAndServe(ROOT, dir, ['--drafts']);
}

// Builds the site at `root` into `dir`/public for the sub-path /handbok/ and serves it with
// nginx; `dir` is removed on close. `url('/plan/')` is the address of a page under the sub-path.
async function buildAndServe(root, dir, flags) {
  if (!fs.existsSync(BINARY)) {
    throw new Error(`${BINARY} is missing: run "cargo build" first`);
  }
  const out = path.join(dir, 'public');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'handbok-nginx-'));
  const nginx = await startNginx(out, work);
  const base = nginx.origin + BASE_PATH;
  const build = spawnSync(
    BINARY,
    ['build', ...flags, '--root', root, '--out', out, '--base-url', `${base}/`],
    { encoding: 'utf8', timeout: 60_000 },
  );
  const close = async () => {
    await nginx.stop();
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  };
  if (build.status !== 0) {
    await close();
    throw new Error(`handbok build failed (${build.status}):\n${build.stdout}\n${build.stderr}`);
  }
  return {
    origin: nginx.origin,
    base,
    out,
    url: (p) => base + p,
    html: (p) => fs.readFileSync(path.join(out, p, 'index.html'), 'utf8'),
    close,
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

// Every request the browser made in this test file, printed when the file ends (the figures
// for the report: how many requests were seen, and how many tried to leave 127.0.0.1).
const requests = { local: 0, foreign: 0 };
process.on('exit', () => {
  if (requests.local + requests.foreign > 0) {
    console.log(`# requests: ${requests.local} to 127.0.0.1, ${requests.foreign} elsewhere`);
  }
});

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
      requests.local++;
      return route.continue();
    }
    requests.foreign++;
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

// Serves an already built site folder (built for the sub-path /handbok/) with nginx
// (for scripts/search-transfer.mjs).
export async function serveBuilt(out) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'handbok-nginx-'));
  const nginx = await startNginx(path.resolve(out), work);
  const base = nginx.origin + BASE_PATH;
  return {
    origin: nginx.origin,
    base,
    url: (p) => base + p,
    async close() {
      await nginx.stop();
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}
