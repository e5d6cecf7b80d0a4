package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/chokepoint/chokepoint/store"
)

// MirrorReport says what applying the mirrored schema did to the DQL
// schema of Chokepoint's predicates and types.
type MirrorReport struct {
	// Altered lists what the GraphQL schema alone changed, as "pred:
	// before -> after"; store.Schema() is then applied again.
	Altered []string `json:"altered"`
	// Restored is true when, after that, every Chokepoint predicate and
	// type is exactly as before.
	Restored bool    `json:"restored"`
	Seconds  float64 `json:"seconds"`
}

// ApplyMirror applies MirrorSchema through the alpha's /admin/schema,
// then store.Schema() through /alter (Dgraph GraphQL cannot declare the
// @count index of the edge predicates, so its schema drops it), and
// checks with `schema {}` that every predicate and type of store.Schema()
// is as it was before. alpha is the alpha's HTTP base URL.
func ApplyMirror(ctx context.Context, alpha string, timeout time.Duration) (MirrorReport, error) {
	var rep MirrorReport
	start := time.Now()
	if err := CheckLoopback(alpha); err != nil {
		return rep, err
	}
	c := newClient(1)
	gql, err := MirrorSchema()
	if err != nil {
		return rep, err
	}
	before, err := dqlSchema(ctx, c, alpha, timeout)
	if err != nil {
		return rep, err
	}
	// A freshly started alpha serves DQL before its GraphQL admin is ready.
	for tries := 0; ; tries++ {
		err := adminCall(ctx, c, alpha+"/admin/schema", "application/graphql", gql, timeout)
		if err == nil {
			break
		}
		if !strings.Contains(err.Error(), "not ready") || tries >= adminTries {
			return rep, fmt.Errorf("apply the GraphQL schema: %w", err)
		}
		select {
		case <-ctx.Done():
			return rep, ctx.Err()
		case <-time.After(time.Second):
		}
	}
	mid, err := dqlSchema(ctx, c, alpha, timeout)
	if err != nil {
		return rep, err
	}
	rep.Altered = diffSchema(before, mid)
	if len(rep.Altered) > 0 {
		if err := adminCall(ctx, c, alpha+"/alter", "application/dql", store.Schema(), timeout); err != nil {
			return rep, fmt.Errorf("apply the DQL schema again: %w", err)
		}
	}
	after, err := dqlSchema(ctx, c, alpha, timeout)
	if err != nil {
		return rep, err
	}
	rep.Seconds = time.Since(start).Seconds()
	if d := diffSchema(before, after); len(d) > 0 {
		return rep, fmt.Errorf("the DQL schema of Chokepoint's predicates changed: %s", strings.Join(d, "; "))
	}
	rep.Restored = true
	return rep, nil
}

// adminTries bounds the waits, a second each, for an alpha's GraphQL admin
// to be ready.
const adminTries = 120

// AlphaBase is the scheme and host of an alpha URL such as
// http://127.0.0.1:8080/graphql.
func AlphaBase(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("not a URL: %q", raw)
	}
	return u.Scheme + "://" + u.Host, nil
}

func adminCall(ctx context.Context, c *client, u, ctype, body string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	data, err := c.post(ctx, u, ctype, []byte(body))
	if err != nil {
		return err
	}
	var ans struct {
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(data, &ans); err != nil {
		return fmt.Errorf("%w: %s", err, clip(data, 300))
	}
	if len(ans.Errors) > 0 {
		return fmt.Errorf("%s", ans.Errors[0].Message)
	}
	return nil
}

// schemaState is the part of `schema {}` that store.Schema() declares:
// each predicate and each type in a canonical form.
type schemaState struct {
	preds map[string]string
	types map[string]string
}

func dqlSchema(ctx context.Context, c *client, alpha string, timeout time.Duration) (schemaState, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	data, err := c.post(ctx, alpha+"/query", "application/dql", []byte("schema {}"))
	if err != nil {
		return schemaState{}, fmt.Errorf("read the DQL schema: %w", err)
	}
	var ans struct {
		Data struct {
			Schema []map[string]any `json:"schema"`
			Types  []struct {
				Name   string `json:"name"`
				Fields []struct {
					Name string `json:"name"`
				} `json:"fields"`
			} `json:"types"`
		} `json:"data"`
	}
	if err := json.Unmarshal(data, &ans); err != nil {
		return schemaState{}, fmt.Errorf("read the DQL schema: %w", err)
	}
	preds, err := parseDQLSchema(store.Schema())
	if err != nil {
		return schemaState{}, err
	}
	st := schemaState{preds: map[string]string{}, types: map[string]string{}}
	for _, p := range preds {
		st.preds[p.name] = "(absent)"
	}
	for _, p := range ans.Data.Schema {
		name, _ := p["predicate"].(string)
		if _, ours := st.preds[name]; !ours {
			continue
		}
		if toks, ok := p["tokenizer"].([]any); ok {
			var s []string
			for _, t := range toks {
				s = append(s, fmt.Sprint(t))
			}
			slices.Sort(s)
			p["tokenizer"] = s
		}
		b, _ := json.Marshal(p) // map keys sorted
		st.preds[name] = string(b)
	}
	kinds := map[string]bool{}
	for _, line := range strings.Split(store.Schema(), "\n") {
		if name, ok := strings.CutPrefix(line, "type "); ok {
			kinds[strings.TrimSuffix(strings.TrimSpace(name), " {")] = true
		}
	}
	for k := range kinds {
		st.types[k] = "(absent)"
	}
	for _, t := range ans.Data.Types {
		if !kinds[t.Name] {
			continue
		}
		var fields []string
		for _, f := range t.Fields {
			fields = append(fields, f.Name)
		}
		slices.Sort(fields)
		st.types[t.Name] = strings.Join(fields, " ")
	}
	return st, nil
}

func diffSchema(a, b schemaState) []string {
	var out []string
	for _, m := range []struct {
		what string
		a, b map[string]string
	}{{"predicate", a.preds, b.preds}, {"type", a.types, b.types}} {
		var names []string
		for n := range m.a {
			names = append(names, n)
		}
		slices.Sort(names)
		for _, n := range names {
			if m.a[n] != m.b[n] {
				out = append(out, fmt.Sprintf("%s %s: %s -> %s", m.what, n, m.a[n], m.b[n]))
			}
		}
	}
	return out
}
