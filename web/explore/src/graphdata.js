// The explorer's picture of a view: the entities drawn and the edges among
// them, each edge with its sources. Every view (a walk, an exposure, paths,
// an entity's relations) is turned into this one shape, which the drawing,
// the table and the exports all read.

/** An empty view graph. */
export function emptyGraph() {
  return { nodes: new Map(), edges: new Map(), truncated: false, root: null };
}

/**
 * The key of an edge: its ends, type and first day, which tell apart two
 * edges of one type between the same entities over different intervals.
 */
export function edgeKey(e) {
  return `${e.from}>${e.type}>${e.to}` + (e.since ? `@${e.since}` : '');
}

/**
 * Adds an entity. A node already there keeps what it had and takes what the
 * new record adds; `reached: false` (an entity a control out of force would
 * reach) never overrides a node that a walk did reach.
 */
export function addNode(g, n, flags = {}) {
  const had = g.nodes.get(n.id);
  const node = { ...had, ...n, ...flags };
  if (had && had.reached !== false) node.reached = true;
  if (node.reached === undefined) node.reached = true;
  g.nodes.set(n.id, node);
  return node;
}

/** Adds an edge; the same edge seen again keeps the sources of both. */
export function addEdge(g, e, flags = {}) {
  const key = edgeKey(e);
  const had = g.edges.get(key);
  const edge = { ...had, ...e, ...flags, key };
  if (had && had.acting !== false) edge.acting = true;
  if (edge.acting === undefined) edge.acting = true;
  const sources = new Map();
  for (const s of [...(had?.sources || []), ...(e.sources || [])]) sources.set(s.id, s);
  edge.sources = [...sources.values()];
  g.edges.set(key, edge);
  return edge;
}

/** Adds a Subgraph or Path of the API (nodes and edges). */
export function addSubgraph(g, sub) {
  for (const n of sub.nodes || []) addNode(g, n);
  for (const e of sub.edges || []) addEdge(g, e);
  if (sub.truncated) g.truncated = true;
  return g;
}

/**
 * The edge a Relation of `entityId` stands for: OUT when the entity is the
 * edge's from, IN when it is its to.
 */
export function relationEdge(entityId, r) {
  const { node, direction, ...props } = r;
  delete props.cursor;
  return direction === 'OUT' ? { ...props, from: entityId, to: node.id } : { ...props, from: node.id, to: entityId };
}

/** Adds an Exposure: every reach's path, and the subject. */
export function addExposure(g, x) {
  if (x.subject) addNode(g, x.subject);
  for (const list of ['restricted', 'products', 'facilities', 'companies', 'parties']) {
    for (const r of x[list] || []) addSubgraph(g, r.path);
  }
  if (x.truncated) g.truncated = true;
  return g;
}

/** Nodes and edges as sorted arrays (the order of the table and the exports). */
export function sortedElements(g) {
  const nodes = [...g.nodes.values()].sort((a, b) => cmp(a.kind, b.kind) || cmp(a.name, b.name) || cmp(a.id, b.id));
  const name = (id) => g.nodes.get(id)?.name || id;
  const edges = [...g.edges.values()].sort(
    (a, b) => cmp(a.type, b.type) || cmp(name(a.from), name(b.from)) || cmp(name(a.to), name(b.to)) || cmp(a.key, b.key),
  );
  return { nodes, edges };
}

export function cmp(a, b) {
  a = a ?? '';
  b = b ?? '';
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A node's short label: a control's official number, else its name. */
export function nodeLabel(n) {
  let label = n.name || n.id;
  if (n.kind === 'CONTROL' && n.code) label = n.code.replace(/\bAnnouncement\s+/i, '');
  if (label.length > 44) label = label.slice(0, 42).trimEnd() + '…';
  return label;
}

/** Where a node stands on the view's date, when that is not plain. */
export function nodeStatus(n) {
  if (n.kind === 'CONTROL' && n.status && n.status !== 'IN_FORCE') return n.status;
  if (n.kind === 'FACILITY' && n.operatingStatus && n.operatingStatus !== 'OPERATING') return n.operatingStatus;
  return null;
}

/** "2025-11-07 – 2026-11-10", "from 2025-11-07", "until …", or "". */
export function dateRange(since, until) {
  if (since && until) return `${since} – ${until}`;
  if (since) return `from ${since}`;
  if (until) return `until ${until}`;
  return '';
}

/** The figures of an edge in words: role, share, quantity. */
export function edgeFigures(e) {
  const out = [];
  if (e.role) out.push(e.role);
  if (e.share != null) out.push(`${+(e.share * 100).toFixed(2)}%`);
  if (e.quantity != null) out.push(`${e.quantity.toLocaleString('en')}${e.unit ? ' ' + e.unit : ''}`);
  return out.join(', ');
}

/** Only web addresses become links. */
export function safeURL(url) {
  return typeof url === 'string' && /^https?:\/\//i.test(url) ? url : null;
}
