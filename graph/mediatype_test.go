package graph_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chokepoint/chokepoint/graph"
	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/store"
)

// GraphQL over HTTP: the media type follows Accept; an application/json
// client gets 200 for any well-formed request, an
// application/graphql-response+json client a 4xx and no data entry for a
// request that does not run, and 200 with data for one that does.
func TestMediaTypes(t *testing.T) {
	const (
		gqlType  = "application/graphql-response+json"
		jsonType = "application/json"
	)
	bad := `{"query":"{ colour }"}`
	good := `{"query":"{ entity(id: \"material:dysprosium\") { name } }"}`
	cases := []struct {
		name, accept, body string
		status             int
		media              string
		data               string // "" when the answer must have no data entry
	}{
		{"no Accept: application/json, 200", "", bad, 200, jsonType, "null"},
		{"application/json: a validation error is 200", jsonType, bad, 200, jsonType, "null"},
		{"*/*: application/json", "*/*", bad, 200, jsonType, "null"},
		{"graphql-response+json: 400 and no data", gqlType, bad, 400, gqlType, ""},
		{"both, graphql-response+json preferred", jsonType + ";q=0.9, " + gqlType, bad, 400, gqlType, ""},
		{"both, application/json preferred", gqlType + ";q=0.5, " + jsonType, bad, 200, jsonType, "null"},
		{"graphql-response+json refused with q=0", gqlType + ";q=0, " + jsonType, bad, 200, jsonType, "null"},
		{"a query that runs: 200 with data", gqlType, good, 200, gqlType, `{"entity":{"name":"Dysprosium"}}`},
		{"a parse error under application/json", jsonType, `{"query":"{ entity("}`, 200, jsonType, "null"},
		{"variables that do not coerce, graphql-response+json", gqlType,
			`{"query":"query($id: ID!) { entity(id: $id) { name } }","variables":{"id":[1]}}`, 400, gqlType, ""},
	}
	storetest.Seeded(t, storetest.SeedCurated, func(t *testing.T, s store.Store) {
		h, _ := newHandler(t, s, graph.Options{})
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				req := httptest.NewRequest(http.MethodPost, "/query", strings.NewReader(c.body))
				req.Header.Set("Content-Type", jsonType)
				if c.accept != "" {
					req.Header.Set("Accept", c.accept)
				}
				a := serve(t, h, req)
				if a.status != c.status || a.header.Get("Content-Type") != c.media {
					t.Fatalf("answer %d %s, want %d %s: %s", a.status, a.header.Get("Content-Type"), c.status, c.media, a.body)
				}
				hasData := bytes.Contains(a.body, []byte(`"data":`))
				switch {
				case c.data == "" && hasData:
					t.Errorf("a request that did not run has a data entry: %s", a.body)
				case c.data != "" && !bytes.Contains(a.body, []byte(`"data":`+c.data)):
					t.Errorf("answer lacks data %s: %s", c.data, a.body)
				}
			})
		}
	})
}
