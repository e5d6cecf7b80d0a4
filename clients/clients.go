// Package clients holds what the API's frontend clients share, beside the
// example clients in its folders: possible-types.json, the interfaces of
// schema.graphqls with the types that implement them, generated from the
// schema for Apollo Client's possibleTypes (see docs/clients.md).
package clients

//go:generate go run ../internal/possibletypes -schema ../schema.graphqls -out possible-types.json
