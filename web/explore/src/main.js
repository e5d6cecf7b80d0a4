// The analyst explorer: search, entity pages, drawings of neighbourhoods,
// dependency chains and exposures laid out by supply-chain stage, paths
// between two entities, all as of a date, every view at its own URL, and
// exports of what is shown.

import './style.css';
import { APIError, gql, Q, setToken } from './api.js';
import { download, h, sourceList } from './dom.js';
import { createDrawing, KINDS } from './draw.js';
import { entityPage } from './entity.js';
import { edgesCSV, fileName, nodesCSV, viewGraphML, viewJSON } from './exports.js';
import {
  addEdge, addExposure, addNode, addSubgraph, dateRange, edgeFigures, emptyGraph, nodeLabel, nodeStatus,
  relationEdge, sortedElements,
} from './graphdata.js';
import { GRAPH_VIEWS, nextState, parseState, stateURL, today, VIEWS } from './state.js';

let state = parseState(location.search);
let renderSeq = 0;
let controller = null;

// ---- the page's frame: header, notices, main ----

const asOfInput = h('input', { type: 'date', id: 'asof', required: true, 'aria-label': 'As of' });
const tabs = h('nav', { class: 'tabs', 'aria-label': 'Views' });
const notice = h('div', { id: 'notice', role: 'status', 'aria-live': 'polite' });
const main = h('main', { id: 'main' });
const header = h(
  'header',
  { class: 'top' },
  h('a', { class: 'brand', href: 'explore', onclick: (ev) => linkClick(ev, { view: 'home' }) }, 'Chokepoint', h('span', null, ' explorer')),
  searchBox({
    id: 'search',
    placeholder: 'Search controls, materials, products, firms…  ( / )',
    onPick: (e) => navigate({ view: 'entity', id: e.id }),
  }).el,
  h(
    'label',
    { class: 'asof' },
    'As of ',
    asOfInput,
    h('button', { type: 'button', id: 'today', onclick: () => navigate({ asOf: today() }) }, 'Today'),
  ),
  tabs,
  h('span', { class: 'loading', 'aria-hidden': 'true' }, 'Loading…'),
  h('a', { class: 'playground', href: './', title: 'The GraphQL playground of this server' }, 'GraphQL playground'),
);
asOfInput.addEventListener('change', () => {
  if (/^\d{4}-\d{2}-\d{2}$/.test(asOfInput.value)) navigate({ asOf: asOfInput.value });
});

document.body.append(header, notice, main);
document.addEventListener('keydown', (ev) => {
  if (ev.key === '/' && !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement?.tagName)) {
    ev.preventDefault();
    document.getElementById('search').focus();
  }
});

function syncHeader() {
  asOfInput.value = state.asOf;
  const subject = state.id || state.from;
  tabs.replaceChildren(
    ...Object.entries(VIEWS).map(([view, label]) => {
      const enabled = view === 'paths' || !!state.id;
      const target = view === 'paths' ? { view, from: state.from || state.id, to: state.to } : { view, id: state.id };
      return h(
        'a',
        {
          class: 'tab' + (state.view === view ? ' current' : '') + (enabled ? '' : ' disabled'),
          href: enabled ? stateURL(nextState(state, target)) : null,
          'aria-current': state.view === view ? 'page' : null,
          dataset: { view },
          onclick: enabled ? (ev) => linkClick(ev, target) : null,
          title: enabled ? null : 'Search an entity first',
        },
        label,
      );
    }),
  );
  document.title = `Chokepoint explorer — ${VIEWS[state.view] || 'start'}${subject ? ' — ' + subject : ''} — ${state.asOf}`;
}

// ---- navigation: every view is a URL ----

function navigate(patch, { replace = false } = {}) {
  state = nextState(state, patch);
  const url = stateURL(state);
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  render();
}

/** A link's click: the explorer navigates itself, unless the reader asked for a new tab. */
function linkClick(ev, patch) {
  if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  ev.preventDefault();
  navigate(patch);
}

/** A link to another view of the explorer. */
function viewLink(patch, ...children) {
  const target = nextState(state, patch);
  return h('a', { href: stateURL(target), onclick: (ev) => linkClick(ev, patch), dataset: { id: patch.id || '' } }, ...children);
}

window.addEventListener('popstate', () => {
  state = parseState(location.search);
  render();
});

