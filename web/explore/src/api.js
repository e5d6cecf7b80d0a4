// The explorer asks /query like any client: POST JSON, one operation a
// request, with the bearer token when the server requires one. Answers are
// kept for the page's life, so that back and forward redraw at once.

import fragments from './queries/fragments.graphql';
import searchQuery from './queries/search.graphql';
import entityQuery from './queries/entity.graphql';
import namesQuery from './queries/names.graphql';
import neighborhoodQuery from './queries/neighborhood.graphql';
import chainQuery from './queries/chain.graphql';
import exposureQuery from './queries/exposure.graphql';
import pathsQuery from './queries/paths.graphql';
import controlQuery from './queries/control.graphql';

const FRAGMENTS = fragments
  .split(/\n(?=fragment )/)
  .filter((p) => p.startsWith('fragment '))
  .map((p) => ({ name: p.match(/^fragment (\w+)/)[1], text: p.trim() }));

/** A document with the shared fragments it spreads. */
export function withFragments(doc) {
  const used = FRAGMENTS.filter((f) => doc.includes('...' + f.name));
  return [doc.trim(), ...used.map((f) => f.text)].join('\n\n');
}

export const Q = {
  search: searchQuery,
  entity: entityQuery,
  names: namesQuery,
  neighborhood: withFragments(neighborhoodQuery),
  chain: withFragments(chainQuery),
  exposure: withFragments(exposureQuery),
  paths: withFragments(pathsQuery),
  control: withFragments(controlQuery),
};

const TOKEN_KEY = 'chokepoint.token';

export class APIError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

const endpoint = () => new URL('query', document.baseURI).toString();
const cache = new Map();
const CACHE_SIZE = 200;
const RETRIES = 4;

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

export function setToken(t) {
  if (t) sessionStorage.setItem(TOKEN_KEY, t);
  else sessionStorage.removeItem(TOKEN_KEY);
  cache.clear();
}

/**
 * Runs one operation and returns its data; throws APIError with the first
 * error's code and message.
 */
export async function gql(query, variables, { signal, cached = true } = {}) {
  const body = JSON.stringify({ query, variables });
  if (cached && cache.has(body)) return cache.get(body);
  const headers = { 'Content-Type': 'application/json' };
  if (token()) headers.Authorization = 'Bearer ' + token();
  let res;
  for (let attempt = 1; ; attempt++) {
    try {
      res = await fetch(endpoint(), { method: 'POST', headers, body, signal, credentials: 'same-origin' });
    } catch (err) {
      if (err.name === 'AbortError') throw err;
      throw new APIError('UNAVAILABLE', 'the server cannot be reached: ' + err.message);
    }
    // A walk the server has no room for now (503, RETRY_LATER): wait as it asks, a few times.
    if (res.status !== 503 || attempt === RETRIES) break;
    const wait = Math.min(5, Math.max(0.2, Number(res.headers.get('Retry-After')) || 1));
    await new Promise((ok, fail) => {
      const t = setTimeout(ok, wait * 1000);
      signal?.addEventListener('abort', () => {
        clearTimeout(t);
        fail(new DOMException('aborted', 'AbortError'));
      });
    });
  }
  let json = null;
  try {
    json = await res.json();
  } catch {
    /* not JSON: handled below */
  }
  const first = json?.errors?.[0];
  if (first || !json?.data) {
    const code = first?.extensions?.code || `HTTP_${res.status}`;
    throw new APIError(code, first?.message || `the server answered ${res.status}`);
  }
  if (cached) {
    cache.set(body, json.data);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value);
  }
  return json.data;
}
