// An entity's page: kind, attributes, dates and sources, then its relations
// grouped by type, each with its dates, figures, confidence, basis and
// sources. Relations are those valid on the view's date, or of every date.

import { APIError, gql, Q } from './api.js';
import { h, sourceLink, sourceList } from './dom.js';
import { KINDS } from './draw.js';
import { addEdge, addNode, dateRange, edgeFigures, emptyGraph, relationEdge, safeURL } from './graphdata.js';

const MAX_PAGES = 10; // of 100 relations each

const ATTRIBUTES = [
  ['code', 'Code'],
  ['symbol', 'Symbol'],
  ['atomicNumber', 'Atomic number'],
  ['category', 'Category'],
  ['stage', 'Stage', (v) => v.toLowerCase()],
  ['issued', 'Issued'],
  ['effective', 'Effective'],
  ['until', 'In force until'],
  ['occurred', 'Occurred'],
  ['ended', 'Ended'],
  ['said', 'Said on'],
  ['openedYear', 'Opened (year)'],
  ['closedYear', 'Closed (year)'],
  ['capacity', 'Capacity', (v, e) => `${v.toLocaleString('en')}${e.capacityUnit ? ' ' + e.capacityUnit : ''}${e.capacityYear ? ` (${e.capacityYear})` : ''}`],
  ['publisher', 'Publisher'],
  ['language', 'Language'],
  ['published', 'Published'],
  ['retrieved', 'Retrieved'],
];

function kindBadge(kind) {
  const b = h('span', { class: 'kind', dataset: { kind } }, kind.charAt(0) + kind.slice(1).toLowerCase());
  b.style.borderColor = KINDS[kind]?.color || '#999';
  return b;
}

/** Reads an entity and all its relations (up to MAX_PAGES pages) on the state's date. */
async function load(s, signal) {
  const vars = { id: s.id, asOf: s.asOf, relationsAsOf: s.all ? null : s.asOf, after: null };
  let entity = null;
  const relations = [];
  let total = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const d = await gql(Q.entity, vars, { signal });
    if (!d.entity) return { entity: null };
    entity = entity || d.entity;
    const conn = d.entity.relations;
    total = conn.totalCount;
    relations.push(...conn.edges);
    if (!conn.pageInfo.hasNextPage) break;
    vars.after = conn.pageInfo.endCursor;
  }
  return { entity, relations, total };
}

