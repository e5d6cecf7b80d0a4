package loaders_test

import (
	"strings"
	"testing"

	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/loaders"
	"github.com/chokepoint/chokepoint/store"
)

// sourcesAndControl is a graph with a source published on 9 Oct 2025, one
// without a date, and a control and a material to link.
const sourcesAndControl = `{"entities": [
	{"id": "source:oct", "kind": "Source", "name": "Oct", "url": "https://example.org/oct", "published": "2025-10-09"},
	{"id": "source:dec", "kind": "Source", "name": "Dec", "url": "https://example.org/dec", "published": "2025-12-02"},
	{"id": "source:undated", "kind": "Source", "name": "Undated", "url": "https://example.org/u"},
	{"id": "control:c", "kind": "Control", "name": "C", "issued": "2025-10-09", "sources": ["source:oct"]},
	{"id": "material:m", "kind": "Material", "name": "M", "sources": ["source:oct"]},
	{"id": "material:n", "kind": "Material", "name": "N", "sources": ["source:oct"]},
	{"id": "country:x", "kind": "Country", "name": "X", "sources": ["source:oct"]}
]}`

func TestEdgesCannotRestOnlyOnEarlierDocuments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		defer storetest.Forget(s.Backend())
		mustLoad(t, s, parseJSON(t, sourcesAndControl), loaders.Options{})
		before := stats(t, s)
		_, err := loaders.Load(t.Context(), s, parseJSON(t, `{"edges": [
			{"from": "control:c", "type": "restricts", "to": "material:m", "since": "2025-12-01", "sources": ["source:oct"]}
		]}`), loaders.Options{})
		assertProblems(t, err, []string{`input.json:2: since: every source was published before 2025-12-01 (the latest, source:oct, on 2025-10-09): ` +
			`cite a report from on or after that day, or mark the edge "basis": "announced" (its sources announced it) or "forecast"`})
		if after := stats(t, s); after.TotalEdges() != before.TotalEdges() {
			t.Errorf("a refused edge was written")
		}
		// Marked as announced, or with a later report among its sources,
		// or starting on the day of publication, the edge loads.
		rep := mustLoad(t, s, parseJSON(t, `{"edges": [
			{"from": "control:c", "type": "restricts", "to": "material:m", "since": "2025-12-01", "basis": "announced", "sources": ["source:oct"]},
			{"from": "control:c", "type": "restricts", "to": "material:n", "since": "2025-12-01", "sources": ["source:oct", "source:dec"]},
			{"from": "control:c", "type": "applies_to", "to": "country:x", "since": "2025-10-09", "sources": ["source:oct"]}
		]}`), loaders.Options{})
		if len(rep.Warnings) != 0 {
			t.Errorf("warnings for dated sources: %v", rep.Warnings)
		}
	})
}

func TestEdgesOnUndatedSourcesWarnAndCount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		defer storetest.Forget(s.Backend())
		mustLoad(t, s, parseJSON(t, sourcesAndControl), loaders.Options{})
		// An undated source says nothing of when: no refusal, a warning.
		rep := mustLoad(t, s, parseJSON(t, `{"edges": [
			{"from": "control:c", "type": "restricts", "to": "material:m", "since": "2025-12-01", "sources": ["source:undated"]},
			{"from": "control:c", "type": "restricts", "to": "material:n", "sources": ["source:undated", "source:dec"]}
		]}`), loaders.Options{})
		if len(rep.Warnings) != 2 || !strings.HasPrefix(rep.Warnings[0], "1 edge(s) rest only on sources without a publication date") ||
			!strings.Contains(rep.Warnings[1], "input.json:2: edge control:c -restricts-> material:m") {
			t.Errorf("warnings = %q", rep.Warnings)
		}
		if st := stats(t, s); st.UndatedSources != 1 || st.UndatedEdges != 1 {
			t.Errorf("stats count %d undated sources and %d undated edges, want 1 and 1", st.UndatedSources, st.UndatedEdges)
		}
	})
}