async function render() {
  const seq = ++renderSeq;
  controller?.abort();
  controller = new AbortController();
  const { signal } = controller;
  document.body.dataset.state = 'loading';
  document.body.dataset.view = state.view;
  notice.replaceChildren();
  syncHeader();
  hideTip();
  try {
    if (state.view === 'home') renderHome();
    else if (state.view === 'entity') {
      const page = await entityPage(state, { signal, viewLink, exportGraph });
      if (seq !== renderSeq) return;
      showMain(page);
    } else if (state.view === 'paths') await renderPaths(seq, signal);
    else await renderGraphView(seq, signal);
    if (seq !== renderSeq) return;
    document.body.dataset.rendered = stateURL(state);
    document.body.dataset.state = 'ready';
  } catch (err) {
    if (err.name === 'AbortError' || seq !== renderSeq) return;
    showError(err);
    document.body.dataset.rendered = stateURL(state);
    document.body.dataset.state = 'error';
  }
}

function showError(err) {
  if (err instanceof APIError && err.code === 'UNAUTHENTICATED') {
    const input = h('input', { type: 'password', id: 'token', autocomplete: 'off', placeholder: 'bearer token' });
    const form = h(
      'form',
      {
        class: 'token',
        onsubmit: (ev) => {
          ev.preventDefault();
          setToken(input.value.trim());
          render();
        },
      },
      h('strong', null, 'This server needs a bearer token. '),
      input,
      h('button', { type: 'submit' }, 'Use it'),
      h('span', { class: 'muted' }, ' (kept in this tab only)'),
    );
    notice.replaceChildren(form);
    showMain();
    return;
  }
  const code = err instanceof APIError ? err.code : 'ERROR';
  notice.replaceChildren(
    h('div', { class: 'error', dataset: { code } }, h('strong', null, code), ': ', err.message, ' ', h('button', { type: 'button', onclick: () => render() }, 'Try again')),
  );
  if (!main.querySelector('.graph-stage')) showMain();
}

/** Puts the view's parts in the page; parts that are null or false are left out. */
function showMain(...parts) {
  main.replaceChildren(...parts.flat().filter(Boolean));
}

// ---- the start page ----

function renderHome() {
  const ex = (label, patch) => h('li', null, viewLink(patch, label));
  showMain(
    h(
      'section',
      { class: 'home' },
      h('h1', null, 'Who controls which critical materials, and what depends on them?'),
      h(
        'p',
        null,
        'Search an entity above, then read its page with its sources, draw what it reaches downstream or depends on upstream, ',
        'find the paths between two entities, and move the date to see the graph as it stood or will stand. Every view has its own address: copy it to share what you see.',
      ),
      h('h2', null, 'Examples from the curated graph'),
      h(
        'ul',
        { class: 'examples' },
        ex('MOFCOM No. 57 [2025] downstream on 2025-12-01, while suspended', { view: 'downstream', id: 'control:mofcom-2025-57', asOf: '2025-12-01' }),
        ex('… and on 2026-12-01, in force again', { view: 'downstream', id: 'control:mofcom-2025-57', asOf: '2026-12-01' }),
        ex('What MOFCOM No. 18 [2025] exposes', { view: 'exposure', id: 'control:mofcom-2025-18', asOf: state.asOf }),
        ex('What the F-35 depends on, upstream', { view: 'upstream', id: 'product:f-35', asOf: state.asOf }),
        ex('Paths from dysprosium to the F-35', { view: 'paths', from: 'material:dysprosium', to: 'product:f-35', asOf: state.asOf }),
      ),
      legend(),
    ),
  );
}

function legend() {
  return h(
    'div',
    { class: 'legend' },
    Object.entries(KINDS).map(([kind, k]) => h('span', { class: 'legend-item' }, swatch(k.color, kind), ' ', kindName(kind))),
    h('span', { class: 'legend-item' }, h('span', { class: 'swatch stopped' }), ' not in force / not operating'),
    h('span', { class: 'legend-item' }, h('span', { class: 'dash' }), ' edge that does not act on this date'),
  );
}

function swatch(color, kind) {
  const s = h('span', { class: 'swatch', 'aria-hidden': 'true', dataset: { kind } });
  s.style.backgroundColor = color; // CSSOM, not an inline style attribute
  return s;
}

function kindName(kind) {
  return kind.charAt(0) + kind.slice(1).toLowerCase();
}