/** The page of the state's entity. opts: signal, viewLink(patch, …children), exportGraph(what, graph, meta). */
export async function entityPage(s, { signal, viewLink, exportGraph }) {
  const { entity: e, relations, total } = await load(s, signal);
  if (!e) {
    throw new APIError('NOT_FOUND', `there is no entity ${s.id}`);
  }
  const status = e.kind === 'CONTROL' ? e.status : e.kind === 'FACILITY' ? e.operatingStatus : null;
  const url = safeURL(e.url || e.documentUrl);
  const attrs = ATTRIBUTES.filter(([k]) => e[k] != null && e[k] !== '').map(([k, label, fmt]) => [label, fmt ? fmt(e[k], e) : String(e[k])]);
  if (e.aliases?.length) attrs.unshift(['Also known as', e.aliases.join('; ')]);
  if (url) attrs.push(['Document', h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, url)]);

  // The relations as a star graph, for the exports.
  const g = emptyGraph();
  g.root = e.id;
  addNode(g, { id: e.id, kind: e.kind, name: e.name, code: e.code, status: e.status, stage: e.stage, operatingStatus: e.operatingStatus });
  for (const r of relations) {
    addNode(g, r.node);
    addEdge(g, relationEdge(e.id, r));
  }
  const meta = { view: 'entity', id: e.id, asOf: s.asOf, title: `Relations of ${e.name} ${s.all ? '(every date)' : 'as of ' + s.asOf}`, url: location.href };

  const byType = new Map();
  for (const r of relations) {
    if (!byType.has(r.type)) byType.set(r.type, []);
    byType.get(r.type).push(r);
  }
  const exposureKinds = ['CONTROL', 'MATERIAL', 'INSTITUTION'];
  // A control out of force acts through none of its restrictions and targets.
  const idle = (r) => e.kind === 'CONTROL' && status !== 'IN_FORCE' && r.direction === 'OUT' && (r.type === 'restricts' || r.type === 'applies_to');
  const shown = relations.length;
  return h(
    'article',
    { class: 'entity', id: 'entity', dataset: { id: e.id, kind: e.kind, relationCount: shown } },
    h('h1', null, kindBadge(e.kind), ' ', e.name),
    h(
      'div',
      { class: 'muted' },
      h('code', null, e.id),
      status ? h('span', { class: 'status', id: 'entity-status', dataset: { status } }, ` ${status} on ${s.asOf}`) : null,
    ),
    e.description ? h('p', { class: 'description' }, e.description) : null,
    e.text ? h('blockquote', null, e.text) : null,
    h(
      'div',
      { class: 'actions' },
      viewLink({ view: 'neighborhood', id: e.id }, 'Neighbourhood'),
      viewLink({ view: 'downstream', id: e.id }, 'Downstream chain'),
      viewLink({ view: 'upstream', id: e.id }, 'Upstream chain'),
      exposureKinds.includes(e.kind) ? viewLink({ view: 'exposure', id: e.id }, 'Exposure') : null,
      viewLink({ view: 'paths', from: e.id }, 'Paths from here'),
    ),
    attrs.length ? h('dl', { class: 'attrs' }, attrs.map(([k, v]) => [h('dt', null, k), h('dd', null, v)])) : null,
    h('h2', null, `Sources (${e.sources.length})`),
    e.sources.length ? h('ul', { class: 'sources' }, e.sources.map((src) => h('li', null, sourceLink(src)))) : h('p', { class: 'muted' }, 'No source on the entity itself; its edges carry theirs.'),
    h(
      'h2',
      null,
      `Relations (${total}${shown < total ? `, first ${shown} shown` : ''}) `,
      h('span', { class: 'muted small' }, s.all ? 'of every date' : `valid on ${s.asOf}`, ' · ', viewLink({ all: !s.all }, s.all ? `only those valid on ${s.asOf}` : 'show every date')),
    ),
    h(
      'div',
      { class: 'toolbar' },
      h(
        'span',
        { class: 'exports' },
        'Export the relations: ',
        h('button', { type: 'button', id: 'export-csv-nodes', onclick: () => exportGraph('nodes.csv', g, meta) }, 'CSV nodes'),
        h('button', { type: 'button', id: 'export-csv-edges', onclick: () => exportGraph('edges.csv', g, meta) }, 'CSV edges'),
        h('button', { type: 'button', id: 'export-json', onclick: () => exportGraph('json', g, meta) }, 'JSON'),
        h('button', { type: 'button', id: 'export-graphml', onclick: () => exportGraph('graphml', g, meta) }, 'GraphML'),
      ),
    ),
    [...byType.entries()].map(([type, rs]) =>
      h(
        'section',
        { class: 'relations', dataset: { type } },
        h('h3', null, h('code', null, type), ` (${rs.length})`),
        h(
          'table',
          { class: 'data' },
          h('thead', null, h('tr', null, ['', 'Entity', 'Valid', 'Figures', 'Confidence', 'Basis', 'Note', 'Sources'].map((t) => h('th', null, t)))),
          h(
            'tbody',
            null,
            rs.map((r) =>
              h(
                'tr',
                { dataset: { id: r.node.id, direction: r.direction }, class: idle(r) ? 'inactive' : null },
                h('td', { class: 'dir', title: r.direction === 'OUT' ? `${e.name} ${type} it` : `it ${type} ${e.name}` }, r.direction === 'OUT' ? '→' : '←'),
                h('td', null, kindBadge(r.node.kind), ' ', viewLink({ view: 'entity', id: r.node.id }, r.node.name)),
                h('td', null, dateRange(r.since, r.until)),
                h('td', null, [edgeFigures(r), r.supplier ? `supplier ${r.supplier}` : ''].filter(Boolean).join('; ')),
                h('td', null, r.confidence || ''),
                h('td', null, r.basis || ''),
                h('td', null, r.note || '', idle(r) ? h('div', { class: 'warn small' }, `Does not act: the control is ${status} on ${s.asOf}.`) : null),
                h('td', null, sourceList(r.sources)),
              ),
            ),
          ),
        ),
      ),
    ),
    shown ? null : h('p', { class: 'muted' }, s.all ? 'No relations.' : `No relation valid on ${s.asOf}.`),
  );
}
