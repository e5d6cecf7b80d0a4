// The explorer in a real browser: Debian's Chromium, driven by Playwright,
// against a real `chokepoint serve` (embedded Dgraph, the curated graph, a
// free local port). An analyst's session, step by step: search, open an
// entity, draw a downstream chain before and after a suspension, expand a
// node, go back and forward, find a path, export, switch to the table,
// reload; each step asserts on what is drawn (the ids the drawing exposes)
// and on the files exported, and no request may leave the host.
//
// Environment: CHOKEPOINT_BIN (the binary; built with `go build` when
// unset), CHROMIUM (/usr/bin/chromium), EXPLORE_TEST_OUTPUT (screenshots and
// downloads; test-output/ here), EXPLORE_DOC_IMAGES (a directory: write the
// README's screenshots there too, e.g. ../../docs/img).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..', '..');
const OUT = resolve(process.env.EXPLORE_TEST_OUTPUT || join(here, '..', 'test-output'));
const DOC_IMAGES = process.env.EXPLORE_DOC_IMAGES ? resolve(process.env.EXPLORE_DOC_IMAGES) : null;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const C57 = 'control:mofcom-2025-57';
const C70 = 'control:mofcom-2025-70';
const MATERIALS_57 = ['material:erbium', 'material:europium', 'material:holmium', 'material:thulium', 'material:ytterbium'];

let work;
let server;
let base;
let browser;
let context;
let page;
const offHost = [];
const problems = [];
let shot = 0;

let bin = process.env.CHOKEPOINT_BIN;

