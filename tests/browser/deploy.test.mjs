// The real deployment: the bundled handbook built under the sub-path /handbok/ and served by
// nginx with the repository's own config (deploy/nginx.conf, deploy/handbok-headers.conf).
// Checks the headers, and runs axe-core (WCAG 2.1 A and AA rules) on every page type in light
// and dark mode, under the strict Content-Security-Policy header.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_TIMEOUT, launchBrowser, newContext } from './helpers.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const NGINX = process.env.NGINX_PATH || '/usr/sbin/nginx';
const AXE = fs.readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const env = { dir: null, nginx: null, site: null, browser: null };

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

async function waitForPort(port) {
  for (let i = 0; i < 100; i++) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nginx did not listen on ${port}`);
}

before(async () => {
  assert.ok(fs.existsSync(NGINX), `${NGINX} is missing: scripts/test installs nginx`);
  env.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbok-nginx-'));
  // nginx's workers drop root (to `nobody`) and must be able to read the build.
  fs.chmodSync(env.dir, 0o755);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const out = path.join(env.dir, 'public');
  const build = spawnSync(
    path.join(ROOT, 'target', 'debug', 'handbok'),
    ['build', '--drafts', '--root', ROOT, '--out', out, '--base-url', `${origin}/handbok/`],
    { encoding: 'utf8', timeout: 60_000 },
  );
  assert.equal(build.status, 0, build.stderr);
  // The shipped server block, pointed at this build and port.
  const server = fs.readFileSync(path.join(ROOT, 'deploy', 'nginx.conf'), 'utf8')
    .replace('listen 80;', `listen 127.0.0.1:${port};`)
    .replaceAll('/srv/handbok/public', out)
    .replaceAll('/etc/nginx/handbok-headers.conf', path.join(ROOT, 'deploy', 'handbok-headers.conf'));
  const temp = (name) => path.join(env.dir, name);
  fs.writeFileSync(temp('nginx.conf'), `
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
  env.nginx = spawn(NGINX, ['-p', env.dir, '-c', temp('nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  env.nginx.stderr.on('data', (d) => { stderr += d; });
  await waitForPort(port).catch((e) => { throw new Error(`${e.message}\n${stderr}`); });
  env.site = { origin, url: (p) => origin + p };
  env.browser = await launchBrowser();
});

after(async () => {
  await env.browser?.close();
  env.nginx?.kill('SIGTERM');
  if (env.dir) fs.rmSync(env.dir, { recursive: true, force: true });
});

async function head(p) {
  const response = await fetch(env.site.url(p), { redirect: 'manual', headers: { 'Accept-Encoding': 'gzip' } });
  await response.arrayBuffer();
  return response;
}

test('nginx: security headers, caching, 404 and the sub-path', { timeout: TEST_TIMEOUT }, async () => {
  const page = await head('/handbok/plan/mal/');
  assert.equal(page.status, 200);
  const csp = page.headers.get('content-security-policy');
  assert.match(csp, /default-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
  assert.match(page.headers.get('permissions-policy'), /camera=\(\)/);
  assert.equal(page.headers.get('cache-control'), 'no-cache');
  assert.equal(page.headers.get('content-encoding'), 'gzip');
  const html = await (await fetch(env.site.url('/handbok/plan/mal/'))).text();
  const css = html.match(/href="?(\/handbok\/assets\/css\/site\.[0-9a-f]+\.css)/)[1];
  const asset = await head(css);
  assert.equal(asset.status, 200);
  assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(asset.headers.get('content-security-policy'), csp, 'headers on assets too');
  const missing = await head('/handbok/finns-inte/');
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get('x-content-type-options'), 'nosniff');
  const root = await head('/');
  assert.equal(root.status, 302);
  assert.equal(new URL(root.headers.get('location'), env.site.origin).pathname, '/handbok/');
});

// Every page type, with what to do before checking (open a disclosure, answer, search).
const PAGES = [
  ['start page (plan in force)', '/handbok/'],
  ['plan page', '/handbok/plan/mal/'],
  ['revision page', '/handbok/2023-2026/om-revisionen/'],
  ['draft start page', '/handbok/2027-2030/'],
  ['guideline page with checklist', '/handbok/2027-2030/riktlinje/vid-hot/'],
  ['checklist page', '/handbok/2027-2030/checklistor/telefonhot/'],
  ['glossary', '/handbok/2027-2030/definitioner/'],
  ['quiz before answering', '/handbok/2027-2030/quiz/grund/'],
  ['quiz after answering', '/handbok/2027-2030/quiz/grund/', async (page) => {
    const first = page.locator('.quiz__question').first();
    await first.locator('.quiz__input').first().check();
    await first.locator('.quiz__check').click();
    await first.locator('.quiz__feedback').first().waitFor();
  }],
  ['trainer mode', '/handbok/2027-2030/quiz/grund/tranare/'],
  ['search with results', '/handbok/2027-2030/sok/?q=hot', async (page) => {
    await page.locator('.search-results > li').first().waitFor();
  }],
  ['header search list open', '/handbok/2027-2030/riktlinje/', async (page) => {
    await page.locator('#site-search-q').fill('telefon');
    await page.locator('#site-search-list [role="option"]').first().waitFor();
  }],
  ['version switcher open', '/handbok/2027-2030/plan/mal/', async (page) => {
    await page.locator('.masthead details.versions summary').click();
  }],
  ['change page', '/handbok/2027-2030/andringar/'],
  ['404 page', '/handbok/finns-inte/'],
];

async function axe(page) {
  await page.evaluate(AXE);
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return {
      passes: result.passes.length,
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
      })),
    };
  }, WCAG);
}

for (const scheme of ['light', 'dark']) {
  test(`axe-core, WCAG 2.1 AA, ${scheme} mode: every page type`, { timeout: 4 * TEST_TIMEOUT }, async () => {
    const c = await newContext(env.browser, env.site, { colorScheme: scheme });
    const found = [];
    let checked = 0;
    for (const [name, url, prepare] of PAGES) {
      const page = await c.page(url);
      if (prepare) await prepare(page);
      const { violations, passes } = await axe(page);
      assert.ok(passes > 10, `${name}: axe ran`);
      checked++;
      for (const v of violations) found.push(`${name} (${url}): ${v.id} [${v.impact}]\n    ${v.nodes.join('\n    ')}`);
      await page.close();
    }
    console.log(`  ${scheme}: ${checked} pages checked, ${found.length} violations`);
    assert.deepEqual(found, [], found.join('\n'));
    // The 404 page's own status is the one console error expected.
    c.problems.errors = c.problems.errors.filter((e) => !/\/finns-inte\/: Failed to load resource: .* 404/.test(e));
    c.assertClean();
    await c.close();
  });
}
