// Unit tests of the explorer's pure parts: the URL scheme, the view graph,
// the layered layout and the exports. Run with `npm test` (node's runner).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { nextState, parseState, stateURL } from '../src/state.js';
import { addEdge, addNode, addSubgraph, edgeKey, emptyGraph, relationEdge } from '../src/graphdata.js';
import { layout, levels } from '../src/layout.js';
import { csvCell, edgesCSV, fileName, nodesCSV, viewGraphML, viewJSON, EDGE_COLUMNS } from '../src/exports.js';

test('a URL gives back the state it was made from', () => {
  const cases = [
    'explore?view=downstream&id=control:mofcom-2025-57&asOf=2025-12-01',
    'explore?view=neighborhood&id=material:dysprosium&asOf=2026-01-31&depth=2&expand=product:f-35,company:jl-mag&show=table',
    'explore?view=paths&from=material:dysprosium&to=product:f-35&asOf=2025-12-01&k=5&hops=4',
    'explore?view=entity&id=country:cn&asOf=2025-12-01&all=1',
    'explore?asOf=2025-12-01',
  ];
  for (const url of cases) {
    const s = parseState(url.slice(url.indexOf('?')), '2000-01-01');
    assert.equal(stateURL(s), url);
  }
});

test('a URL without a date or view gets defaults; bad values are clamped or dropped', () => {
  let s = parseState('?id=material:dysprosium', '2026-11-26');
  assert.equal(s.view, 'entity');
  assert.equal(s.asOf, '2026-11-26');
  s = parseState('?view=downstream&id=x&asOf=2025-13-45&depth=99&k=0', '2026-11-26');
  assert.equal(s.asOf, '2026-11-26');
  assert.equal(s.depth, 10);
  s = parseState('?view=downstream&asOf=2025-01-01', '2026-11-26');
  assert.equal(s.view, 'home', 'a graph view without an entity');
  s = parseState('?view=nonsense&from=a&to=b', '2026-11-26');
  assert.equal(s.view, 'paths');
  assert.equal(stateURL(parseState('?view=entity&id=a%26b%3Dc&asOf=2025-01-01')), 'explore?view=entity&id=a%26b%3Dc&asOf=2025-01-01');
});

test('a new view or entity drops the expansions and takes its own depth', () => {
  const s = parseState('?view=neighborhood&id=a&asOf=2025-01-01&depth=3&expand=b', '2025-01-01');
  const n = nextState(s, { view: 'downstream' });
  assert.deepEqual(n.expand, []);
  assert.equal(n.depth, 6);
  assert.deepEqual(nextState(s, { asOf: '2025-02-01' }).expand, ['b'], 'a new date keeps them');
  const p = nextState(s, { view: 'paths', from: 'a' });
  assert.equal(p.id, null);
  assert.equal(p.from, 'a');
});

function sample() {
  const g = emptyGraph();
  addSubgraph(g, {
    nodes: [
      { id: 'control:c', kind: 'CONTROL', name: 'Control C', code: 'MOFCOM Announcement No. 1 [2025]', status: 'IN_FORCE' },
      { id: 'material:m', kind: 'MATERIAL', name: 'M, "the metal"' },
      { id: 'group:g', kind: 'GROUP', name: 'G' },
      { id: 'facility:mine', kind: 'FACILITY', name: 'Mine', stage: 'MINING' },
      { id: 'facility:plant', kind: 'FACILITY', name: 'Magnet plant', stage: 'MAGNET' },
      { id: 'product:magnet', kind: 'PRODUCT', name: 'Magnet' },
      { id: 'product:motor', kind: 'PRODUCT', name: 'Motor' },
      { id: 'product:car', kind: 'PRODUCT', name: 'Car' },
      { id: 'company:firm', kind: 'COMPANY', name: 'Firm' },
      { id: 'country:x', kind: 'COUNTRY', name: 'X' },
      { id: 'institution:issuer', kind: 'INSTITUTION', name: 'Issuer' },
    ],
    edges: [
      { from: 'control:c', to: 'material:m', type: 'restricts', sources: [{ id: 'source:a', name: 'A', url: 'https://a.example/1' }] },
      { from: 'control:c', to: 'institution:issuer', type: 'issued_by', sources: [{ id: 'source:a', name: 'A', url: 'https://a.example/1' }] },
      { from: 'material:m', to: 'group:g', type: 'in_group', sources: [] },
      { from: 'facility:mine', to: 'material:m', type: 'produces', since: '2020-01-01', share: 0.25, sources: [] },
      { from: 'facility:plant', to: 'material:m', type: 'needs', quantity: 1200, unit: 't', sources: [] },
      { from: 'product:magnet', to: 'material:m', type: 'needs', sources: [] },
      { from: 'product:motor', to: 'product:magnet', type: 'needs', sources: [] },
      { from: 'product:car', to: 'product:motor', type: 'needs', note: '=cmd|calc', sources: [] },
      { from: 'company:firm', to: 'facility:plant', type: 'operates', sources: [] },
      { from: 'country:x', to: 'material:m', type: 'depends_on', share: 0.9, sources: [] },
    ],
  });
  return g;
}

