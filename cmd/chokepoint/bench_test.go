package main

import (
	"strings"
	"testing"
)

func TestBenchPrintsTheMirrorSchema(t *testing.T) {
	out := mustRun(t, "bench", "--print-mirror-schema")
	if !strings.Contains(out, `type Material implements Entity @dgraph(type: "Material")`) {
		t.Fatalf("mirror schema:\n%s", out)
	}
}

func TestBenchRejectsBadFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"bench", "--entities", "1000"}, "at least one target"},
		{[]string{"bench", "--entities", "10", "--dql", "http://127.0.0.1:1/query"}, "entities"},
		{[]string{"bench", "--entities", "1000", "--asof", "2025-13-01", "--dql", "http://127.0.0.1:1/query"}, "--asof"},
		{[]string{"bench", "--entities", "1000", "--dql", "http://127.0.0.1:1/query", "--pids", "alpha=x"}, "--pids"},
		{[]string{"bench", "--entities", "1000", "--dql", "http://127.0.0.1:1/query", "--loads", "live=0"}, "--loads"},
		{[]string{"bench", "--entities", "1000", "--dql", "http://127.0.0.1:1/query", "--ops", "lookup,teleport"}, "unknown operation"},
		{[]string{"bench", "--entities", "1000", "--dql", "http://10.1.2.3:8080/query"}, "loopback"},
		{[]string{"bench", "extra"}, "takes no arguments"},
		{[]string{"bench", "--entities", "1000", "--mix"}, "--targets"},
		{[]string{"bench", "--entities", "1000", "--mix", "--targets", "http://127.0.0.1:1/query"}, "name=URL"},
		{[]string{"bench", "--entities", "1000", "--mix", "--targets", "a=http://127.0.0.1:1/query,a=http://127.0.0.1:2/query"}, "twice"},
		{[]string{"bench", "--entities", "1000", "--mix", "--targets", "a=http://127.0.0.1:1/query", "--pids", "b=1"}, "not among --targets"},
		{[]string{"bench", "--entities", "1000", "--mix", "--targets", "a=http://10.1.2.3:8080/query"}, "loopback"},
	} {
		if out, err := run(t, tc.args...); err == nil || !strings.Contains(err.Error()+out, tc.want) {
			t.Errorf("chokepoint %v: err = %v, want it to mention %q", tc.args, err, tc.want)
		}
	}
}
