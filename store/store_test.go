package store_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store"
	"github.com/chokepoint/chokepoint/store/dql"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

func TestOpenRejectsBadDSN(t *testing.T) {
	for _, dsn := range []string{"", "chokepoint-data", "mysql://x", "dgraph://", "dgraph://localhost", "dgraph://h1:9080,h2"} {
		t.Run(dsn, func(t *testing.T) {
			_, err := store.Open(context.Background(), dsn)
			if kg.CodeOf(err) != kg.CodeInvalid {
				t.Fatalf("Open(%q) = %v, want an INVALID_ARGUMENT error", dsn, err)
			}
		})
	}
}

func TestUnreachableClusterIsUnavailable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	start := time.Now()
	_, err := store.Open(ctx, "dgraph://127.0.0.1:1")
	if kg.CodeOf(err) != kg.CodeUnavailable || !strings.Contains(err.Error(), "127.0.0.1:1 is unavailable") {
		t.Fatalf("err = %v, want UNAVAILABLE naming the alpha", err)
	}
	if d := time.Since(start); d > 15*time.Second {
		t.Fatalf("took %v to report a down cluster", d)
	}
}

func TestEmbeddedDirectoryInUse(t *testing.T) {
	s := storetest.Open(t, "embedded") // holds the engine and its directory lock
	_ = s
	dir := t.TempDir()
	// A second engine in the same process is refused before touching dir.
	_, err := store.Open(context.Background(), "file://"+dir)
	if kg.CodeOf(err) != kg.CodeConflict {
		t.Fatalf("second embedded store: %v, want CONFLICT", err)
	}
}

func TestUpdateCommitsAndQueryUsesVariables(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		ctx := context.Background()
		if empty, err := store.IsEmpty(ctx, s); err != nil || !empty {
			t.Fatalf("IsEmpty on a dropped graph = %v, %v", empty, err)
		}
		var uids map[string]string
		err := s.Update(ctx, func(ctx context.Context, tx store.Txn) error {
			var err error
			uids, err = tx.Mutate(ctx, store.Mutation{Set: []byte(`_:a <xid> "material:a" .
_:a <name> "A \"quoted\" } name" .
_:a <dgraph.type> "Material" .`)})
			return err
		})
		if err != nil || !strings.HasPrefix(uids["a"], "0x") {
			t.Fatalf("mutate: uids %v, err %v", uids, err)
		}
		if empty, err := store.IsEmpty(ctx, s); err != nil || empty {
			t.Fatalf("IsEmpty with one entity = %v, %v", empty, err)
		}
		var vars dql.Vars
		q := vars.Query(fmt.Sprintf("q(func: eq(name, %s)) { xid }", vars.Add("string", `A "quoted" } name`)))
		out, err := s.Query(ctx, q, vars.Map())
		if err != nil || string(out) != `{"q":[{"xid":"material:a"}]}` {
			t.Fatalf("query = %s, %v", out, err)
		}
	})
}

func TestFailedUpdateReturnsItsError(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		want := fmt.Errorf("stop")
		err := s.Update(context.Background(), func(ctx context.Context, tx store.Txn) error { return want })
		if err != want {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestSchemaIsIdempotentAndStatsCountEverything(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		st, err := store.GetStats(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Entities) != len(kg.Kinds) || len(st.Edges) != len(kg.EdgeTypes) || st.TotalEntities() != 0 {
			t.Fatalf("stats of an empty graph = %+v", st)
		}
	})
}

// TestEmbeddedDirectoryLockedByAnotherProcess runs this test binary again as
// a second process that opens the directory the first one holds.
func TestEmbeddedDirectoryLockedByAnotherProcess(t *testing.T) {
	if dir := os.Getenv("CHOKEPOINT_OPEN_DIR"); dir != "" {
		_, err := store.Open(context.Background(), "file://"+dir)
		fmt.Printf("code=%s err=%v\n", kg.CodeOf(err), err)
		return
	}
	storetest.Open(t, "embedded")
	dir := storetest.EmbeddedDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestEmbeddedDirectoryLockedByAnotherProcess$")
	cmd.Env = append(os.Environ(), "CHOKEPOINT_OPEN_DIR="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("second process failed instead of returning an error: %v\n%s", err, out)
	}
	want := fmt.Sprintf("code=CONFLICT err=data directory %s is in use by process %d: stop it", dir, os.Getpid())
	if !strings.Contains(string(out), want) {
		t.Fatalf("second process said:\n%s\nwant %q", out, want)
	}
}