test('columns follow the supply chain', () => {
  const g = sample();
  const lv = levels([...g.nodes.values()], [...g.edges.values()]);
  const order = ['institution:issuer', 'control:c', 'material:m', 'group:g', 'facility:mine', 'facility:plant', 'product:magnet', 'product:motor', 'product:car', 'company:firm', 'country:x'];
  for (let i = 1; i < order.length; i++) {
    assert.ok(lv.get(order[i - 1]) < lv.get(order[i]), `${order[i - 1]} (${lv.get(order[i - 1])}) before ${order[i]} (${lv.get(order[i])})`);
  }
  const { positions, columns } = layout([...g.nodes.values()], [...g.edges.values()]);
  assert.equal(positions.size, g.nodes.size);
  assert.deepEqual(columns.map((c) => c.label), [
    'Issuers', 'Controls', 'Materials', 'Groups', 'Mines & recycling', 'Magnet plants', 'Products', 'Products, layer 2', 'Products, layer 3', 'Companies', 'Countries & institutions',
  ]);
  const again = layout([...g.nodes.values()].reverse(), [...g.edges.values()].reverse());
  assert.deepEqual([...again.positions.entries()].sort(), [...positions.entries()].sort(), 'the same graph, the same picture');
});

test('a suspending control stands left of the controls', () => {
  const nodes = [
    { id: 'control:a', kind: 'CONTROL', name: 'A' },
    { id: 'control:s', kind: 'CONTROL', name: 'S' },
    { id: 'material:m', kind: 'MATERIAL', name: 'M' },
  ];
  const edges = [
    { from: 'control:s', to: 'control:a', type: 'suspends' },
    { from: 'control:a', to: 'material:m', type: 'restricts' },
  ];
  const lv = levels(nodes, edges);
  assert.ok(lv.get('control:s') < lv.get('control:a'));
});

test('edges merge their sources; a reached node stays reached', () => {
  const g = emptyGraph();
  addEdge(g, { from: 'a', to: 'b', type: 't', sources: [{ id: 's1' }] });
  addEdge(g, { from: 'a', to: 'b', type: 't', sources: [{ id: 's2' }, { id: 's1' }] }, { acting: false });
  assert.equal(g.edges.size, 1);
  assert.deepEqual(g.edges.get('a>t>b').sources.map((s) => s.id), ['s1', 's2']);
  assert.equal(g.edges.get('a>t>b').acting, true);
  addNode(g, { id: 'a', kind: 'MATERIAL', name: 'A' });
  addNode(g, { id: 'a', kind: 'MATERIAL', name: 'A' }, { reached: false });
  assert.equal(g.nodes.get('a').reached, true);
  assert.equal(edgeKey({ from: 'a', to: 'b', type: 't', since: '2025-01-01' }), 'a>t>b@2025-01-01');
  assert.deepEqual(relationEdge('x', { direction: 'IN', type: 't', node: { id: 'y' }, cursor: 'c' }), { type: 't', from: 'y', to: 'x' });
});

test('CSV: one row per node and per edge, quoted, formulas kept as text', () => {
  const g = sample();
  const nodes = nodesCSV(g).trimEnd().split('\r\n');
  assert.equal(nodes[0], 'id,kind,name,code,stage,status,reached');
  assert.equal(nodes.length, 1 + g.nodes.size);
  assert.ok(nodes.includes('material:m,MATERIAL,"M, ""the metal""",,,,true'));
  const edges = edgesCSV(g).trimEnd().split('\r\n');
  assert.equal(edges[0], EDGE_COLUMNS.join(','));
  assert.equal(edges.length, 1 + g.edges.size);
  assert.ok(edges.some((l) => l.startsWith('control:c,Control C,restricts,material:m,') && l.endsWith(',true,source:a,https://a.example/1,A')));
  assert.equal(csvCell('=cmd|calc'), "'=cmd|calc");
  assert.equal(csvCell(-3), '-3');
});

test('JSON and GraphML carry every node and edge with its sources', () => {
  const g = sample();
  const meta = { view: 'downstream', id: 'control:c', asOf: '2025-12-01', title: 'Downstream of <C> & co' };
  const j = JSON.parse(viewJSON(g, meta));
  assert.equal(j.nodes.length, g.nodes.size);
  assert.equal(j.edges.length, g.edges.size);
  assert.deepEqual(j.edges.find((e) => e.type === 'restricts').sources, [{ id: 'source:a', name: 'A', url: 'https://a.example/1' }]);
  const xml = viewGraphML(g, meta);
  assert.equal((xml.match(/<node /g) || []).length, g.nodes.size);
  assert.equal((xml.match(/<edge /g) || []).length, g.edges.size);
  assert.ok(xml.includes('<data key="e_source_urls">https://a.example/1</data>'));
  assert.ok(xml.includes('<graph id="G" edgedefault="directed">'));
  assert.ok(xml.includes('&quot;title&quot;:&quot;Downstream of &lt;C&gt; &amp; co&quot;'), 'the view, escaped, in the desc');
  assert.equal(fileName(meta, '.csv'), 'chokepoint_downstream_control-c_2025-12-01.csv');
});