function kindBadge(kind) {
  const b = h('span', { class: 'kind', dataset: { kind } }, kindName(kind));
  b.style.borderColor = KINDS[kind]?.color || '#999';
  return b;
}

// ---- the drawing, its table, panel and tooltip (one of each, kept across views) ----

const graphEl = h('div', { id: 'graph', class: 'graph', 'aria-label': 'Drawing of the view' });
const tip = h('div', { id: 'tip', class: 'tip', hidden: true, role: 'tooltip' });
const panel = h('aside', { id: 'panel', class: 'panel' });
const tableEl = h('div', { id: 'table', class: 'table-view', hidden: true });
const stage = h('div', { class: 'graph-stage' }, graphEl, tip, panel);
let drawing = null;
let current = { graph: emptyGraph(), meta: {} };
let tipTimer = null;
// What the panel shows when nothing is selected: the view's own content (the
// paths found), else how to read the drawing.
let panelDefault = null;

function ensureDrawing() {
  if (drawing) return drawing;
  drawing = createDrawing(graphEl, {
    node: (id) => {
      hideTip();
      showNodePanel(id);
    },
    nodeDouble: (id) => expand(id),
    edgeOver: (key, pos) => showTip(key, pos),
    edgeOut: () => scheduleHideTip(),
    edge: (key) => showEdgePanel(key),
    background: () => {
      drawing.highlight(null);
      showDefaultPanel();
    },
  });
  graphEl.cytoscape = drawing.cy; // for the browser test and the console
  tip.addEventListener('mouseenter', () => clearTimeout(tipTimer));
  tip.addEventListener('mouseleave', () => scheduleHideTip());
  return drawing;
}

function expand(id) {
  if (state.expand.includes(id)) return;
  navigate({ expand: [...state.expand, id] });
}

function showTip(key, pos) {
  clearTimeout(tipTimer);
  const e = current.graph.edges.get(key);
  if (!e) return;
  tip.replaceChildren(edgeDetails(e, true));
  tip.hidden = false;
  const w = graphEl.clientWidth;
  tip.style.left = Math.min(Math.max(pos.x + 14, 0), Math.max(w - 340, 0)) + 'px';
  tip.style.top = Math.max(0, Math.min(pos.y + 14, graphEl.clientHeight - 220)) + 'px';
  tip.dataset.edge = key;
}

function scheduleHideTip() {
  clearTimeout(tipTimer);
  tipTimer = setTimeout(hideTip, 400);
}

function hideTip() {
  clearTimeout(tipTimer);
  tip.hidden = true;
  delete tip.dataset.edge;
}

function nodeName(id) {
  const n = current.graph.nodes.get(id);
  return n ? n.name : id;
}

/** An edge in words: its ends and type, its dates, figures, confidence, basis, note and sources. */
function edgeDetails(e, brief = false) {
  const rows = [
    ['Valid', dateRange(e.since, e.until) || 'no dates of its own'],
    ['Figures', edgeFigures(e)],
    ['Confidence', e.confidence],
    ['Basis', e.basis],
    ['Supplier', e.supplier && nodeName(e.supplier)],
    ['Note', e.note],
  ].filter(([, v]) => v);
  return h(
    'div',
    { class: 'edge-details', dataset: { edge: e.key } },
    h('div', { class: 'edge-title' }, h('span', null, nodeName(e.from)), h('span', { class: 'etype' }, ` —${e.type}→ `), h('span', null, nodeName(e.to))),
    e.acting === false ? h('div', { class: 'warn' }, 'Does not act on this date: its control is not in force.') : null,
    h('dl', null, rows.map(([k, v]) => [h('dt', null, k), h('dd', null, v)])),
    h('div', { class: 'sources-head' }, `Sources (${e.sources?.length || 0})`),
    sourceList(e.sources),
    brief ? h('div', { class: 'muted small' }, 'Click the edge to keep this in the panel.') : null,
  );
}

function showEdgePanel(key) {
  const e = current.graph.edges.get(key);
  if (!e) return;
  hideTip();
  drawing.select(key);
  panel.replaceChildren(h('h3', null, 'Edge'), edgeDetails(e));
}

