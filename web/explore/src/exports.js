// Exports of a view's nodes and edges: CSV (one file of nodes, one of
// edges), JSON and GraphML, each edge with its sources. The drawing's own
// exports (PNG, SVG) are in draw.js.

import { sortedElements } from './graphdata.js';

export const NODE_COLUMNS = ['id', 'kind', 'name', 'code', 'stage', 'status', 'reached'];
export const EDGE_COLUMNS = [
  'from', 'from_name', 'type', 'to', 'to_name', 'since', 'until', 'role', 'share', 'quantity', 'unit',
  'confidence', 'basis', 'supplier', 'note', 'acting', 'sources', 'source_urls', 'source_names',
];

function nodeRecord(n) {
  return {
    id: n.id,
    kind: n.kind,
    name: n.name,
    code: n.code ?? n.symbol ?? null,
    stage: n.stage ?? null,
    status: n.status ?? n.operatingStatus ?? null,
    reached: n.reached !== false,
  };
}

function edgeRecord(g, e) {
  const sources = e.sources || [];
  return {
    from: e.from,
    from_name: g.nodes.get(e.from)?.name ?? null,
    type: e.type,
    to: e.to,
    to_name: g.nodes.get(e.to)?.name ?? null,
    since: e.since ?? null,
    until: e.until ?? null,
    role: e.role ?? null,
    share: e.share ?? null,
    quantity: e.quantity ?? null,
    unit: e.unit ?? null,
    confidence: e.confidence ?? null,
    basis: e.basis ?? null,
    supplier: e.supplier ?? null,
    note: e.note ?? null,
    acting: e.acting !== false,
    // Lists joined with |, as in the loaders' CSV.
    sources: sources.map((s) => s.id).join('|'),
    source_urls: sources.map((s) => s.url).join('|'),
    source_names: sources.map((s) => s.name).join('|'),
  };
}

/**
 * One CSV cell (RFC 4180). Text that a spreadsheet would read as a formula
 * (=, +, -, @ first) is kept as text by a leading apostrophe.
 */
export function csvCell(v) {
  if (v == null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

function csv(columns, records) {
  const lines = [columns.join(',')];
  for (const r of records) lines.push(columns.map((c) => csvCell(r[c])).join(','));
  return lines.join('\r\n') + '\r\n';
}

export function nodesCSV(g) {
  return csv(NODE_COLUMNS, sortedElements(g).nodes.map(nodeRecord));
}

export function edgesCSV(g) {
  return csv(EDGE_COLUMNS, sortedElements(g).edges.map((e) => edgeRecord(g, e)));
}

/** The view as JSON: what it shows, then its nodes and its edges with whole source records. */
export function viewJSON(g, meta) {
  const { nodes, edges } = sortedElements(g);
  return JSON.stringify(
    {
      view: meta,
      truncated: !!g.truncated,
      nodes: nodes.map(nodeRecord),
      edges: edges.map((e) => {
        const { sources, source_urls, source_names, ...rest } = edgeRecord(g, e);
        return { ...rest, sources: (e.sources || []).map((s) => ({ ...s })) };
      }),
    },
    null,
    2,
  ) + '\n';
}

export function xmlEscape(s) {
  return String(s).replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]);
}

const GRAPHML_TYPES = { reached: 'boolean', acting: 'boolean', share: 'double', quantity: 'double' };

/**
 * The view as GraphML (yEd, Gephi, Cytoscape desktop, NetworkX), in the
 * shape of `chokepoint export --format graphml`: keys n_* and e_*, node ids
 * the entity ids, lists joined with |; the view itself in the graph's desc.
 */
export function viewGraphML(g, meta) {
  const { nodes, edges } = sortedElements(g);
  const nodeKeys = NODE_COLUMNS.filter((c) => c !== 'id');
  const edgeKeys = EDGE_COLUMNS.filter((c) => c !== 'from' && c !== 'to' && c !== 'from_name' && c !== 'to_name');
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
    '  xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  ];
  for (const k of nodeKeys) out.push(`  <key id="n_${k}" for="node" attr.name="${k}" attr.type="${GRAPHML_TYPES[k] || 'string'}"/>`);
  for (const k of edgeKeys) out.push(`  <key id="e_${k}" for="edge" attr.name="${k}" attr.type="${GRAPHML_TYPES[k] || 'string'}"/>`);
  out.push('  <graph id="G" edgedefault="directed">');
  out.push(`    <desc>${xmlEscape(JSON.stringify(meta))}</desc>`);
  const data = (prefix, rec, keys, indent) => {
    for (const k of keys) {
      const v = rec[k];
      if (v == null || v === '') continue;
      out.push(`${indent}<data key="${prefix}_${k}">${xmlEscape(v)}</data>`);
    }
  };
  for (const n of nodes) {
    out.push(`    <node id="${xmlEscape(n.id)}">`);
    data('n', nodeRecord(n), nodeKeys, '      ');
    out.push('    </node>');
  }
  edges.forEach((e, i) => {
    out.push(`    <edge id="e${i}" source="${xmlEscape(e.from)}" target="${xmlEscape(e.to)}">`);
    data('e', edgeRecord(g, e), edgeKeys, '      ');
    out.push('    </edge>');
  });
  out.push('  </graph>', '</graphml>');
  return out.join('\n') + '\n';
}

/** A file name for an export of the view: its title's letters, its date, the kind of file. */
export function fileName(meta, suffix) {
  const base = [meta.view, meta.id || [meta.from, meta.to].filter(Boolean).join('--'), meta.asOf]
    .filter(Boolean)
    .join('_')
    .replace(/[^A-Za-z0-9._-]+/g, '-');
  return `chokepoint_${base}${suffix}`;
}