/** Starts `chokepoint serve` on a free port of 127.0.0.1 and waits until it is ready. */
async function startServer(name, ...flags) {
  if (!bin) {
    bin = join(work, 'chokepoint');
    execFileSync('go', ['build', '-o', bin, './cmd/chokepoint'], { cwd: root, stdio: 'inherit' });
  }
  const proc = spawn(bin, ['serve', '--addr', '127.0.0.1:0', '--dsn', 'file://' + join(work, name), ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('chokepoint serve did not start in 90 s:\n' + log)), 90_000);
    const read = (chunk) => {
      log += chunk;
      const m = log.match(/msg=serving playground=(http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    proc.stdout.on('data', read);
    proc.stderr.on('data', read);
    proc.on('exit', (code) => fail(new Error(`chokepoint serve exited (${code}):\n${log}`)));
  });
  proc.stdout.removeAllListeners('data');
  proc.stderr.removeAllListeners('data');
  proc.stdout.resume();
  proc.stderr.resume();
  for (let i = 0; i < 100; i++) {
    const r = await fetch(url + '/readyz').catch(() => null);
    if (r?.ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { proc, url };
}

before(async () => {
  mkdirSync(OUT, { recursive: true });
  if (DOC_IMAGES) mkdirSync(DOC_IMAGES, { recursive: true });
  work = mkdtempSync(join(tmpdir(), 'chokepoint-explore-'));
  const s = await startServer('data');
  server = s.proc;
  base = s.url;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  context = await browser.newContext({ viewport: { width: 1400, height: 860 }, acceptDownloads: true, locale: 'en-GB', timezoneId: 'UTC' });
  // Every request the page makes must stay on this host: anything else is refused and fails the test.
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === '127.0.0.1' || u.hostname === 'localhost') return route.continue();
    offHost.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  // The guard itself: a page that asks another host is refused, and it is recorded.
  const probe = await context.newPage();
  await probe.goto('http://off-host.invalid/').catch(() => {});
  await probe.close();
  assert.deepEqual(offHost, ['http://off-host.invalid/'], 'the guard against requests to other hosts works');
  offHost.length = 0;
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page = await context.newPage();
  watch(page);
});

/** Records the page's errors; `expected` lets through console errors the test provokes. */
function watch(p, expected = null) {
  p.on('pageerror', (e) => problems.push('page error: ' + e.message));
  p.on('console', (m) => {
    // The server has no icon; the playground's page asks for one.
    if (m.location().url?.endsWith('/favicon.ico')) return;
    if (m.type() === 'error' && !expected?.test(m.text())) problems.push(`console error: ${m.text()} (${m.location().url})`);
  });
  p.on('requestfailed', (r) => {
    if (!r.url().startsWith('blob:')) problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
}

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  await new Promise((r) => (server ? server.on('exit', r) : r()));
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Waits until the explorer has drawn the view its URL names. */
async function ready(p = page) {
  await p.waitForFunction(
    () => document.body.dataset.state === 'ready' && location.pathname.endsWith('/' + document.body.dataset.rendered.split('?')[0]) &&
      location.search === '?' + document.body.dataset.rendered.split('?')[1],
    null,
    { timeout: 20_000 },
  );
}

async function screenshot(name, doc) {
  shot++;
  await page.evaluate(() => document.activeElement?.id === 'asof' && document.activeElement.blur());
  const file = join(OUT, `${String(shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file });
  if (doc && DOC_IMAGES) copyFileSync(file, join(DOC_IMAGES, `explore-${doc}.png`));
}

async function drawn(p = page) {
  return p.evaluate(() => {
    const d = document.getElementById('graph').dataset;
    return {
      nodes: Number(d.nodeCount),
      edges: Number(d.edgeCount),
      reached: Number(d.reachedCount),
      inactive: Number(d.inactiveEdgeCount),
      nodeIds: d.nodeIds.split(' ').filter(Boolean),
      edgeIds: d.edgeIds.split(' ').filter(Boolean),
      rootStatus: d.rootStatus,
    };
  });
}

/** The on-screen position of a drawn node or of an edge's midpoint. */
async function positionOf(id) {
  return page.evaluate((id) => {
    const el = document.getElementById('graph');
    const ele = el.cytoscape.getElementById(id);
    const p = ele.isEdge() ? ele.renderedMidpoint() : ele.renderedPosition();
    const box = el.getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y };
  }, id);
}

async function clean() {
  const violations = await page.evaluate(() => window.__violations);
  assert.deepEqual(violations, [], 'content security policy violations');
  assert.deepEqual(offHost, [], 'requests that left the host');
  assert.deepEqual(problems, [], 'errors in the page');
}

async function saveDownload(click) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(click)]);
  const file = join(OUT, download.suggestedFilename());
  await download.saveAs(file);
  return { name: download.suggestedFilename(), file, bytes: readFileSync(file) };
}

function csvRows(text) {
  // Enough of RFC 4180 for these files: quoted cells may hold commas, quotes and newlines.
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') cell += '"', i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    } else cell += c;
  }
  return rows;
}

test('search opens an entity page with its sources and relations', async () => {
  await page.goto(base + '/explore');
  await ready();
  assert.match(page.url(), /\/explore\?asOf=\d{4}-\d{2}-\d{2}$/, 'the date is in the URL from the start');
  await page.locator('#search').pressSequentially('No. 57', { delay: 30 });
  const hit = page.locator(`#search-hits li[data-id="${C57}"]`);
  await hit.waitFor();
  await screenshot('search', 'search');
  await hit.click();
  await ready();
  assert.ok(page.url().includes(`view=entity&id=${C57}`), page.url());
  await page.fill('#asof', '2025-12-01');
  await ready();
  assert.ok(page.url().includes('asOf=2025-12-01'));
  assert.equal(await page.locator('#entity').getAttribute('data-id'), C57);
  assert.equal(await page.locator('#entity-status').getAttribute('data-status'), 'SUSPENDED');
  const types = await page.locator('section.relations').evaluateAll((els) => els.map((e) => e.dataset.type));
  assert.ok(types.includes('restricts') && types.includes('suspends'), types.join());
  assert.equal(await page.locator('section.relations[data-type=restricts] tbody tr.inactive').count(), 5, 'its restrictions do not act while it is suspended');
  const links = await page.locator('#entity a.source-link').evaluateAll((as) => as.map((a) => [a.href, a.target, a.rel]));
  assert.ok(links.length >= 5, 'sources are linked');
  for (const [href, target, rel] of links) {
    assert.match(href, /^https?:\/\//);
    assert.equal(target, '_blank');
    assert.match(rel, /noopener/);
  }
  await screenshot('entity', 'entity');
  await clean();
});

test('a downstream chain stops at a suspended control and runs once it is back in force', async () => {
  await page.click('.tabs a[data-view=downstream]');
  await ready();
  let d = await drawn();
  assert.equal(d.rootStatus, 'SUSPENDED');
  assert.equal(d.reached, 1, 'only the control itself is reached while it is suspended');
  assert.equal(d.inactive, 5, 'its five restrictions are drawn as not acting');
  assert.deepEqual(d.nodeIds, [C57, C70, ...MATERIALS_57].sort());
  assert.ok(d.edgeIds.includes(`${C70}>suspends>${C57}@2025-11-07`), 'the suspension is drawn');
  assert.match(await page.locator('#status-banner').innerText(), /suspended on 2025-12-01/);
  await screenshot('downstream-suspended', 'downstream-suspended');

  await page.fill('#asof', '2026-12-01');
  await ready();
  assert.ok(page.url().includes(`view=downstream&id=${C57}&asOf=2026-12-01`), page.url());
  d = await drawn();
  assert.equal(d.rootStatus, 'IN_FORCE');
  assert.equal(d.inactive, 0);
  assert.equal(d.reached, d.nodes);
  assert.ok(d.nodes >= 15, `${d.nodes} nodes`);
  for (const m of MATERIALS_57) assert.ok(d.edgeIds.includes(`${C57}>restricts>${m}`), m);
  assert.ok(d.nodeIds.includes('product:f-35'));
  assert.ok(!d.nodeIds.includes(C70), 'the suspension is over: not drawn');
  assert.equal(await page.locator('#status-banner').count(), 0);

  // Hovering an edge shows its type, dates and linked sources.
  const key = `${C57}>restricts>material:erbium`;
  const at = await positionOf(key);
  await page.mouse.move(at.x, at.y);
  await page.locator(`#tip[data-edge="${key}"]`).waitFor();
  const tipText = await page.locator('#tip').innerText();
  assert.match(tipText, /restricts/);
  assert.match(tipText, /Sources \([1-9]/);
  assert.ok((await page.locator('#tip a.source-link').count()) >= 1);
  await screenshot('downstream', 'downstream');
  await clean();
});

test('clicking a node opens its menu; expanding adds its neighbours; back and forward replay', async () => {
  const before = await drawn();
  const at = await positionOf('product:f-35');
  await page.mouse.move(at.x, at.y);
  await page.mouse.click(at.x, at.y);
  await page.locator('#panel #expand').waitFor();
  assert.match(await page.locator('#panel').innerText(), /F-35/);
  assert.ok((await page.locator('#panel a', { hasText: 'Open its page' }).getAttribute('href')).includes('id=product:f-35'));
  await page.click('#panel #expand');
  await ready();
  assert.ok(page.url().includes('expand=product:f-35'), page.url());
  const expanded = await drawn();
  assert.ok(expanded.nodes > before.nodes, `${expanded.nodes} nodes after expanding, ${before.nodes} before`);

  await page.goBack();
  await ready();
  assert.deepEqual((await drawn()).nodeIds, before.nodeIds, 'back: the chain as it was');
  await page.goBack();
  await ready();
  assert.equal((await drawn()).rootStatus, 'SUSPENDED', 'back again: the earlier date');
  await page.goForward();
  await page.goForward();
  await ready();
  assert.deepEqual((await drawn()).nodeIds, expanded.nodeIds, 'forward: the expansion again');
  await clean();
});

test('the path finder lists the k shortest paths, every hop with its sources', async () => {
  await page.click('.tabs a[data-view=paths]');
  await ready();
  assert.equal(await page.locator('#path-from').inputValue(), 'China export control on holmium, erbium, thulium, europium and ytterbium');
  await page.locator('#path-to').pressSequentially('F-35', { delay: 30 });
  await page.locator('#path-to-hits li[data-id="product:f-35"]').click();
  await page.selectOption('#path-k', '3');
  await page.click('#find-paths');
  await ready();
  assert.ok(page.url().includes(`view=paths&from=${C57}&to=product:f-35&asOf=2026-12-01`), page.url());
  const count = Number(await page.locator('#paths').getAttribute('data-path-count'));
  assert.ok(count >= 1 && count <= 3, `${count} paths`);
  const hops = page.locator('#paths li.hop');
  const n = await hops.count();
  assert.ok(n >= count);
  for (let i = 0; i < n; i++) assert.ok((await hops.nth(i).locator('a.source-link').count()) >= 1, `hop ${i} has a source`);
  const d = await drawn();
  assert.ok(d.nodeIds.includes(C57) && d.nodeIds.includes('product:f-35'));
  assert.ok(d.edgeIds.some((k) => k.startsWith(`${C57}>restricts>`)), 'in force, the shortest paths run through what it restricts');
  await page.locator('#paths li.path').first().hover();
  await screenshot('paths', 'paths');

  // While it is suspended, no path runs through its restrictions (others remain: who issued it…).
  await page.fill('#asof', '2025-12-01');
  await ready();
  const suspended = await drawn();
  assert.ok(!suspended.edgeIds.some((k) => k.startsWith(`${C57}>restricts>`)), suspended.edgeIds.join(' '));
  await page.goBack();
  await ready();
  await clean();
});

test('exports: CSV, JSON, GraphML, PNG and SVG of the view drawn', async () => {
  await page.goto(base + `/explore?view=downstream&id=${C57}&asOf=2026-12-01`);
  await ready();
  const d = await drawn();

  const edges = await saveDownload('#export-csv-edges');
  assert.equal(edges.name, `chokepoint_downstream_${C57.replace(':', '-')}_2026-12-01_edges.csv`);
  const rows = csvRows(edges.bytes.toString('utf8'));
  const head = rows[0];
  assert.deepEqual(head.slice(0, 5), ['from', 'from_name', 'type', 'to', 'to_name']);
  assert.equal(rows.length - 1, d.edges, 'one row per edge drawn');
  const col = (name) => head.indexOf(name);
  const erbium = rows.find((r) => r[col('from')] === C57 && r[col('to')] === 'material:erbium');
  assert.equal(erbium[col('type')], 'restricts');
  assert.match(erbium[col('source_urls')], /^https?:\/\//);
  assert.deepEqual(rows.slice(1).map((r) => `${r[col('from')]}>${r[col('type')]}>${r[col('to')]}`).sort(), d.edgeIds.map((k) => k.split('@')[0]).sort());

  const nodes = await saveDownload('#export-csv-nodes');
  const nodeRows = csvRows(nodes.bytes.toString('utf8'));
  assert.deepEqual(nodeRows.slice(1).map((r) => r[0]).sort(), d.nodeIds);

  const json = JSON.parse((await saveDownload('#export-json')).bytes.toString('utf8'));
  assert.equal(json.view.asOf, '2026-12-01');
  assert.equal(json.nodes.length, d.nodes);
  assert.equal(json.edges.length, d.edges);
  assert.ok(json.edges.every((e) => Array.isArray(e.sources) && e.sources.every((s) => s.id && s.url)));

  const graphml = (await saveDownload('#export-graphml')).bytes.toString('utf8');
  assert.equal((graphml.match(/<node /g) || []).length, d.nodes);
  assert.equal((graphml.match(/<edge /g) || []).length, d.edges);

  const png = (await saveDownload('#export-png')).bytes;
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  assert.ok(width > 600 && height > 300, `PNG ${width}×${height}`);

  const svg = (await saveDownload('#export-svg')).bytes.toString('utf8');
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.equal((svg.match(/<g data-id=/g) || []).length, d.nodes);
  assert.equal((svg.match(/<path data-id=/g) || []).length, d.edges);
  // The SVG opens in the browser as an image of the same drawing.
  const img = await context.newPage();
  await img.setContent('<p>svg</p>');
  const size = await img.evaluate(async (text) => {
    const i = new Image();
    i.src = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
    await i.decode();
    return [i.naturalWidth, i.naturalHeight];
  }, svg);
  await img.close();
  assert.ok(size[0] > 600 && size[1] > 300, `SVG ${size}`);
  await clean();
});

test('the table shows the same nodes and edges, with sources', async () => {
  const d = await drawn();
  await page.click('button[data-show=table]');
  await ready();
  assert.ok(page.url().includes('show=table'));
  assert.equal(await page.locator('#nodes-table tbody tr').count(), d.nodes);
  assert.equal(await page.locator('#edges-table tbody tr').count(), d.edges);
  const ids = await page.locator('#edges-table tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.edge).sort());
  assert.deepEqual(ids, d.edgeIds);
  assert.ok((await page.locator('#edges-table a.source-link').count()) >= d.edges);
  await screenshot('table', 'table');
  await page.click('button[data-show=graph]');
  await ready();
  await clean();
});

test('a view\'s URL reproduces it: on reload and in a new tab', async () => {
  await page.goto(base + `/explore?view=neighborhood&id=${C70}&asOf=2025-12-01`);
  await ready();
  const near = await drawn();
  assert.ok(near.nodeIds.includes(C57) && near.nodes > 5, 'one hop: what it suspends');
  await screenshot('neighborhood', 'neighborhood');
  await page.selectOption('#depth', '2');
  await ready();
  const url = page.url();
  assert.ok(url.endsWith('&depth=2'), url);
  const d = await drawn();
  assert.ok(d.nodes > near.nodes, 'two hops reach further');
  await page.reload();
  await ready();
  assert.equal(page.url(), url);
  assert.deepEqual(await drawn(), d);
  const other = await context.newPage();
  watch(other);
  await other.goto(url);
  await ready(other);
  assert.deepEqual(await drawn(other), d);
  await other.close();
  await clean();
});

test('upstream and exposure views', async () => {
  await page.goto(base + '/explore?view=upstream&id=product:f-35&asOf=2025-12-01');
  await ready();
  let d = await drawn();
  assert.ok(d.nodeIds.includes('control:mofcom-2025-18') && d.nodeIds.includes('material:dysprosium'), 'upstream reaches the control on dysprosium');
  await screenshot('upstream', 'upstream');
  await page.goto(base + '/explore?view=exposure&id=control:mofcom-2025-18&asOf=2025-12-01');
  await ready();
  d = await drawn();
  assert.ok(d.nodeIds.some((id) => id.startsWith('company:')) && d.nodeIds.some((id) => id.startsWith('facility:')), 'firms and plants are exposed');
  await screenshot('exposure', 'exposure');
  await page.goto(base + '/explore?view=exposure&id=product:f-35&asOf=2025-12-01');
  await ready();
  assert.ok(await page.locator('#exposure-note a').isVisible(), 'a product has no exposure: the note points to its chain');
  await clean();
});

test('a server with a token: the explorer asks for it, then works', async () => {
  const { proc, url } = await startServer('data-token', '--token', 's3cret');
  try {
    const p = await context.newPage();
    watch(p, /status of 401/); // the browser reports the refusal the test provokes
    const unauthorized = [];
    p.on('response', (r) => r.status() === 401 && unauthorized.push(r.url()));
    await p.goto(url + '/explore?view=entity&id=material:dysprosium&asOf=2025-12-01');
    await p.locator('#token').waitFor();
    assert.equal(await p.evaluate(() => document.body.dataset.state), 'error');
    await p.fill('#token', 's3cret');
    await p.click('form.token button');
    await ready(p);
    assert.equal(await p.locator('#entity').getAttribute('data-id'), 'material:dysprosium');
    assert.equal(unauthorized.length, 1, 'one refusal, before the token');
    await p.close();
  } finally {
    proc.kill('SIGTERM');
    await new Promise((r) => proc.on('exit', r));
  }
  await clean();
});

test('the playground links to the explorer', async () => {
  await page.goto(base + '/');
  const link = page.locator('a[href=explore]');
  await link.waitFor();
  assert.ok(await link.isVisible());
  await link.click();
  await ready();
  assert.ok(new URL(page.url()).pathname === '/explore');
  await clean();
});

// The playground (/): GraphiQL with the explorer plugin, the Examples menu,
// example titles as tab names and links from a result to /explore.
const queryText = (p = page) => p.evaluate(() => document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.getValue());
const tabLabels = () => page.locator('.graphiql-tab .graphiql-tab-button').allInnerTexts();
/** Waits until the active tab is the one labelled so (GraphiQL names a tab shortly after its text changes). */
const expectActive = (label) => page.locator('.graphiql-tab-active .graphiql-tab-button', { hasText: new RegExp(`^${label}$`) }).waitFor({ timeout: 5_000 });

async function openExample(name) {
  await page.click('#examples-menu');
  await page.click(`[role=menuitem][data-example="${name}"]`);
}

test('the playground: build a query by clicking in the explorer plugin', async () => {
  await page.goto(base + '/');
  await page.locator('.graphiql-tab').first().waitFor();
  const labels = await tabLabels();
  assert.ok(labels.includes('Upstream dependency chain') && labels.includes('Material profile'), labels.join(' | '));
  assert.equal(await page.locator('.graphiql-tab-button', { hasText: 'Upstream dependency chain' }).getAttribute('title'),
    'Upstream dependency chain: what NdFeB magnets depend on — their materials, the controls in force on those materials that day, and the institutions that issued them');
  await page.click('.graphiql-tab-add');
  await page.click('[aria-label="Show GraphiQL Explorer"]');
  const explorer = page.locator('.graphiql-explorer-root');
  await explorer.waitFor();
  await explorer.locator('span', { hasText: /^search$/ }).first().click();
  await explorer.locator('input[type=text]').first().fill('dysprosium'); // the argument text, after the operation's name
  await explorer.locator('span', { hasText: /^score$/ }).first().click();
  await explorer.locator('span', { hasText: /^entity$/ }).last().click();
  await explorer.locator('span', { hasText: /^id$/ }).first().click();
  await page.waitForFunction(() => /id/.test(document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.getValue()));
  assert.equal(await queryText(), 'query MyQuery {\n  search(text: "dysprosium") {\n    score\n    entity {\n      id\n    }\n  }\n}');
  await expectActive('MyQuery'); // named by its operation
  await page.click('.graphiql-execute-button');
  await page.waitForFunction(() => /material:dysprosium/.test(document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror.getValue()));
  assert.equal(await page.locator('.explore-links').count(), 0, 'a search holds no Subgraph or Path: no link');
  await screenshot('playground-explorer-plugin');
  await page.click('[aria-label="Hide GraphiQL Explorer"]');
  await clean();
});

test('the playground: a closed example comes back from the Examples menu; new examples join kept tabs', async () => {
  const name = '17-dependency-chain-upstream';
  await openExample(name);
  await expectActive('Upstream dependency chain');
  const before = (await tabLabels()).length;
  await page.locator('.graphiql-tab-active .graphiql-tab-close').click();
  assert.ok(!(await tabLabels()).includes('Upstream dependency chain'), 'closed');
  assert.equal((await tabLabels()).length, before - 1);
  await openExample(name);
  await page.waitForFunction(() => /query MagnetSupplyChain/.test(document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.getValue()));
  await expectActive('Upstream dependency chain');
  assert.equal((await tabLabels()).length, before, 'back in a tab of its own');
  await openExample('01-material-profile');
  await expectActive('Material profile');
  await openExample(name);
  assert.equal((await tabLabels()).length, before, 'an open example is switched to, not opened twice');
  assert.match(await queryText(), /^# Upstream dependency chain/);

  // A browser that kept its tabs from a version without example 19 gets it on its next load.
  await page.waitForTimeout(700); // GraphiQL keeps its tabs half a second after a change
  await page.evaluate(() => {
    const state = JSON.parse(localStorage.getItem('graphiql:tabState'));
    state.tabs = state.tabs.filter((t) => t.operationName !== 'AroundTheSuspension');
    localStorage.setItem('graphiql:tabState', JSON.stringify(state));
    const seen = JSON.parse(localStorage.getItem('chokepoint:examples')).filter((n) => n !== '19-neighborhood');
    localStorage.setItem('chokepoint:examples', JSON.stringify(seen));
  });
  await page.reload();
  await page.locator('.graphiql-tab').first().waitFor();
  const labels = await tabLabels();
  assert.equal(labels.at(-1), 'Neighbourhood', labels.join(' | '));
  assert.equal(labels.filter((l) => l === 'Neighbourhood').length, 1);
  await clean();
});

test('the playground: a dependencyChain result links to the same view in /explore', async () => {
  await openExample('17-dependency-chain-upstream');
  await page.click('.graphiql-execute-button');
  const link = page.locator('.explore-links a[data-view=upstream]');
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), 'explore?view=upstream&id=product:ndfeb-magnet&asOf=2025-11-20&depth=4');
  await screenshot('playground-explore-link');
  const [popup] = await Promise.all([context.waitForEvent('page'), link.click()]);
  watch(popup);
  await ready(popup);
  assert.equal(new URL(popup.url()).pathname, '/explore');
  assert.equal(await popup.evaluate(() => document.body.dataset.rendered), 'explore?view=upstream&id=product:ndfeb-magnet&asOf=2025-11-20&depth=4');
  const d = await drawn(popup);
  assert.ok(d.nodeIds.includes('product:ndfeb-magnet') && d.nodeIds.includes('material:dysprosium'), d.nodeIds.join(' '));
  assert.equal(await popup.locator('.tabs a[aria-current=page]').getAttribute('data-view'), 'upstream');
  assert.deepEqual(await popup.evaluate(() => window.__violations), []);
  await popup.close();
  // Another tab shows no link until its own result holds one.
  await openExample('01-material-profile');
  assert.equal(await page.locator('.explore-links').count(), 0);
  await clean();
});
