// The example operations (docs/queries, served in the page) as GraphiQL
// tabs: named by their titles, merged into the tabs a browser kept, and
// opened from the Examples menu.

/** The operation name of a document, as GraphiQL names its tab; null without one. */
export function operationName(query) {
  // GraphiQL's own rule (fuzzyExtractOperationName): the first named operation outside a comment.
  const m = /^(?!#).*(query|subscription|mutation)\s+([a-zA-Z0-9_]+)/m.exec(query || '');
  return m ? m[2] : null;
}

/** An example's title in two: its name (up to the first colon) and what it shows (after it, or ''). */
export function splitTitle(title) {
  const i = title.indexOf(': ');
  return i > 0 ? [title.slice(0, i), title.slice(i + 2)] : [title, ''];
}

let titles = new Map(); // operation name → example title

/** Registers the examples whose titles name their tabs. */
export function setExamples(examples) {
  titles = new Map(examples.map((e) => [operationName(e.query), e.title]).filter(([op]) => op));
}

/**
 * A tab's label and tooltip for GraphiQL's title (its operation name): the
 * name and the whole title of the example with that operation, or
 * GraphiQL's title for any other tab.
 */
export function tabLabel(title) {
  const full = typeof title === 'string' ? titles.get(title) : undefined;
  return full ? { label: splitTitle(full)[0], tooltip: full } : { label: title, tooltip: title };
}

/** The index of the tab that holds an example's operation, or -1. */
export function tabOf(tabs, example) {
  const op = operationName(example.query);
  return tabs.findIndex((t) => (t.operationName || operationName(t.query)) === op);
}

const TABS_KEY = 'graphiql:tabState';
export const SEEN_KEY = 'chokepoint:examples';

function newTab(example) {
  const op = operationName(example.query);
  const id = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  return { id, hash: '', title: op || '<untitled>', query: example.query, variables: null, headers: null, operationName: op, response: null };
}

/**
 * Brings the tabs a browser kept up to date with this version's examples:
 * every example the browser has not seen yet is added as a tab (unless a
 * tab already holds its operation), and all are then recorded as seen. An
 * example the user closed stays closed (the Examples menu opens it again);
 * one added by a newer version appears. Without kept tabs, GraphiQL opens
 * every example itself (defaultTabs).
 */
export function mergeExamples(storage, examples) {
  let seen;
  try {
    seen = new Set(JSON.parse(storage.getItem(SEEN_KEY) || 'null') || []);
  } catch {
    seen = new Set();
  }
  let state = null;
  try {
    state = JSON.parse(storage.getItem(TABS_KEY) || 'null');
  } catch {
    state = null;
  }
  let added = 0;
  if (state && Array.isArray(state.tabs) && typeof state.activeTabIndex === 'number') {
    for (const e of examples) {
      if (seen.has(e.name) || tabOf(state.tabs, e) >= 0) continue;
      state.tabs.push(newTab(e));
      added++;
    }
    if (added) storage.setItem(TABS_KEY, JSON.stringify(state));
  }
  for (const e of examples) seen.add(e.name);
  storage.setItem(SEEN_KEY, JSON.stringify([...seen].sort()));
  return added;
}
