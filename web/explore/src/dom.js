// The page is built with DOM calls only: no HTML strings, so nothing in
// the data can turn into markup or script (the page requires Trusted Types).

import { safeURL } from './graphdata.js';

/**
 * h('a', {href, class, dataset: {id}, onclick}, 'text', child…) builds an element.
 * Attribute values are set as text; children that are not nodes become text.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false || c === '') continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

/** A link to a source document, opened in a new tab; plain text when its address is not a web one. */
export function sourceLink(s) {
  const url = safeURL(s.url);
  const label = s.name || s.id;
  const meta = [s.publisher, s.published].filter(Boolean).join(', ');
  return h(
    'span',
    { class: 'source' },
    url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', class: 'source-link', title: url }, label) : label,
    meta ? h('span', { class: 'muted' }, ` (${meta})`) : null,
  );
}

/** A list of sources as links. */
export function sourceList(sources) {
  if (!sources?.length) return h('span', { class: 'muted' }, 'no source');
  return h('ul', { class: 'sources' }, sources.map((s) => h('li', null, sourceLink(s))));
}

/** Saves text or a blob as a file, in the page: nothing is sent anywhere. */
export function download(name, content, type) {
  const blob = content instanceof Blob ? content : new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, class: 'hidden' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
