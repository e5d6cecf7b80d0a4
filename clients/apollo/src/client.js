// An Apollo Client for the Chokepoint API: the cache knows which types
// implement Entity (possibleTypes, generated from the schema), merges Relay
// pages (relayStylePagination), queries are sent as persisted-query hashes,
// and an analyst query the server has no room for is retried after the
// Retry-After it answers.
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from "@apollo/client";
import { CombinedGraphQLErrors, ServerError } from "@apollo/client/errors";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { relayStylePagination } from "@apollo/client/utilities";
import { of, retry, throwError, timer } from "rxjs";
import { catchError, mergeMap } from "rxjs/operators";

// Interface → implementing types, written by `go generate ./...` from
// schema.graphqls. Node needs the import attribute; bundlers such as Vite
// and webpack import JSON files too.
import possibleTypes from "../../possible-types.json" with { type: "json" };

export { possibleTypes };

// The root lists. Each takes first/after; filter and orderBy make another
// list (a page of another filter is not a page of this one).
const rootLists = ["officials", "institutions", "materials", "controls", "products", "companies", "facilities"];

/**
 * The cache: possibleTypes, and a Relay merge of the pages of the root lists
 * and of any entity's relations. The named relation lists (a material's
 * neededBy, a control's restricts…) take the same policy on their type,
 * keyed by asOf.
 */
export function createCache() {
  const queryFields = Object.fromEntries(rootLists.map((f) => [f, relayStylePagination(["filter", "orderBy"])]));
  return new InMemoryCache({
    possibleTypes,
    typePolicies: {
      Query: { fields: queryFields },
      // A policy on the interface applies to every type that implements it,
      // which the cache learns from possibleTypes.
      Entity: {
        fields: {
          relations: relayStylePagination(["types", "direction", "asOf"]),
        },
      },
    },
  });
}

/** sha256 as hex, with Web Crypto: in browsers (on https or localhost) and Node 20. */
export async function sha256(text) {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The RETRY_LATER of a result or error and how long to wait, in ms, or
 * undefined. With Apollo's default Accept (application/graphql-response+json)
 * the 503 arrives as a result with errors; with application/json, as a
 * ServerError that holds the body.
 */
export function retryLaterWait(resultOrError, response) {
  let errors;
  if (ServerError.is(resultOrError)) {
    if (resultOrError.statusCode !== 503) return undefined;
    try {
      errors = JSON.parse(resultOrError.bodyText).errors;
    } catch {
      return undefined;
    }
    response = resultOrError.response;
  } else if (CombinedGraphQLErrors.is(resultOrError)) {
    errors = resultOrError.errors;
  } else {
    errors = resultOrError?.errors;
  }
  if (!errors?.some((e) => e.extensions?.code === "RETRY_LATER")) return undefined;
  const seconds = Number(response?.headers?.get("retry-after"));
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : 1) * 1000;
}

class RetryLater extends Error {
  constructor(result, wait) {
    super("RETRY_LATER");
    this.result = result;
    this.wait = wait;
  }
}

/**
 * Retries an operation refused with RETRY_LATER after the server's
 * Retry-After, at most `attempts` times in all; the last refusal goes
 * through as it came.
 */
export function retryLaterLink({ attempts = 4 } = {}) {
  return new ApolloLink((operation, forward) =>
    forward(operation).pipe(
      mergeMap((result) => {
        const wait = retryLaterWait(result, operation.getContext().response);
        return wait === undefined ? of(result) : throwError(() => new RetryLater(result, wait));
      }),
      retry({
        count: attempts - 1,
        delay: (err) => {
          const wait = err instanceof RetryLater ? err.wait : retryLaterWait(err);
          return wait === undefined ? throwError(() => err) : timer(wait);
        },
      }),
      catchError((err) => (err instanceof RetryLater ? of(err.result) : throwError(() => err))),
    ),
  );
}

/**
 * A client of the API at uri. fetch and headers are passed to HttpLink;
 * credentials defaults to "include" (cookies go cross-origin, which the
 * server allows for the origins of --cors-origins).
 */
export function createClient({
  uri,
  fetch = globalThis.fetch,
  headers,
  credentials = "include",
  persisted = true,
  useGETForHashedQueries = false,
  retryLater = true,
  cache = createCache(),
} = {}) {
  const links = [];
  if (retryLater) links.push(retryLaterLink());
  if (persisted) links.push(new PersistedQueryLink({ sha256, useGETForHashedQueries }));
  links.push(new HttpLink({ uri, fetch, headers, credentials }));
  return new ApolloClient({
    cache,
    link: ApolloLink.from(links),
    clientAwareness: { name: "chokepoint-example", version: "1" },
  });
}