function showNodePanel(id) {
  const n = current.graph.nodes.get(id);
  if (!n) return;
  drawing.select(id);
  const status = nodeStatus(n);
  const edges = [...current.graph.edges.values()].filter((e) => e.from === id || e.to === id);
  panel.replaceChildren(
    h('h3', null, kindBadge(n.kind), ' ', n.name),
    h('div', { class: 'muted small' }, n.id, n.code ? ` · ${n.code}` : '', n.stage ? ` · ${n.stage.toLowerCase()}` : ''),
    status ? h('div', { class: 'warn' }, `${status} on ${state.asOf}`) : null,
    n.reached === false && !n.context ? h('div', { class: 'muted' }, 'Not reached on this date.') : null,
    h(
      'div',
      { class: 'actions' },
      viewLink({ view: 'entity', id }, 'Open its page'),
      state.expand.includes(id) || id === (state.id || null)
        ? null
        : h('button', { type: 'button', id: 'expand', onclick: () => expand(id) }, 'Expand: add its neighbours'),
      viewLink({ view: 'downstream', id }, 'Downstream from here'),
      viewLink({ view: 'upstream', id }, 'Upstream from here'),
    ),
    h('div', { class: 'sources-head' }, `${edges.length} edge${edges.length === 1 ? '' : 's'} drawn`),
    h(
      'ul',
      { class: 'edge-list' },
      edges.map((e) =>
        h(
          'li',
          null,
          h(
            'button',
            { type: 'button', class: 'linklike', onclick: () => showEdgePanel(e.key) },
            e.from === id ? `—${e.type}→ ${nodeName(e.to)}` : `←${e.type}— ${nodeName(e.from)}`,
          ),
        ),
      ),
    ),
  );
}

function showDefaultPanel() {
  drawing?.select(null);
  if (panelDefault) {
    panel.replaceChildren(...panelDefault);
    return;
  }
  panel.replaceChildren(
    h('h3', null, 'Reading the drawing'),
    h(
      'p',
      { class: 'small' },
      'Columns follow the supply chain from controls on the left to products, firms and countries on the right. ',
      'Click a node for its page or to add its neighbours (double-click adds them at once); hover an edge for its dates and sources, click it to keep them here.',
    ),
    legend(),
  );
}

const DESCRIPTIONS = {
  neighborhood: (s) => `Everything within ${s.depth} hop${s.depth === 1 ? '' : 's'}, both ways`,
  downstream: () => 'What depends on it: what it restricts, the plants and products that need those, the firms behind them',
  upstream: () => 'What it depends on: parts and materials, the plants and mines behind them, the controls on them',
  exposure: () => 'What it reaches: restricted items, products, facilities, companies and parties, each by the path that explains it',
};

function toolbar(kind) {
  const depthSel = h(
    'select',
    {
      id: 'depth',
      'aria-label': 'Depth',
      onchange: (ev) => navigate({ depth: Number(ev.target.value) }),
    },
    Array.from({ length: 10 }, (_, i) => h('option', { value: i + 1, selected: state.depth === i + 1 }, `depth ${i + 1}`)),
  );
  const show = (which) =>
    h(
      'button',
      {
        type: 'button',
        class: 'seg' + (state.show === which ? ' on' : ''),
        'aria-pressed': String(state.show === which),
        dataset: { show: which },
        onclick: () => navigate({ show: which }),
      },
      which === 'graph' ? 'Drawing' : 'Table',
    );
  const drawn = state.show === 'graph';
  const exp = (label, id, fn, enabled = true) =>
    h('button', { type: 'button', id, disabled: !enabled, title: enabled ? null : 'Switch to the drawing to export it', onclick: fn }, label);
  return h(
    'div',
    { class: 'toolbar' },
    kind === 'graph' ? depthSel : null,
    h('span', { class: 'segs' }, show('graph'), show('table')),
    drawn ? h('button', { type: 'button', id: 'fit', onclick: () => drawing.fit() }, 'Fit') : null,
    state.expand.length ? viewLink({ expand: [] }, `Undo ${state.expand.length} expansion${state.expand.length > 1 ? 's' : ''}`) : null,
    h(
      'span',
      { class: 'exports' },
      'Export: ',
      exp('PNG', 'export-png', exportPNG, drawn),
      exp('SVG', 'export-svg', exportSVG, drawn),
      exp('CSV nodes', 'export-csv-nodes', () => exportGraph('nodes.csv')),
      exp('CSV edges', 'export-csv-edges', () => exportGraph('edges.csv')),
      exp('JSON', 'export-json', () => exportGraph('json')),
      exp('GraphML', 'export-graphml', () => exportGraph('graphml')),
    ),
  );
}

