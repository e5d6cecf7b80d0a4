// Relay connections: page with first/after and fetchMore; the cache's
// relayStylePagination merges the pages into one list.
import assert from "node:assert/strict";
import { test } from "node:test";
import { filter, firstValueFrom } from "rxjs";
import { createClient } from "../src/client.js";
import { MATERIALS, RELATIONS } from "../src/operations.js";
import { uri } from "./env.js";

/** The first complete result of a watched query. */
function loaded(observable) {
  return firstValueFrom(observable.pipe(filter((r) => r.dataState === "complete" && !r.loading)));
}

/**
 * Watches query with pages of size first, fetches more pages until the
 * last, and returns the merged connection and how many pages it took.
 * at picks the connection out of the data.
 */
async function pageToEnd(client, query, variables, at) {
  const observable = client.watchQuery({ query, variables });
  const sub = observable.subscribe(() => {});
  try {
    let connection = at((await loaded(observable)).data);
    let pages = 1;
    while (connection.pageInfo.hasNextPage) {
      assert.ok(pages < 100, "the list ends");
      const page = await observable.fetchMore({ variables: { after: connection.pageInfo.endCursor } });
      assert.ok(at(page.data).edges.length <= variables.first, "a page holds at most first items");
      pages++;
      // fetchMore resolves with the page; the cache holds the merged list.
      const merged = at(client.readQuery({ query, variables }));
      assert.equal(merged.edges.length, connection.edges.length + at(page.data).edges.length);
      connection = merged;
    }
    // The watched query delivers the merged list too, as a view would render it.
    const watched = await firstValueFrom(
      observable.pipe(filter((r) => !r.loading && at(r.data)?.edges.length === connection.edges.length)),
    );
    assert.deepEqual(at(watched.data), connection);
    return { connection, pages };
  } finally {
    sub.unsubscribe();
  }
}

const ids = (connection) => connection.edges.map((e) => e.node.id);

test("materials: pages of 10 fetched to the end equal the list in one page", async () => {
  const { connection, pages } = await pageToEnd(createClient({ uri }), MATERIALS, { first: 10 }, (d) => d.materials);
  const { data } = await createClient({ uri }).query({ query: MATERIALS, variables: { first: 100 } });
  const whole = data.materials;
  assert.ok(whole.totalCount > 10 && whole.totalCount <= 100, `totalCount ${whole.totalCount}`);
  assert.equal(whole.pageInfo.hasNextPage, false);
  assert.equal(pages, Math.ceil(whole.totalCount / 10));
  assert.equal(connection.edges.length, whole.totalCount);
  assert.deepEqual(ids(connection), ids(whole));
  assert.deepEqual(
    connection.edges.map((e) => e.cursor),
    whole.edges.map((e) => e.cursor),
    "cursors are the same whatever the page size",
  );
  assert.equal(new Set(ids(connection)).size, connection.edges.length, "no item twice");
  assert.equal(connection.totalCount, whole.totalCount);
  assert.equal(connection.pageInfo.hasNextPage, false);
});

test("a relation list, through the policy on the Entity interface", async () => {
  const id = "group:rare-earth-elements";
  const at = (d) => d.entity.relations;
  const { connection, pages } = await pageToEnd(createClient({ uri }), RELATIONS, { id, first: 7 }, at);
  const { data } = await createClient({ uri }).query({ query: RELATIONS, variables: { id, first: 100 } });
  assert.ok(pages > 1, "more than one page");
  assert.equal(connection.edges.length, at(data).totalCount);
  assert.deepEqual(
    connection.edges.map((e) => `${e.type} ${e.direction} ${e.node.id}`),
    at(data).edges.map((e) => `${e.type} ${e.direction} ${e.node.id}`),
  );
});
