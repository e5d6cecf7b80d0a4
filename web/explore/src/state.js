// What the explorer shows is all in its URL, so that a link reproduces the
// view and back and forward walk the views seen:
//
//   explore?view=entity&id=control:mofcom-2025-57&asOf=2025-12-01
//   explore?view=downstream&id=control:mofcom-2025-57&asOf=2025-12-01&depth=6&expand=product:f-35&show=table
//   explore?view=paths&from=control:mofcom-2025-57&to=product:f-35&asOf=2026-12-01&k=3&hops=6
//
// view is one of VIEWS; asOf an ISO date (today, UTC, when absent); depth
// the walk's depth; expand the entities whose neighbours were added to the
// drawing; show=table shows the table instead of the drawing; all=1 lists an
// entity's relations of every date instead of those valid on asOf.

export const VIEWS = {
  entity: 'Page',
  neighborhood: 'Neighbourhood',
  downstream: 'Downstream',
  upstream: 'Upstream',
  exposure: 'Exposure',
  paths: 'Paths',
};

export const GRAPH_VIEWS = ['neighborhood', 'downstream', 'upstream', 'exposure'];

export const DEFAULT_DEPTH = { neighborhood: 1, downstream: 6, upstream: 6, exposure: 6 };
export const DEFAULT_K = 3;
export const DEFAULT_HOPS = 6;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function today() {
  return new Date().toISOString().slice(0, 10);
}

function int(v, min, max, dflt) {
  const n = Number.parseInt(v ?? '', 10);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : dflt;
}

/** The state a URL's query string describes. */
export function parseState(search, now = today()) {
  const p = new URLSearchParams(search);
  let view = p.get('view') || '';
  const id = p.get('id') || null;
  if (!VIEWS[view]) view = id ? 'entity' : p.get('from') || p.get('to') ? 'paths' : 'home';
  if (view !== 'paths' && view !== 'home' && !id) view = 'home';
  const asOf = p.get('asOf');
  return {
    view,
    id: view === 'paths' ? null : id,
    asOf: asOf && DATE.test(asOf) && !Number.isNaN(Date.parse(asOf)) ? asOf : now,
    depth: int(p.get('depth'), 1, 10, DEFAULT_DEPTH[view] ?? 1),
    expand: [...new Set((p.get('expand') || '').split(',').filter(Boolean))].slice(0, 20),
    show: p.get('show') === 'table' ? 'table' : 'graph',
    all: p.get('all') === '1',
    from: view === 'paths' ? p.get('from') || null : null,
    to: view === 'paths' ? p.get('to') || null : null,
    k: int(p.get('k'), 1, 10, DEFAULT_K),
    hops: int(p.get('hops'), 1, 10, DEFAULT_HOPS),
  };
}

function encode(v) {
  return encodeURIComponent(v).replace(/%3A/gi, ':').replace(/%2C/gi, ',');
}

/** The URL of a state, relative to the explorer's page. Defaults are left out, the date never. */
export function stateURL(s) {
  const parts = [];
  const add = (k, v) => parts.push(`${k}=${encode(v)}`);
  if (s.view !== 'home') add('view', s.view);
  if (s.view === 'paths') {
    if (s.from) add('from', s.from);
    if (s.to) add('to', s.to);
  } else if (s.view !== 'home' && s.id) add('id', s.id);
  add('asOf', s.asOf);
  if (s.view === 'paths') {
    if (s.k !== DEFAULT_K) add('k', s.k);
    if (s.hops !== DEFAULT_HOPS) add('hops', s.hops);
  }
  if (GRAPH_VIEWS.includes(s.view) && s.depth !== DEFAULT_DEPTH[s.view]) add('depth', s.depth);
  if ((GRAPH_VIEWS.includes(s.view) || s.view === 'paths') && s.expand?.length) add('expand', s.expand.join(','));
  if ((GRAPH_VIEWS.includes(s.view) || s.view === 'paths') && s.show === 'table') add('show', 'table');
  if (s.view === 'entity' && s.all) add('all', '1');
  return 'explore?' + parts.join('&');
}

/** The state after a change: a new view or entity starts without the old one's expansions and depth. */
export function nextState(s, patch) {
  const next = { ...s, ...patch };
  const changedSubject = (patch.view && patch.view !== s.view) || (patch.id && patch.id !== s.id) ||
    (patch.from && patch.from !== s.from) || (patch.to && patch.to !== s.to);
  if (changedSubject && !('expand' in patch)) next.expand = [];
  if (patch.view && patch.view !== s.view && !('depth' in patch)) next.depth = DEFAULT_DEPTH[patch.view] ?? 1;
  if (next.view !== 'paths') {
    next.from = null;
    next.to = null;
  } else next.id = null;
  if (next.view === 'home') next.id = null;
  return next;
}
