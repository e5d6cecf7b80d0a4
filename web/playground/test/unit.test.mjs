// Unit tests of the playground's own parts that need no browser: the links
// to the explorer built from an operation and its result, and how the
// examples are merged into the tabs a browser kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exploreLinks } from '../src/links.js';
import { SEEN_KEY, mergeExamples, operationName, setExamples, splitTitle, tabLabel, tabOf } from '../src/examples.js';

const queries = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'queries');
const examples = readdirSync(queries)
  .filter((f) => f.endsWith('.graphql'))
  .sort()
  .map((f) => {
    const query = readFileSync(join(queries, f), 'utf8');
    return { name: f.replace(/\.graphql$/, ''), title: query.split('\n')[0].replace(/^#\s*/, ''), query };
  });
const example = (name) => examples.find((e) => e.name === name);

test('the examples of docs/queries link to the explorer views they hold', () => {
  const cases = {
    '16-exposure-of-a-control': [{ key: 'exposure', href: 'explore?view=exposure&id=control:mofcom-2025-18&asOf=2025-11-20' }],
    '17-dependency-chain-upstream': [{ key: 'dependencyChain', href: 'explore?view=upstream&id=product:ndfeb-magnet&asOf=2025-11-20&depth=4' }],
    '18-paths-between-officials': [{ key: 'paths', href: 'explore?view=paths&from=official:maros-sefcovic&to=official:wang-wentao&asOf=2025-11-20&hops=4' }],
    '19-neighborhood': [{ key: 'neighborhood', href: 'explore?view=neighborhood&id=control:mofcom-2025-70&asOf=2025-11-20' }],
    '21-magnet-plants-exposed-to-a-control': [{ key: 'exposure', href: 'explore?view=exposure&id=control:mofcom-2025-18&asOf=2025-11-20' }],
    '22-plants-and-mines-behind-a-product': [{ key: 'dependencyChain', href: 'explore?view=upstream&id=product:ndfeb-magnet&asOf=2025-11-20&depth=4' }],
    '24-products-exposed-and-through-which-materials': [{ key: 'exposure', href: 'explore?view=exposure&id=control:mofcom-2025-18&asOf=2025-11-20' }],
  };
  for (const ex of examples) {
    const data = Object.fromEntries(['exposure', 'dependencyChain', 'paths', 'neighborhood', 'entity'].map((k) => [k, {}]));
    const links = exploreLinks({ query: ex.query, operationName: operationName(ex.query), variables: null }, data);
    assert.deepEqual(links.map(({ key, href }) => ({ key, href })), cases[ex.name] || [], ex.name);
  }
});

test('variables override defaults; literals, aliases and several fields', () => {
  const query = `query Q($id: ID! = "control:a", $on: Date) {
    down: dependencyChain(id: $id, asOf: $on) { truncated }
    up: dependencyChain(id: "product:f-35", direction: UPSTREAM, maxDepth: 12) { truncated }
    entity(id: $id) { id }
  }`;
  const links = exploreLinks({ query, operationName: 'Q', variables: { id: 'control:mofcom-2025-57', on: '2026-12-01' } },
    { down: { nodes: [] }, up: { nodes: [] }, entity: null });
  assert.deepEqual(links.map((l) => l.href), [
    'explore?view=downstream&id=control:mofcom-2025-57&asOf=2026-12-01',
    'explore?view=upstream&id=product:f-35&depth=10',
  ]);
  assert.equal(links[0].text, 'downstream chain of control:mofcom-2025-57 on 2026-12-01');
});

test('no link without data, for another operation, a bad date or a document that does not parse', () => {
  const query = 'query A { neighborhood(id: "x:y", asOf: "soon") { truncated } } query B { entity(id: "x:y") { id } }';
  assert.deepEqual(exploreLinks({ query, operationName: 'B' }, { entity: {} }), []);
  assert.deepEqual(exploreLinks({ query, operationName: 'A' }, { neighborhood: null }), []);
  assert.deepEqual(exploreLinks({ query, operationName: 'A' }, { neighborhood: {} }).map((l) => l.href), ['explore?view=neighborhood&id=x:y']);
  assert.deepEqual(exploreLinks({ query: 'query {', operationName: null }, { neighborhood: {} }), []);
  assert.deepEqual(exploreLinks({ query, operationName: 'A' }, null), []);
  assert.deepEqual(exploreLinks({ query: 'query ($id: ID!) { exposure(id: $id) { asOf } }' }, { exposure: {} }), [], 'no id, no link');
});

test('ids are escaped in the link', () => {
  const [link] = exploreLinks({ query: '{ exposure(id: "a:b&c=d #e") { asOf } }' }, { exposure: {} });
  assert.equal(link.href, 'explore?view=exposure&id=a:b%26c%3Dd%20%23e');
});

test('tabs are named by their example', () => {
  setExamples(examples);
  assert.deepEqual(tabLabel('MagnetSupplyChain'), { label: 'Upstream dependency chain', tooltip: example('17-dependency-chain-upstream').title });
  assert.deepEqual(tabLabel('MyQuery'), { label: 'MyQuery', tooltip: 'MyQuery' });
  assert.deepEqual(splitTitle('A: b: c'), ['A', 'b: c']);
  assert.deepEqual(splitTitle('No colon'), ['No colon', '']);
  assert.equal(new Set(examples.map((e) => operationName(e.query))).size, examples.length, 'every example has its own operation name');
});

function memory(init = {}) {
  const m = new Map(Object.entries(init));
  return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)), map: m };
}

