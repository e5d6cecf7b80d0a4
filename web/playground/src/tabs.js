// @graphiql/react as GraphiQL sees it: everything passes through, but Tab's
// button shows a tab's example title instead of its operation name (see
// build.mjs). GraphiQL names a tab by its operation and renames it on every
// edit, so the title is looked up when the tab is drawn.
import { createElement, forwardRef } from 'react';
import { Tab as GraphiQLTab } from '@graphiql/react';
import { tabLabel } from './examples.js';

export * from '@graphiql/react';

const TabButton = forwardRef(function TabButton({ children, title, ...props }, ref) {
  const { label, tooltip } = tabLabel(typeof children === 'string' ? children : title);
  return createElement(GraphiQLTab.Button, { ...props, ref, title: tooltip, children: label });
});

const TabRoot = forwardRef(function Tab(props, ref) {
  return createElement(GraphiQLTab, { ...props, ref });
});

export const Tab = Object.assign(TabRoot, { Button: TabButton, Close: GraphiQLTab.Close });
