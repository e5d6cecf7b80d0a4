package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestServeEndToEnd starts the real serve command on port 0 with an empty
// embedded graph, which it seeds, queries it over HTTP, then stops it.
func TestServeEndToEnd(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	m := NewMain()
	var logs bytes.Buffer
	m.Stdout, m.Stderr = &logs, &logs
	m.Log = slog.New(slog.NewTextHandler(&logs, nil))
	addrc := make(chan string, 1)
	m.Listening = func(addr string) { addrc <- addr }
	if err := m.ParseFlags([]string{"serve", "--addr", "127.0.0.1:0", "--dsn", dsn(t), "--max-depth", "8"}); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx); m.Close() }()
	var base string
	select {
	case addr := <-addrc:
		base = "http://" + addr
	case err := <-done:
		t.Fatalf("serve stopped before listening: %v", err)
	case <-time.After(2 * time.Minute):
		t.Fatal("serve did not start")
	}

	post := func(query string) (int, string) {
		body, _ := json.Marshal(map[string]string{"query": query})
		resp, err := http.Post(base+"/query", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(out)
	}
	if code, body := post(`{ entity(id: "control:mofcom-2025-18") { name ... on Control { issued restricts(first: 50) { totalCount } } } }`); code != 200 ||
		!strings.Contains(body, `"issued":"2025-04-04"`) {
		t.Fatalf("seeded query: %d %s", code, body)
	}
	deep := "name"
	for range 3 {
		deep = "... on Product { needs { edges { node { " + deep + " } } } }"
	}
	deep = `{ entity(id: "product:electric-vehicle") { ` + deep + ` } }`
	if _, body := post(deep); !strings.Contains(body, `"code":"DEPTH_LIMIT"`) {
		t.Fatalf("depth limit from --max-depth not applied: %s", body)
	}
	// A 200 MiB body is refused from its declared length, before it is sent.
	body := &countingReader{n: 200 << 20}
	req, _ := http.NewRequest(http.MethodPost, base+"/query", body)
	req.Header.Set("Content-Type", "application/json")
	req.ContentLength = body.n
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("200 MiB body: %v", err)
	}
	out, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(out), `"code":"REQUEST_TOO_LARGE"`) || body.read > 16<<20 {
		t.Fatalf("200 MiB body: %d after %d bytes sent: %s", resp.StatusCode, body.read, out)
	}
	t.Logf("200 MiB body refused in %s, %d bytes sent", time.Since(start).Round(time.Microsecond), body.read)
	for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready", "/": "graphiql", "/metrics": "chokepoint_graphql_requests_total"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(b), want) {
			t.Errorf("GET %s: %d, lacks %q", path, resp.StatusCode, want)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve did not stop cleanly: %v\n%s", err, logs.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not shut down")
	}
}

// countingReader is a body of n spaces that counts what was read of it.
type countingReader struct{ n, read int64 }

func (r *countingReader) Read(p []byte) (int, error) {
	if r.read >= r.n {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), r.n-r.read)]
	for i := range p {
		p[i] = ' '
	}
	r.read += int64(len(p))
	return len(p), nil
}

func TestServeRejectsBadEnvironment(t *testing.T) {
	for _, env := range []string{"CHOKEPOINT_MAX_DEPTH", "CHOKEPOINT_MAX_BODY_BYTES", "CHOKEPOINT_MAX_FIELDS", "CHOKEPOINT_METRICS_OPERATIONS"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv(env, "many")
			if err := NewMain().ParseFlags([]string{"serve"}); err == nil || !strings.Contains(err.Error(), env) {
				t.Fatalf("bad env accepted: %v", err)
			}
		})
	}
}