async function exportPNG() {
  const blob = await drawing.png();
  download(fileName(current.meta, '.png'), blob);
}

function exportSVG() {
  download(fileName(current.meta, '.svg'), drawing.svg(), 'image/svg+xml');
}

/** Exports a graph's data (the current view's by default). */
function exportGraph(what, graph = current.graph, meta = current.meta) {
  const files = {
    'nodes.csv': () => [fileName(meta, '_nodes.csv'), nodesCSV(graph), 'text/csv;charset=utf-8'],
    'edges.csv': () => [fileName(meta, '_edges.csv'), edgesCSV(graph), 'text/csv;charset=utf-8'],
    json: () => [fileName(meta, '.json'), viewJSON(graph, meta), 'application/json'],
    graphml: () => [fileName(meta, '.graphml'), viewGraphML(graph, meta), 'application/graphml+xml'],
  };
  download(...files[what]());
}

function metaOf(s, title) {
  const meta = { view: s.view, asOf: s.asOf, title, url: new URL(stateURL(s), document.baseURI).toString() };
  if (s.id) meta.id = s.id;
  if (s.from) meta.from = s.from;
  if (s.to) meta.to = s.to;
  if (GRAPH_VIEWS.includes(s.view)) meta.depth = s.depth;
  if (s.expand.length) meta.expanded = s.expand;
  return meta;
}

/** Shows a view graph as the drawing or the table, with the data attributes tests and tools read. */
function showGraph(g, meta) {
  current = { graph: g, meta };
  const d = ensureDrawing();
  stage.hidden = state.show !== 'graph';
  tableEl.hidden = state.show !== 'table';
  let drawn = { nodes: [], edges: [] };
  if (state.show === 'graph') {
    drawn = d.draw(g);
    showDefaultPanel();
  } else {
    const all = sortedElements(g);
    drawn = { nodes: all.nodes.map((n) => n.id), edges: all.edges.map((e) => e.key) };
    tableEl.replaceChildren(graphTable(g));
  }
  const nodes = [...g.nodes.values()];
  const edges = [...g.edges.values()];
  const attrs = {
    nodeCount: drawn.nodes.length,
    edgeCount: drawn.edges.length,
    reachedCount: nodes.filter((n) => n.reached !== false).length,
    inactiveEdgeCount: edges.filter((e) => e.acting === false).length,
    nodeIds: drawn.nodes.slice().sort().join(' '),
    edgeIds: drawn.edges.slice().sort().join(' '),
    truncated: String(!!g.truncated),
  };
  for (const el of [graphEl, tableEl]) Object.assign(el.dataset, attrs);
}

function graphTable(g) {
  const { nodes, edges } = sortedElements(g);
  const cell = (...c) => h('td', null, ...c);
  return h(
    'div',
    null,
    h('h3', null, `Edges (${edges.length})`),
    h(
      'table',
      { class: 'data', id: 'edges-table' },
      h('thead', null, h('tr', null, ['From', 'Type', 'To', 'Valid', 'Figures', 'Confidence', 'Basis', 'Note', 'Sources'].map((t) => h('th', null, t)))),
      h(
        'tbody',
        null,
        edges.map((e) =>
          h(
            'tr',
            { dataset: { edge: e.key }, class: e.acting === false ? 'inactive' : null },
            cell(viewLink({ view: 'entity', id: e.from }, nodeName(e.from))),
            cell(h('code', null, e.type), e.acting === false ? h('div', { class: 'muted small' }, 'does not act') : null),
            cell(viewLink({ view: 'entity', id: e.to }, nodeName(e.to))),
            cell(dateRange(e.since, e.until)),
            cell(edgeFigures(e)),
            cell(e.confidence || ''),
            cell(e.basis || ''),
            cell(e.note || ''),
            cell(sourceList(e.sources)),
          ),
        ),
      ),
    ),
    h('h3', null, `Nodes (${nodes.length})`),
    h(
      'table',
      { class: 'data', id: 'nodes-table' },
      h('thead', null, h('tr', null, ['Kind', 'Name', 'Id', 'Stage / status', 'Reached'].map((t) => h('th', null, t)))),
      h(
        'tbody',
        null,
        nodes.map((n) =>
          h(
            'tr',
            { dataset: { id: n.id } },
            cell(kindBadge(n.kind)),
            cell(viewLink({ view: 'entity', id: n.id }, n.name)),
            cell(h('code', null, n.id)),
            cell([n.stage?.toLowerCase(), nodeStatus(n)].filter(Boolean).join(' · ')),
            cell(n.reached === false ? 'no' : 'yes'),
          ),
        ),
      ),
    ),
  );
}

