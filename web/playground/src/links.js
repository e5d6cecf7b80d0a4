// Links from a result to the same view in the analyst explorer (/explore).
// A result holds a Subgraph or Path when its operation asks one of the
// fields below at the top level; the link carries that field's arguments,
// as written or from the operation's variables, in the explorer's URL
// scheme (see web/explore/src/state.js).
import { Kind, parse, valueFromASTUntyped } from 'graphql';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function clamp(v) {
  const n = Number(v);
  return Number.isInteger(n) ? String(Math.min(10, Math.max(1, n))) : null;
}

const FIELDS = {
  dependencyChain: (a) => ({
    view: a.direction === 'UPSTREAM' ? 'upstream' : 'downstream',
    params: [['id', a.id], ['asOf', a.asOf], ['depth', a.maxDepth != null && a.maxDepth !== 6 ? clamp(a.maxDepth) : null]],
  }),
  neighborhood: (a) => ({
    view: 'neighborhood',
    params: [['id', a.id], ['asOf', a.asOf], ['depth', a.depth != null && a.depth !== 1 ? clamp(a.depth) : null]],
  }),
  exposure: (a) => ({
    view: 'exposure',
    params: [['id', a.id], ['asOf', a.asOf], ['depth', a.maxDepth != null && a.maxDepth !== 6 ? clamp(a.maxDepth) : null]],
  }),
  paths: (a) => ({
    view: 'paths',
    params: [['from', a.from], ['to', a.to], ['asOf', a.asOf], ['k', a.k != null && a.k !== 3 ? clamp(a.k) : null],
      ['hops', a.maxHops != null && a.maxHops !== 6 ? clamp(a.maxHops) : null]],
  }),
};

const LABELS = { downstream: 'downstream chain', upstream: 'upstream chain', neighborhood: 'neighbourhood', exposure: 'exposure' };

function encode(v) {
  return encodeURIComponent(v).replace(/%3A/gi, ':');
}

/**
 * The explorer links for one executed operation: query, operationName and
 * variables as GraphiQL sent them, data as the server answered. One link
 * per top-level dependencyChain, neighborhood, paths or exposure field that
 * has data; [] when the document does not parse.
 */
export function exploreLinks({ query, operationName, variables }, data) {
  if (!data || typeof data !== 'object') return [];
  let doc;
  try {
    doc = parse(query);
  } catch {
    return [];
  }
  const ops = doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const op = operationName ? ops.find((o) => o.name?.value === operationName) : ops.length === 1 ? ops[0] : null;
  if (!op || op.operation !== 'query') return [];
  const vars = {};
  for (const def of op.variableDefinitions || []) {
    if (def.defaultValue) vars[def.variable.name.value] = valueFromASTUntyped(def.defaultValue);
  }
  if (variables && typeof variables === 'object') Object.assign(vars, variables);
  const links = [];
  for (const sel of op.selectionSet.selections) {
    if (sel.kind !== Kind.FIELD || !FIELDS[sel.name.value]) continue;
    const key = sel.alias?.value || sel.name.value;
    if (data[key] == null) continue;
    const args = {};
    for (const arg of sel.arguments || []) args[arg.name.value] = valueFromASTUntyped(arg.value, vars);
    const { view, params } = FIELDS[sel.name.value](args);
    const kept = params.filter(([k, v]) => v != null && v !== '' && (k !== 'asOf' || DATE.test(String(v))));
    if (!kept.some(([k]) => k === 'id' || k === 'from')) continue;
    const href = `explore?view=${view}&` + kept.map(([k, v]) => `${k}=${encode(String(v))}`).join('&');
    const what = view === 'paths' ? `paths from ${args.from} to ${args.to}` : `${LABELS[view]} of ${args.id}`;
    const asOf = DATE.test(String(args.asOf ?? '')) ? ` on ${args.asOf}` : '';
    links.push({ key, view, href, text: what + asOf });
  }
  return links;
}
