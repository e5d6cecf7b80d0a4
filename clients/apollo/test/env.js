// The server under test and a fetch that records what goes over the wire.
import assert from "node:assert/strict";

/** The GraphQL endpoint, e.g. http://127.0.0.1:8080/query (scripts/clients-test.sh sets it). */
export const uri = process.env.CHOKEPOINT_URL;
assert.ok(uri, "set CHOKEPOINT_URL to a running chokepoint serve's /query (scripts/clients-test.sh does)");

/** The origin the server was started to allow with --cors-origins. */
export const allowedOrigin = process.env.CHOKEPOINT_CORS_ORIGIN ?? "http://app.example";

/**
 * A fetch that keeps each exchange: the request's method, URL, headers and
 * parsed body (or URL parameters for GET); the response's status, headers
 * and parsed body.
 */
export function recordingFetch() {
  const exchanges = [];
  async function fetch(input, init = {}) {
    const url = new URL(String(input));
    const request = { method: init.method ?? "GET", url, headers: new Headers(init.headers) };
    if (request.method === "GET") {
      request.body = Object.fromEntries([...url.searchParams].map(([k, v]) => [k, k === "query" || k === "operationName" ? v : JSON.parse(v)]));
    } else {
      request.body = JSON.parse(init.body);
    }
    const response = await globalThis.fetch(input, init);
    const text = await response.clone().text();
    exchanges.push({ request, status: response.status, headers: response.headers, body: text && JSON.parse(text) });
    return response;
  }
  return { fetch, exchanges };
}