// ---- neighbourhood, chains and exposure ----

async function renderGraphView(seq, signal) {
  const s = state;
  const vars = { id: s.id, asOf: s.asOf, depth: s.depth };
  const g = emptyGraph();
  g.root = s.id;
  let status = null;
  if (s.view === 'neighborhood') addSubgraph(g, (await gql(Q.neighborhood, vars, { signal })).neighborhood);
  else if (s.view === 'exposure') {
    const x = (await gql(Q.exposure, vars, { signal })).exposure;
    addExposure(g, x);
    status = x.status;
  } else {
    const direction = s.view === 'upstream' ? 'UPSTREAM' : 'DOWNSTREAM';
    addSubgraph(g, (await gql(Q.chain, { ...vars, direction }, { signal })).dependencyChain);
  }
  let root = g.nodes.get(s.id);
  const banners = [];
  if (root?.kind === 'CONTROL' && (status || root.status) !== 'IN_FORCE') {
    banners.push(await controlOutOfForce(g, s, signal));
    root = g.nodes.get(s.id);
  }
  await addExpansions(g, s, signal);
  if (seq !== renderSeq) return;
  if (s.view === 'exposure' && root && !['CONTROL', 'MATERIAL', 'INSTITUTION'].includes(root.kind)) {
    banners.push(
      h('div', { class: 'warn', id: 'exposure-note' }, 'Exposure starts from a control, a material or an institution; what depends on this ', kindName(root.kind).toLowerCase(), ' is its ', viewLink({ view: 'downstream', id: s.id }, 'downstream chain'), '.'),
    );
  }
  if (g.truncated) banners.push(h('div', { class: 'warn', id: 'truncated' }, 'The walk stopped at its node limit: not everything it reaches is drawn.'));
  const title = `${VIEWS[s.view]} of ${root?.name || s.id} as of ${s.asOf}`;
  panelDefault = null;
  stage.classList.remove('wide-panel');
  const reached = [...g.nodes.values()].filter((n) => n.reached !== false).length - 1;
  showMain(
    h(
      'div',
      { class: 'view-head' },
      h('h1', null, root ? kindBadge(root.kind) : null, ' ', root ? viewLink({ view: 'entity', id: s.id }, root.name) : s.id),
      h('p', { class: 'muted' }, `${DESCRIPTIONS[s.view](s)} — as of ${s.asOf}: ${reached} reached, ${g.edges.size} edges.`),
      banners,
    ),
    toolbar('graph'),
    stage,
    tableEl,
  );
  graphEl.dataset.rootStatus = (root?.kind === 'CONTROL' && (status || root.status)) || '';
  showGraph(g, metaOf(s, title));
}

/**
 * A control out of force on the date acts through none of its edges: they
 * are drawn dashed, to the items they would reach (faded), with what
 * suspends it that day.
 */
async function controlOutOfForce(g, s, signal) {
  const c = (await gql(Q.control, { id: s.id, asOf: s.asOf }, { signal })).entity;
  addNode(g, { ...c, restricts: undefined, appliesTo: undefined, suspendedBy: undefined });
  const acts = [...(c.restricts?.edges || []), ...(c.appliesTo?.edges || [])];
  for (const r of acts) {
    addNode(g, r.node, { reached: false });
    addEdge(g, relationEdge(c.id, r), { acting: false });
  }
  const by = c.suspendedBy?.edges || [];
  for (const r of by) {
    addNode(g, r.node, { reached: false, context: true });
    addEdge(g, relationEdge(c.id, r));
  }
  const what = {
    SUSPENDED: 'is suspended',
    PENDING: 'is not yet in force',
    LAPSED: 'has lapsed',
  }[c.status] || `is ${c.status}`;
  return h(
    'div',
    { class: 'warn', id: 'status-banner', dataset: { status: c.status } },
    h('strong', null, `${nodeLabel(c)} ${what} on ${s.asOf}`),
    `: it acts through none of its ${acts.length} edges (dashed), so the walk stops at it.`,
    by.map((r) => [' Suspended by ', viewLink({ view: 'entity', id: r.node.id }, nodeLabel(r.node)), ` (${dateRange(r.since, r.until)}).`]),
  );
}

