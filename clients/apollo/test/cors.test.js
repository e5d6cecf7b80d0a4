// CORS: a page on an origin of --cors-origins may call the API with
// credentials and the headers Apollo Client sends. Node's fetch lets the
// test set Origin, which a browser sets itself.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createClient } from "../src/client.js";
import { ENTITY } from "../src/operations.js";
import { allowedOrigin, recordingFetch, uri } from "./env.js";

test("the preflight allows the allowed origin, credentials and Apollo's headers", async () => {
  const res = await fetch(uri, {
    method: "OPTIONS",
    headers: {
      origin: allowedOrigin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type,apollographql-client-name,apollographql-client-version,authorization",
    },
  });
  assert.equal(res.status, 204);
  assert.equal(res.headers.get("access-control-allow-origin"), allowedOrigin);
  assert.equal(res.headers.get("access-control-allow-credentials"), "true");
  assert.match(res.headers.get("access-control-allow-methods"), /\bPOST\b/);
  const allowed = res.headers.get("access-control-allow-headers").toLowerCase().split(/\s*,\s*/);
  for (const h of ["content-type", "apollographql-client-name", "apollographql-client-version", "authorization"]) {
    assert.ok(allowed.includes(h), `${h} not allowed: ${allowed}`);
  }
  assert.equal(res.headers.get("vary"), "Origin");
});

test("an Apollo request from the allowed origin gets its origin back, with credentials", async () => {
  const { fetch, exchanges } = recordingFetch();
  const client = createClient({ uri, fetch, headers: { origin: allowedOrigin } });
  const { data } = await client.query({ query: ENTITY, variables: { id: "material:terbium" } });
  assert.equal(data.entity.name, "Terbium");
  assert.ok(exchanges.length > 0);
  for (const e of exchanges) {
    assert.equal(e.request.headers.get("apollographql-client-name"), "chokepoint-example");
    assert.equal(e.headers.get("access-control-allow-origin"), allowedOrigin);
    assert.equal(e.headers.get("access-control-allow-credentials"), "true");
    // Readable by the page: the request id to quote, and Retry-After.
    assert.match(e.headers.get("access-control-expose-headers"), /Retry-After/);
    assert.match(e.headers.get("access-control-expose-headers"), /X-Request-ID/);
  }
});

test("another origin gets no CORS headers, so the browser withholds the answer", async () => {
  const res = await fetch(uri, {
    method: "POST",
    headers: { origin: "http://elsewhere.example", "content-type": "application/json" },
    body: JSON.stringify({ query: "{ __typename }" }),
  });
  assert.equal(res.headers.get("access-control-allow-origin"), null);
  assert.equal(res.headers.get("access-control-allow-credentials"), null);
  const preflight = await fetch(uri, {
    method: "OPTIONS",
    headers: { origin: "http://elsewhere.example", "access-control-request-method": "POST" },
  });
  assert.equal(preflight.status, 403);
  assert.equal(preflight.headers.get("access-control-allow-origin"), null);
});
