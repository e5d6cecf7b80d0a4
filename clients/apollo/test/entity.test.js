// Entity is an interface: fragments on it and on its implementations need
// the cache to know which types implement it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ApolloClient, HttpLink, InMemoryCache } from "@apollo/client";
import { createClient, possibleTypes } from "../src/client.js";
import { ENTITY, ENTITY_FIELDS } from "../src/operations.js";
import { uri } from "./env.js";

test("possibleTypes lists every implementation of Entity", () => {
  for (const t of ["Material", "Control", "Company", "Facility", "Official", "Source"]) {
    assert.ok(possibleTypes.Entity.includes(t), `${t} missing from ${possibleTypes.Entity}`);
  }
});

test("an entity through the interface, with fragments on two implementations", async () => {
  const client = createClient({ uri });

  const { data: m } = await client.query({ query: ENTITY, variables: { id: "material:dysprosium" } });
  assert.deepEqual(m.entity, {
    __typename: "Material",
    id: "material:dysprosium",
    kind: "MATERIAL",
    name: "Dysprosium",
    symbol: "Dy",
    atomicNumber: 66,
  });

  const { data: c } = await client.query({ query: ENTITY, variables: { id: "control:mofcom-2025-18" } });
  assert.equal(c.entity.__typename, "Control");
  assert.equal(c.entity.kind, "CONTROL");
  assert.equal(c.entity.code, "MOFCOM/GAC Announcement No. 18 [2025]");
  assert.equal(c.entity.issued, "2025-04-04");
  assert.equal(c.entity.status, "IN_FORCE");
  assert.equal(c.entity.symbol, undefined, "a Material fragment does not apply to a Control");

  // Each is stored under its own type and id, and a fragment on the
  // interface reads either back from the cache.
  const material = client.readFragment({ id: client.cache.identify(m.entity), fragment: ENTITY_FIELDS });
  assert.deepEqual(material, { __typename: "Material", id: "material:dysprosium", kind: "MATERIAL", name: "Dysprosium" });
  const control = client.readFragment({ id: "Control:control:mofcom-2025-18", fragment: ENTITY_FIELDS });
  assert.equal(control.__typename, "Control");
  assert.equal(control.name, c.entity.name);
  assert.equal(client.cache.identify(c.entity), "Control:control:mofcom-2025-18");
});

test("without possibleTypes the cache drops the fields of a fragment on Entity", async () => {
  const client = new ApolloClient({ cache: new InMemoryCache(), link: new HttpLink({ uri }) });
  const { data } = await client.query({ query: ENTITY, variables: { id: "material:dysprosium" } });
  // What the server sent is lost on the way through the cache: the reason for possibleTypes.
  assert.deepEqual(data.entity, { __typename: "Material", symbol: "Dy", atomicNumber: 66 });
});