/** Adds the neighbours of each expanded node, one walk at a time: walks share a few slots on the server. */
async function addExpansions(g, s, signal) {
  for (const id of s.expand) {
    addSubgraph(g, (await gql(Q.neighborhood, { id, depth: 1, asOf: s.asOf }, { signal })).neighborhood);
  }
}

// ---- paths ----

async function renderPaths(seq, signal) {
  const s = state;
  const ids = [s.from, s.to].filter(Boolean);
  const named = ids.length ? (await gql(Q.names, { ids }, { signal })).entities : [];
  const byId = new Map(named.filter(Boolean).map((e) => [e.id, e]));
  const picked = { from: s.from ? byId.get(s.from) || { id: s.from, name: s.from } : null, to: s.to ? byId.get(s.to) || { id: s.to, name: s.to } : null };
  const end = (which, label) => {
    const box = searchBox({
      id: `path-${which}`,
      placeholder: `${label}: search an entity`,
      onPick: (e) => {
        picked[which] = e;
        box.input.value = e.name;
        box.input.dataset.id = e.id;
      },
      onEdit: () => {
        picked[which] = null; // typed over: pick again
      },
    });
    if (picked[which]) {
      box.input.value = picked[which].name;
      box.input.dataset.id = picked[which].id;
    }
    return h('label', { class: 'end' }, h('span', null, label), box.el);
  };
  const kSel = h('select', { id: 'path-k', 'aria-label': 'How many paths' }, Array.from({ length: 10 }, (_, i) => h('option', { value: i + 1, selected: s.k === i + 1 }, `${i + 1} shortest`)));
  const hopSel = h('select', { id: 'path-hops', 'aria-label': 'Most hops' }, Array.from({ length: 10 }, (_, i) => h('option', { value: i + 1, selected: s.hops === i + 1 }, `≤ ${i + 1} hops`)));
  const form = h(
    'form',
    {
      class: 'path-form',
      id: 'path-form',
      onsubmit: (ev) => {
        ev.preventDefault();
        if (!picked.from || !picked.to) {
          notice.replaceChildren(h('div', { class: 'warn' }, 'Pick both ends from the search hits first.'));
          return;
        }
        navigate({ view: 'paths', from: picked.from.id, to: picked.to.id, k: Number(kSel.value), hops: Number(hopSel.value) });
      },
    },
    end('from', 'From'),
    h('button', { type: 'button', class: 'swap', title: 'Swap the ends', onclick: () => s.from && s.to && navigate({ view: 'paths', from: s.to, to: s.from }) }, '⇄'),
    end('to', 'To'),
    kSel,
    hopSel,
    h('button', { type: 'submit', id: 'find-paths' }, 'Find paths'),
  );
  const head = h('div', { class: 'view-head' }, h('h1', null, 'Paths between two entities'), form);
  if (!s.from || !s.to) {
    showMain(head, h('p', { class: 'muted' }, 'Pick both ends, then find the shortest paths between them as of the date above; edges may be walked against their direction.'));
    return;
  }
  const paths = (await gql(Q.paths, { from: s.from, to: s.to, k: s.k, maxHops: s.hops, asOf: s.asOf }, { signal })).paths;
  const g = emptyGraph();
  for (const p of paths) addSubgraph(g, p);
  await addExpansions(g, s, signal);
  if (seq !== renderSeq) return;
  const fromName = picked.from?.name || s.from;
  const toName = picked.to?.name || s.to;
  const list = h(
    'ol',
    { class: 'paths', id: 'paths', dataset: { pathCount: paths.length } },
    paths.map((p, i) => pathItem(p, i)),
  );
  const summary = paths.length
    ? `${paths.length} path${paths.length > 1 ? 's' : ''} from ${fromName} to ${toName} as of ${s.asOf}, shortest first; hover one to light it up.`
    : `No path of at most ${s.hops} hops from ${fromName} to ${toName} as of ${s.asOf}.`;
  // The paths are listed in the panel beside the drawing, or above the table.
  panelDefault = [h('h3', null, 'Paths'), list];
  stage.classList.add('wide-panel');
  showMain(
    head,
    h('p', { class: 'muted', id: 'paths-summary' }, summary),
    paths.length ? toolbar('paths') : null,
    paths.length && s.show === 'table' ? list : null,
    paths.length ? stage : null,
    paths.length ? tableEl : null,
  );
  if (!paths.length) list.hidden = true;
  if (paths.length) showGraph(g, metaOf(s, `Paths from ${fromName} to ${toName} as of ${s.asOf}`));
}

