package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chokepoint/chokepoint/loaders"
)

const smallJSON = "../../loaders/testdata/json/small.json"

// changedDysprosium is small.json's dysprosium with a longer description.
func changedDysprosium(t *testing.T) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "change.json")
	long := strings.Repeat("A heavy rare earth used in magnets. ", 4)
	rec := `{"entities": [{"id": "material:dysprosium", "kind": "Material", "name": "Dysprosium", "aliases": ["Dy"],
		"symbol": "Dy", "atomicNumber": 66, "description": "` + long + `", "sources": ["source:usgs"]}]}`
	if err := os.WriteFile(file, []byte(rec), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

func TestLoadDryRunPrintsTheDiff(t *testing.T) {
	d := dsn(t)
	mustRun(t, "load", "--dsn", d, smallJSON)
	out := mustRun(t, "load", "--dry-run", "--dsn", d, changedDysprosium(t))
	want := `~ material:dysprosium  description: "A heavy rare earth." → "A heavy rare earth used in magnets. A heavy rare earth used in magnets. A heavy "…`
	if !strings.Contains(out, want+"\n") || !strings.Contains(out, "1 updated") {
		t.Errorf("dry run printed:\n%s\nwant a line:\n%s", out, want)
	}
	if again := mustRun(t, "load", "--dry-run", "--dsn", d, changedDysprosium(t)); !strings.Contains(again, want) {
		t.Errorf("the dry run wrote its change: a second one printed\n%s", again)
	}
}

func TestLoadJSONPrintsTheReport(t *testing.T) {
	d := dsn(t)
	mustRun(t, "load", "--dsn", d, smallJSON)
	var out, errOut strings.Builder
	m := NewMain()
	m.Stdout, m.Stderr = &out, &errOut
	if err := m.ParseFlags([]string{"load", "--json", "--dsn", d, changedDysprosium(t)}); err != nil {
		t.Fatal(err)
	}
	if err := m.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	_ = m.Close()
	var rep loaders.Report
	if err := json.Unmarshal([]byte(out.String()), &rep); err != nil {
		t.Fatalf("--json printed %q: %v", out.String(), err)
	}
	if rep.Entities.Updated != 1 || rep.Diff == nil || len(rep.Diff.Records) != 1 ||
		rep.Diff.Records[0].ID != "material:dysprosium" || rep.Diff.Records[0].Changes[0].Field != "description" {
		t.Errorf("--json report: %+v", rep)
	}
}
