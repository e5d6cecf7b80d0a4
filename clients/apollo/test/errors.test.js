// Errors carry extensions.code. The status depends on the media type the
// client accepts: Apollo Client 4 prefers application/graphql-response+json,
// which answers a request that does not run with 4xx and no data;
// application/json answers it with 200.
import assert from "node:assert/strict";
import { test } from "node:test";
import { gql } from "@apollo/client";
import { CombinedGraphQLErrors, ServerError } from "@apollo/client/errors";
import { createClient, retryLaterWait } from "../src/client.js";
import { EXPOSURE } from "../src/operations.js";
import { recordingFetch, uri } from "./env.js";

const INVALID = gql`
  query Invalid {
    materials(first: 1) {
      edges {
        node {
          atomicWeight
        }
      }
    }
  }
`;

/** The error a promise rejects with. */
async function rejection(promise) {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  assert.fail("no error");
}

test("a validation error: 400 and its code with application/graphql-response+json", async () => {
  const { fetch, exchanges } = recordingFetch();
  const err = await rejection(createClient({ uri, fetch }).query({ query: INVALID }));
  assert.ok(CombinedGraphQLErrors.is(err), `not GraphQL errors: ${err}`);
  assert.equal(err.errors[0].extensions.code, "GRAPHQL_VALIDATION_FAILED");
  assert.match(err.errors[0].message, /atomicWeight/);
  assert.ok(err.errors[0].extensions.requestId, "errors carry the request id of the server's logs");
  const last = exchanges.at(-1); // after the persisted-query step, the query itself
  assert.equal(last.request.headers.get("accept"), "application/graphql-response+json,application/json;q=0.9");
  assert.equal(last.status, 400);
  assert.equal(last.headers.get("content-type"), "application/graphql-response+json");
  assert.equal("data" in last.body, false, "a request that did not run has no data");
});

test("the same error with application/json: 200, and the same code", async () => {
  const { fetch, exchanges } = recordingFetch();
  const client = createClient({ uri, fetch, headers: { accept: "application/json" } });
  const err = await rejection(client.query({ query: INVALID }));
  assert.ok(CombinedGraphQLErrors.is(err), `not GraphQL errors: ${err}`);
  assert.equal(err.errors[0].extensions.code, "GRAPHQL_VALIDATION_FAILED");
  assert.equal(exchanges.at(-1).status, 200);
  assert.equal(exchanges.at(-1).headers.get("content-type"), "application/json");
});

test("an error inside a running query: 200, with the rest of the data", async () => {
  const query = gql`
    query PartlyWrong {
      gallium: entity(id: "material:gallium") {
        name
      }
      tooMany: entity(id: "material:dysprosium") {
        relations(first: 500) {
          totalCount
        }
      }
    }
  `;
  const { fetch, exchanges } = recordingFetch();
  const { data, error } = await createClient({ uri, fetch }).query({ query, errorPolicy: "all" });
  assert.equal(exchanges.at(-1).status, 200);
  assert.equal(data.gallium.name, "Gallium");
  assert.equal(data.tooMany, null);
  assert.ok(CombinedGraphQLErrors.is(error));
  assert.equal(error.errors[0].extensions.code, "INVALID_ARGUMENT");
  assert.deepEqual(error.errors[0].path, ["tooMany"]);
});

// The test server runs with --walk-slots 1 --walk-queue 0: one analyst query
// at a time, none waiting; the others are refused at once with RETRY_LATER.
// Each request goes out on its own: Apollo would send identical queries in
// flight as one.
const exposure = {
  query: EXPOSURE,
  variables: { id: "control:mofcom-2025-18", asOf: "2025-11-20" },
  fetchPolicy: "no-cache",
  context: { queryDeduplication: false },
};

/**
 * Sends n exposures at once, in rounds until the gate refuses some (the
 * first round normally), and returns the settled results of that round.
 */
async function burst(client, n) {
  for (let round = 0; ; round++) {
    const results = await Promise.allSettled(Array.from({ length: n }, () => client.query(exposure)));
    if (round === 4 || results.some((r) => r.status === "rejected")) return results;
  }
}

test("RETRY_LATER: 503 with Retry-After when the server has no room for an analyst query", async () => {
  const { fetch, exchanges } = recordingFetch();
  const client = createClient({ uri, fetch, retryLater: false });
  const results = await burst(client, 6);
  const refused = results.filter((r) => r.status === "rejected").map((r) => r.reason);
  assert.ok(refused.length > 0, "six at once on one slot: some are refused");
  assert.ok(results.some((r) => r.status === "fulfilled"), "one runs");
  for (const err of refused) {
    // application/graphql-response+json: the body is read as GraphQL errors
    assert.ok(CombinedGraphQLErrors.is(err), `not GraphQL errors: ${err}`);
    assert.equal(err.errors[0].extensions.code, "RETRY_LATER");
  }
  const answers = exchanges.filter((e) => e.status === 503);
  assert.ok(answers.length >= refused.length);
  for (const e of answers) {
    assert.equal(e.headers.get("retry-after"), "1");
    assert.equal(e.body.data, null);
    assert.equal(retryLaterWait(e.body, e), 1000);
  }
});

test("RETRY_LATER with application/json: a ServerError with the status and the body", async () => {
  const client = createClient({ uri, headers: { accept: "application/json" }, retryLater: false });
  const refused = (await burst(client, 6)).filter((r) => r.status === "rejected").map((r) => r.reason);
  assert.ok(refused.length > 0, "six at once on one slot: some are refused");
  for (const err of refused) {
    assert.ok(ServerError.is(err), `not a ServerError: ${err}`);
    assert.equal(err.statusCode, 503);
    assert.equal(JSON.parse(err.bodyText).errors[0].extensions.code, "RETRY_LATER");
    assert.equal(retryLaterWait(err), 1000);
  }
});

for (const accept of ["application/graphql-response+json,application/json;q=0.9", "application/json"]) {
  test(`RETRY_LATER: the client waits Retry-After and tries again (${accept})`, async () => {
    const { fetch, exchanges } = recordingFetch();
    const client = createClient({ uri, fetch, headers: { accept } }); // with retryLaterLink
    // Rounds of three at once until the gate refused some (the first, normally):
    // one runs per second, so the last waits twice, within the link's four attempts.
    for (let round = 0; round < 5 && !exchanges.some((e) => e.status === 503); round++) {
      const results = await Promise.all(Array.from({ length: 3 }, () => client.query(exposure)));
      for (const { data } of results) {
        assert.equal(data.exposure.status, "IN_FORCE");
        assert.ok(data.exposure.products.length > 0);
      }
    }
    const refused = exchanges.filter((e) => e.status === 503);
    assert.ok(refused.length > 0, "some were refused first");
    assert.ok(refused.every((e) => e.body.errors[0].extensions.code === "RETRY_LATER"));
  });
}