function pathItem(p, i) {
  const keys = p.edges.map((e) => addEdge(emptyGraph(), e).key);
  const hops = p.edges.map((e, j) => {
    const a = p.nodes[j];
    const b = p.nodes[j + 1];
    const forward = e.from === a.id;
    return h(
      'li',
      { class: 'hop' },
      viewLink({ view: 'entity', id: a.id }, a.name),
      h('span', { class: 'etype' }, forward ? ` —${e.type}→ ` : ` ←${e.type}— `),
      viewLink({ view: 'entity', id: b.id }, b.name),
      h('span', { class: 'muted' }, [dateRange(e.since, e.until), edgeFigures(e), e.confidence && `confidence ${e.confidence.toLowerCase()}`].filter(Boolean).map((t) => ` · ${t}`).join('')),
      sourceList(e.sources),
    );
  });
  const item = h(
    'li',
    { class: 'path', dataset: { length: p.length } },
    h('div', { class: 'path-title' }, `Path ${i + 1} · ${p.length} hop${p.length > 1 ? 's' : ''}`),
    h('ol', { class: 'hops' }, hops),
  );
  item.addEventListener('mouseenter', () => state.show === 'graph' && drawing?.highlight(keys));
  item.addEventListener('mouseleave', () => state.show === 'graph' && drawing?.highlight(null));
  return item;
}

// ---- search ----

/** A search box that shows hits as the reader types; onPick gets the entity chosen. */
function searchBox({ id, placeholder, onPick, onEdit }) {
  const input = h('input', {
    type: 'search',
    id,
    placeholder,
    autocomplete: 'off',
    spellcheck: 'false',
    role: 'combobox',
    'aria-expanded': 'false',
    'aria-autocomplete': 'list',
    'aria-controls': id + '-hits',
  });
  const list = h('ul', { class: 'hits', id: id + '-hits', role: 'listbox', hidden: true });
  let timer = null;
  let ctl = null;
  let hits = [];
  let active = -1;
  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    active = -1;
  };
  const show = () => {
    list.replaceChildren(
      ...(hits.length
        ? hits.map((hit, i) =>
            h(
              'li',
              {
                role: 'option',
                class: 'hit' + (i === active ? ' active' : ''),
                'aria-selected': String(i === active),
                dataset: { id: hit.entity.id },
                onmousedown: (ev) => {
                  ev.preventDefault();
                  pick(i);
                },
              },
              kindBadge(hit.entity.kind),
              ' ',
              h('span', { class: 'hit-name' }, hit.entity.name),
              hit.entity.code || hit.entity.symbol ? h('span', { class: 'muted' }, ' ' + (hit.entity.code || hit.entity.symbol)) : null,
            ),
          )
        : [h('li', { class: 'none' }, 'No match')]),
    );
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  };
  const run = async () => {
    const text = input.value.trim();
    if (text.length < 2) return close();
    ctl?.abort();
    ctl = new AbortController();
    try {
      hits = (await gql(Q.search, { text }, { signal: ctl.signal })).search;
      active = hits.length ? 0 : -1;
      show();
    } catch (err) {
      if (err.name === 'AbortError') return;
      list.replaceChildren(h('li', { class: 'none error' }, err.message));
      list.hidden = false;
    }
  };
  const pick = (i) => {
    const hit = hits[i];
    if (!hit) return;
    close();
    if (id === 'search') input.value = '';
    onPick(hit.entity);
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    delete input.dataset.id;
    onEdit?.();
    timer = setTimeout(run, 120);
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      if (list.hidden || !hits.length) return;
      ev.preventDefault();
      active = (active + (ev.key === 'ArrowDown' ? 1 : hits.length - 1)) % hits.length;
      show();
    } else if (ev.key === 'Enter') {
      if (!list.hidden && active >= 0) {
        ev.preventDefault();
        pick(active);
      }
    } else if (ev.key === 'Escape') close();
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
  return { el: h('div', { class: 'combo' }, input, list), input };
}

// ---- start ----

// A first visit without a date gets today's in its URL, so that a copied link keeps it.
history.replaceState(null, '', stateURL(state));
window.addEventListener('resize', () => drawing?.resize());
render();