test('new examples join the kept tabs; closed ones stay closed; nothing kept, nothing merged', () => {
  const tab = (e, id) => ({ id, title: operationName(e.query), query: e.query, variables: null, headers: null, operationName: operationName(e.query), response: null });
  const [a, b, c] = examples;
  // A browser that kept a, and saw a and b (b it closed); c is new in this version.
  const kept = { tabs: [tab(a, '1'), { id: '2', title: '<untitled>', query: '{ __typename }', variables: null, headers: null, operationName: null, response: null }], activeTabIndex: 1 };
  const s = memory({ 'graphiql:tabState': JSON.stringify(kept), [SEEN_KEY]: JSON.stringify([a.name, b.name]) });
  assert.equal(mergeExamples(s, [a, b, c]), 1);
  const state = JSON.parse(s.getItem('graphiql:tabState'));
  assert.equal(state.activeTabIndex, 1, 'the active tab stays');
  assert.deepEqual(state.tabs.map((t) => t.operationName), [operationName(a.query), null, operationName(c.query)]);
  assert.equal(state.tabs[2].query, c.query);
  assert.match(state.tabs[2].id, /^[0-9a-f]{32}$/);
  assert.deepEqual(JSON.parse(s.getItem(SEEN_KEY)), [a.name, b.name, c.name]);
  assert.equal(mergeExamples(s, [a, b, c]), 0, 'a second load adds nothing');
  assert.equal(tabOf(state.tabs, c), 2);
  assert.equal(tabOf(state.tabs, b), -1);

  // First load after this version, with tabs an older one kept: examples not open are added.
  const old = memory({ 'graphiql:tabState': JSON.stringify({ tabs: [tab(b, '9')], activeTabIndex: 0 }) });
  assert.equal(mergeExamples(old, [a, b, c]), 2);
  // Nothing kept: GraphiQL opens every example itself; they are seen from then on.
  const fresh = memory();
  assert.equal(mergeExamples(fresh, [a, b]), 0);
  assert.equal(fresh.getItem('graphiql:tabState'), null);
  assert.deepEqual(JSON.parse(fresh.getItem(SEEN_KEY)), [a.name, b.name]);
  // Garbage kept: left to GraphiQL, which starts over from the examples.
  const bad = memory({ 'graphiql:tabState': '{', [SEEN_KEY]: 'nope' });
  assert.equal(mergeExamples(bad, [a]), 0);
});
