package extract_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/chokepoint/chokepoint/extract"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
)

func article(t *testing.T, url, date, text string) *extract.Result {
	t.Helper()
	a, err := extract.Read("a.md", []byte("---\nurl: "+url+"\ndate: "+date+"\npublisher: Wire\ntitle: A story\n---\n"+text), extract.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	return curatedExtractor(t).Extract(a)
}

func TestBuildWritesRecordsAndEvidence(t *testing.T) {
	one := article(t, "https://example.org/one", "2025-11-04",
		"Commission spokesperson Arianna Podestà said on Monday the EU welcomed the suspension. "+
			"European Commission spokesperson Olof Gill said the talks went well. "+
			"The controls were announced in April, and the EU's deficit was €300 billion last year.")
	two := article(t, "https://example.org/two", "2025-11-05",
		"Arianna Podestà, the Commission's spokesperson, said the EU was ready to talk to China about its export controls on rare earths and on batteries.")
	rv := extract.Build([]*extract.Result{one, two})
	var out bytes.Buffer
	if err := rv.Write(&out); err != nil {
		t.Fatal(err)
	}
	// The file is the native format, evidence included.
	g, err := loaders.JSON{}.Parse("review.json", bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	ents := map[string]kg.Entity{}
	for _, e := range g.Entities {
		ents[e.ID] = e
	}
	// The person the graph lacks is one record citing both articles.
	p, ok := ents["official:arianna-podesta"]
	if !ok || !slices.Equal(p.Sources, []string{"source:example.org-one", "source:example.org-two"}) || !strings.Contains(p.Description, "Arianna Podestà") {
		t.Fatalf("new person: %+v", p)
	}
	for _, id := range []string{"source:example.org-one", "source:example.org-two"} {
		if ents[id].Attrs[kg.AttrURL] == "" || ents[id].Attrs[kg.AttrPublished] == "" || ents[id].Attrs[kg.AttrPublisher] != "Wire" {
			t.Errorf("source %s: %+v", id, ents[id])
		}
	}
	var edges []string
	for _, e := range g.Edges {
		edges = append(edges, e.From+" "+e.Type+" "+e.To)
		if !strings.Contains(e.Note, "extraction confidence") || len(e.Sources) == 0 {
			t.Errorf("edge %s %s %s has no evidence in its note or no source", e.From, e.Type, e.To)
		}
	}
	for _, want := range []string{"official:arianna-podesta holds_role institution:european-commission", "said_by official:arianna-podesta"} {
		if !slices.ContainsFunc(edges, func(e string) bool { return strings.Contains(e, want) }) {
			t.Errorf("no edge %q in %q", want, edges)
		}
	}
	// A role the graph holds is evidence only.
	if slices.ContainsFunc(edges, func(e string) bool { return strings.HasPrefix(e, "official:olof-gill holds_role") }) {
		t.Error("the graph's own role of Olof Gill was proposed again")
	}
	status := map[string]string{}
	for _, e := range g.Evidence {
		status[e.Category+" "+e.Record] = e.Status
		if e.Source == "" || e.Text == "" || e.End <= e.Start {
			t.Errorf("evidence %+v", e)
		}
	}
	for k, want := range map[string]string{
		"role official:olof-gill holds_role institution:european-commission": "known",
		"entity official:arianna-podesta":                                    "new",
		"entity official:olof-gill":                                          "known",
		"control control:mofcom-2025-18":                                     "known",
	} {
		if status[k] != want {
			t.Errorf("evidence %s: status %q, want %q", k, status[k], want)
		}
	}
	// An announcement known only by its month has no record, only evidence.
	if !slices.ContainsFunc(g.Evidence, func(e kg.Evidence) bool { return e.Category == "event" && e.Status == "incomplete" }) {
		t.Error("the announcement of April has no incomplete evidence")
	}
	for _, e := range g.Entities {
		if e.Kind == kg.Event {
			t.Errorf("an event without its day became a record: %+v", e)
		}
	}
	// The same articles give the same bytes.
	var again bytes.Buffer
	if err := extract.Build([]*extract.Result{one, two}).Write(&again); err != nil || !bytes.Equal(again.Bytes(), out.Bytes()) {
		t.Fatal("building the same review twice gave different bytes")
	}
}

// The character offsets of evidence point at its text in the article.
func TestEvidenceOffsetsPointAtTheText(t *testing.T) {
	src := "---\nurl: https://example.org/o\ndate: 2025-11-04\ntitle: Šefčovič – a story\n---\n# Šefčovič – a story\n\n" +
		"EU Trade Commissioner Maroš Šefčovič said on Friday that the talks with MOFCOM had gone well. " +
		"\"We welcome the suspension,\" Olof Gill said."
	a, err := extract.Read("o.md", []byte(src), extract.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	rv := extract.Build([]*extract.Result{curatedExtractor(t).Extract(a)})
	runes := []rune(src)
	if len(rv.Evidence) == 0 {
		t.Fatal("no evidence")
	}
	for _, e := range rv.Evidence {
		if got := string(runes[e.Start:e.End]); got != e.Text {
			t.Errorf("evidence of %s: characters %d–%d of the file are %q, not %q", e.Record, e.Start, e.End, got, e.Text)
		}
		if e.Mention != "" && !strings.Contains(e.Text, e.Mention) {
			t.Errorf("evidence of %s: mention %q is not in %q", e.Record, e.Mention, e.Text)
		}
	}
}
