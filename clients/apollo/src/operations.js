import { gql } from "@apollo/client";

// Fields every entity has, asked once through the interface.
export const ENTITY_FIELDS = gql`
  fragment EntityFields on Entity {
    id
    kind
    name
  }
`;

// An entity through the interface, with what two of its implementations add.
export const ENTITY = gql`
  query Entity($id: ID!) {
    entity(id: $id) {
      ...EntityFields
      ... on Material {
        symbol
        atomicNumber
      }
      ... on Control {
        code
        issued
        status(asOf: "2025-11-20")
      }
    }
  }
  ${ENTITY_FIELDS}
`;

// A Relay connection: pages of `first`, continued `after` the last cursor.
export const MATERIALS = gql`
  query Materials($first: Int!, $after: String) {
    materials(first: $first, after: $after) {
      totalCount
      edges {
        cursor
        node {
          id
          name
          symbol
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

// A relation list, paged the same way on any entity.
export const RELATIONS = gql`
  query Relations($id: ID!, $first: Int!, $after: String) {
    entity(id: $id) {
      id
      relations(first: $first, after: $after) {
        totalCount
        edges {
          cursor
          type
          direction
          node {
            id
            name
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

// An analyst query: it takes a slot of the server's admission gate.
export const EXPOSURE = gql`
  query Exposure($id: ID!, $asOf: Date) {
    exposure(id: $id, asOf: $asOf) {
      status
      products {
        entity {
          id
        }
      }
    }
  }
`;
