// A layered layout by supply-chain stage: columns from left to right for
// controls (and the institutions that issued them), materials, groups,
// facilities by stage (mining to components), products by how many product
// layers they build on, then companies, then countries and institutions.
// Within a column, nodes are ordered to shorten edges (barycentre sweeps),
// starting from their names, so that the same graph always gets the same
// picture.

import { cmp } from './graphdata.js';

const STAGE_LEVEL = { MINING: 30, RECYCLING: 30, SEPARATION: 40, METAL: 50, MAGNET: 60, COMPONENT: 70 };
const KIND_LEVEL = { SOURCE: -30, EVENT: -20, STATEMENT: -20, OFFICIAL: -10, CONTROL: 10, MATERIAL: 20, GROUP: 25 };
const PRODUCT_LEVEL = 65;
const LEVEL_LABEL = {
  '-30': 'Sources',
  '-20': 'Events & statements',
  '-10': 'Officials',
  0: 'Issuers',
  5: 'Suspensions',
  10: 'Controls',
  20: 'Materials',
  25: 'Groups',
  30: 'Mines & recycling',
  40: 'Separation',
  50: 'Metal & alloy',
  60: 'Magnet plants',
  70: 'Component plants',
};

export const COLUMN_GAP = 240;
export const ROW_GAP = 70;
const DENSE_ROW_GAP = 44;
const DENSE = 12; // a column of more nodes staggers them in two rows of x

/**
 * The stage level of every node: a number whose order is the columns' order.
 * Products sit after the magnet plants, one column further for each product
 * they need within the graph; companies after every stage; countries and
 * institutions (but issuers) last.
 */
export function levels(nodes, edges) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const issuers = new Set(edges.filter((e) => e.type === 'issued_by').map((e) => e.to));
  // A control that suspends another one drawn stands left of the controls.
  const suspenders = new Set(edges.filter((e) => e.type === 'suspends' && byId.get(e.to)?.kind === 'CONTROL').map((e) => e.from));
  const needs = new Map(); // product → the products it needs
  for (const e of edges) {
    if (e.type !== 'needs') continue;
    if (byId.get(e.from)?.kind === 'PRODUCT' && byId.get(e.to)?.kind === 'PRODUCT') {
      if (!needs.has(e.from)) needs.set(e.from, []);
      needs.get(e.from).push(e.to);
    }
  }
  // …unless it is suspended itself, or restricts what is drawn: then it is one of the controls.
  const actsOtherwise = (id) =>
    edges.some((e) => (e.to === id && e.type === 'suspends') || (e.from === id && e.type !== 'suspends' && e.type !== 'issued_by'));
  const depth = new Map();
  const productDepth = (id, seen = new Set()) => {
    if (depth.has(id)) return depth.get(id);
    if (seen.has(id) || seen.size > 12) return 0; // a cycle, or absurdly deep
    seen.add(id);
    let d = 0;
    for (const p of needs.get(id) || []) d = Math.max(d, 1 + productDepth(p, seen));
    seen.delete(id);
    depth.set(id, d);
    return d;
  };
  const level = new Map();
  const late = [];
  for (const n of nodes) {
    if (n.kind === 'FACILITY') level.set(n.id, STAGE_LEVEL[n.stage] ?? 45);
    else if (n.kind === 'PRODUCT') level.set(n.id, PRODUCT_LEVEL + 10 * productDepth(n.id));
    else if (n.kind === 'INSTITUTION' && issuers.has(n.id)) level.set(n.id, 0);
    else if (n.kind === 'CONTROL' && suspenders.has(n.id) && !actsOtherwise(n.id)) level.set(n.id, 5);
    else if (n.kind in KIND_LEVEL) level.set(n.id, KIND_LEVEL[n.kind]);
    else late.push(n);
  }
  let max = Math.max(PRODUCT_LEVEL, ...level.values());
  for (const n of late) level.set(n.id, n.kind === 'COMPANY' ? max + 10 : max + 20);
  return level;
}

/** The heading of a column. */
export function levelLabel(level, nodesInColumn) {
  if (LEVEL_LABEL[level]) return LEVEL_LABEL[level];
  if (nodesInColumn.every((n) => n.kind === 'COMPANY')) return 'Companies';
  if (nodesInColumn.every((n) => n.kind === 'PRODUCT')) {
    const tier = Math.round((level - PRODUCT_LEVEL) / 10) + 1;
    return tier === 1 ? 'Products' : `Products, layer ${tier}`;
  }
  return 'Countries & institutions';
}

/**
 * Positions for every node and a heading per column.
 * @returns {{positions: Map<string,{x:number,y:number}>, columns: {label:string,x:number,y:number,level:number}[]}}
 */
export function layout(nodes, edges) {
  const level = levels(nodes, edges);
  const columnsByLevel = new Map();
  for (const n of [...nodes].sort((a, b) => cmp(a.name, b.name) || cmp(a.id, b.id))) {
    const l = level.get(n.id);
    if (!columnsByLevel.has(l)) columnsByLevel.set(l, []);
    columnsByLevel.get(l).push(n.id);
  }
  const order = [...columnsByLevel.keys()].sort((a, b) => a - b);
  const columns = order.map((l) => columnsByLevel.get(l));
  const colOf = new Map();
  columns.forEach((ids, c) => ids.forEach((id) => colOf.set(id, c)));
  const neighbours = new Map(nodes.map((n) => [n.id, []]));
  for (const e of edges) {
    if (!neighbours.has(e.from) || !neighbours.has(e.to) || e.from === e.to) continue;
    neighbours.get(e.from).push(e.to);
    neighbours.get(e.to).push(e.from);
  }
  // Barycentre sweeps: each column ordered by the mean relative position of
  // its neighbours in other columns, left to right then right to left.
  const rank = new Map();
  const setRanks = (c) => columns[c].forEach((id, i) => rank.set(id, columns[c].length > 1 ? i / (columns[c].length - 1) : 0.5));
  columns.forEach((_, c) => setRanks(c));
  const sweep = (c) => {
    const keyed = columns[c].map((id, i) => {
      const ns = neighbours.get(id).filter((m) => colOf.get(m) !== c);
      const key = ns.length ? ns.reduce((s, m) => s + rank.get(m), 0) / ns.length : rank.get(id);
      return { id, key, i };
    });
    keyed.sort((a, b) => a.key - b.key || a.i - b.i);
    columns[c] = keyed.map((k) => k.id);
    setRanks(c);
  };
  for (let pass = 0; pass < 4; pass++) {
    for (let c = 0; c < columns.length; c++) sweep(c);
    for (let c = columns.length - 1; c >= 0; c--) sweep(c);
  }
  const positions = new Map();
  let top = 0;
  columns.forEach((ids, c) => {
    const dense = ids.length > DENSE;
    const gap = dense ? DENSE_ROW_GAP : ROW_GAP;
    ids.forEach((id, i) => {
      const y = (i - (ids.length - 1) / 2) * gap;
      const x = c * COLUMN_GAP + (dense ? (i % 2 ? 45 : -45) : 0);
      positions.set(id, { x, y });
      top = Math.min(top, y);
    });
  });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const headings = columns.map((ids, c) => ({
    level: order[c],
    label: levelLabel(order[c], ids.map((id) => byId.get(id))),
    x: c * COLUMN_GAP,
    y: top - 70,
  }));
  return { positions, columns: headings };
}
