// The playground served at /: GraphiQL with the explorer plugin (build an
// operation by clicking), an Examples menu that opens any example of
// docs/queries in a tab, example titles as tab names, and a bar above the
// result that links a Subgraph or Path result to the same view in /explore.
// The page (server/playground.html) holds the examples as JSON and starts
// this with chokepointPlayground.start().
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { DropdownMenu, Tooltip, useEditorContext } from '@graphiql/react';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { explorerPlugin } from '@graphiql/plugin-explorer';
import { mergeExamples, setExamples, splitTitle, tabOf } from './examples.js';
import { exploreLinks } from './links.js';
import './style.css';

// The links of the results shown, by tab id, and who draws them.
const results = new Map();
const listeners = new Set();
let version = 0;
let activeTabId = null;
function publish() {
  version++;
  for (const l of listeners) l();
}
function subscribe(l) {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** GraphiQL's fetcher, noting for the running tab which explorer views its result holds. */
function linkingFetcher(url) {
  const fetcher = createGraphiQLFetcher({ url, enableIncrementalDelivery: false });
  return async (params, opts) => {
    const tab = activeTabId;
    const result = await fetcher(params, opts);
    if (params.operationName !== 'IntrospectionQuery' && tab) {
      results.set(tab, exploreLinks(params, result?.data));
      publish();
    }
    return result;
  };
}

function BookIcon(props) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" {...props}>
      <path d="M4 4.5A1.5 1.5 0 0 1 5.5 3H20v15H5.5A1.5 1.5 0 0 0 4 19.5v-15Z" />
      <path d="M4 19.5A1.5 1.5 0 0 0 5.5 21H20v-3" />
      <path d="M8 7h8M8 10.5h6" />
    </svg>
  );
}

/** The Examples menu: every example by title; one already open in a tab is switched to, else opened in a new tab. */
function ExamplesMenu({ examples }) {
  const { tabs, activeTabIndex, addTab, changeTab, queryEditor, variableEditor } = useEditorContext({ nonNull: true });
  const pending = useRef(null);
  useEffect(() => {
    // addTab has made and shown an empty tab: fill it with the example.
    const ex = pending.current;
    if (!ex || !queryEditor || activeTabIndex !== tabs.length - 1) return;
    pending.current = null;
    queryEditor.setValue(ex.query);
    variableEditor?.setValue('');
  }, [tabs.length, activeTabIndex, queryEditor, variableEditor]);
  const open = (ex) => {
    const i = tabOf(tabs, ex);
    if (i >= 0) {
      if (i !== activeTabIndex) changeTab(i);
      return;
    }
    pending.current = ex;
    addTab();
  };
  return (
    <DropdownMenu>
      <Tooltip label="Examples">
        <DropdownMenu.Button type="button" className="graphiql-toolbar-button" aria-label="Examples" id="examples-menu">
          <BookIcon className="graphiql-toolbar-icon" aria-hidden="true" />
        </DropdownMenu.Button>
      </Tooltip>
      <DropdownMenu.Content align="end" side="left" className="examples-menu">
        {examples.map((ex) => (
          <DropdownMenu.Item key={ex.name} data-example={ex.name} title={ex.title} onSelect={() => open(ex)}>
            <b>{splitTitle(ex.title)[0]}</b>
            <span>{splitTitle(ex.title)[1]}</span>
          </DropdownMenu.Item>
        ))}
      </DropdownMenu.Content>
    </DropdownMenu>
  );
}

/** The bar above the result: links to the explorer for the result the active tab shows. */
function ExploreBar() {
  const { tabs, activeTabIndex } = useEditorContext({ nonNull: true });
  const id = tabs[activeTabIndex]?.id ?? null;
  activeTabId = id;
  useSyncExternalStore(subscribe, () => version);
  const links = (id && results.get(id)) || [];
  if (!links.length) return null;
  return (
    <nav className="explore-links" aria-label="Open in the explorer">
      <span>Open in the explorer:</span>
      {links.map((l) => (
        <a key={l.key} href={l.href} data-view={l.view} target="_blank" rel="noopener">
          {l.text}
        </a>
      ))}
    </nav>
  );
}

/** Starts the playground in element with the examples the page holds. */
export function start(element, examples, endpoint) {
  setExamples(examples);
  try {
    mergeExamples(window.localStorage, examples);
  } catch {
    // no storage (private mode, disabled): GraphiQL starts from the examples
  }
  const plugins = [explorerPlugin()];
  createRoot(element).render(
    <GraphiQL
      fetcher={linkingFetcher(endpoint)}
      plugins={plugins}
      defaultTabs={examples.length ? examples.map((e) => ({ query: e.query })) : undefined}
      defaultQuery={'# A new operation: type it, or build it by clicking in the explorer (the folder icon on the left).\n'}
      defaultEditorToolsVisibility
    >
      <GraphiQL.Toolbar>
        {({ prettify, merge, copy }) => (
          <>
            {prettify}
            {merge}
            {copy}
            <ExamplesMenu examples={examples} />
          </>
        )}
      </GraphiQL.Toolbar>
      <GraphiQL.Footer>
        <ExploreBar />
      </GraphiQL.Footer>
    </GraphiQL>,
  );
}
