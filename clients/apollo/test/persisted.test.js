// Automatic persisted queries: the link sends the query's sha256 alone; the
// server answers PERSISTED_QUERY_NOT_FOUND (200) for a hash it has not
// seen, the link sends the query with its hash once, and from then on the
// hash is enough, for any client.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { test } from "node:test";
import { gql } from "@apollo/client";
import { createClient, sha256 } from "../src/client.js";
import { recordingFetch, uri } from "./env.js";

// A query the server cannot have seen before: its operation name is new.
function newQuery() {
  const name = `Gallium_${randomUUID().replaceAll("-", "")}`;
  return gql(`query ${name} { entity(id: "material:gallium") { id name } }`);
}

const hashOf = (exchange) => exchange.request.body.extensions?.persistedQuery?.sha256Hash;
const codeOf = (exchange) => exchange.body.errors?.[0]?.extensions?.code;

test("a persisted query over POST: hash, not found, query and hash, then the hash alone", async () => {
  const query = newQuery();
  const { fetch, exchanges } = recordingFetch();
  const client = createClient({ uri, fetch });

  const { data } = await client.query({ query });
  assert.equal(data.entity.name, "Gallium");
  assert.equal(exchanges.length, 2);
  const [unknown, registered] = exchanges;

  assert.equal(unknown.request.method, "POST");
  assert.equal(unknown.request.body.query, undefined, "the first request sends no query");
  assert.equal(unknown.request.body.extensions.persistedQuery.version, 1);
  assert.match(hashOf(unknown), /^[0-9a-f]{64}$/);
  assert.equal(unknown.status, 200, "PERSISTED_QUERY_NOT_FOUND is a step of the protocol, not a refusal");
  assert.equal(codeOf(unknown), "PERSISTED_QUERY_NOT_FOUND");

  assert.equal(hashOf(registered), hashOf(unknown));
  assert.equal(typeof registered.request.body.query, "string", "the retry sends the query");
  assert.equal(await sha256(registered.request.body.query), hashOf(registered), "the hash is the sha256 of the query text sent");
  assert.equal(registered.status, 200);
  assert.equal(registered.body.data.entity.name, "Gallium");

  // Asked again (past the cache), the hash alone is enough.
  await client.query({ query, fetchPolicy: "network-only" });
  assert.equal(exchanges.length, 3);
  assert.equal(exchanges[2].request.body.query, undefined);
  assert.equal(hashOf(exchanges[2]), hashOf(unknown));
  assert.equal(exchanges[2].body.data.entity.name, "Gallium");

  // The server keeps the query for every client: a new one sends the hash once.
  const other = recordingFetch();
  await createClient({ uri, fetch: other.fetch }).query({ query });
  assert.equal(other.exchanges.length, 1);
  assert.equal(other.exchanges[0].request.body.query, undefined);
  assert.equal(other.exchanges[0].body.data.entity.name, "Gallium");
});

test("a persisted query over GET: the hash in the URL, the query sent once by POST", async () => {
  const query = newQuery();
  const { fetch, exchanges } = recordingFetch();
  const client = createClient({ uri, fetch, useGETForHashedQueries: true });

  await client.query({ query });
  assert.deepEqual(
    exchanges.map((e) => [e.request.method, e.request.body.query === undefined ? "hash" : "query", e.status]),
    [
      ["GET", "hash", 200],
      ["POST", "query", 200],
    ],
  );
  assert.equal(codeOf(exchanges[0]), "PERSISTED_QUERY_NOT_FOUND");

  await client.query({ query, fetchPolicy: "network-only" });
  const again = exchanges[2];
  assert.equal(again.request.method, "GET");
  assert.equal(again.request.url.searchParams.get("query"), null);
  assert.equal(JSON.parse(again.request.url.searchParams.get("extensions")).persistedQuery.sha256Hash, hashOf(exchanges[0]));
  assert.equal(again.body.data.entity.name, "Gallium");
});
