package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const evalArticle = "../../extract/testdata/eval/dev/01-eu-china-stabilise.md"

// An article extracted, loaded, and extracted and loaded again: the
// second round finds everything known and changes nothing.
func TestExtractLoadTwiceChangesNothing(t *testing.T) {
	d := dsn(t)
	mustRun(t, "load", "--dsn", d)
	review := filepath.Join(t.TempDir(), "review.json")
	mustRun(t, "extract", "--dsn", d, evalArticle, "--out", review)
	body, err := os.ReadFile(review)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"id": "source:example.org-chokepoint-eval-2025-11-04-eu-china-rare-earth-supplies", "kind": "Source"`,
		`"type": "said_by", "to": "official:olof-gill"`,
		`"evidence": [`,
		`"record": "official:olof-gill holds_role institution:european-commission", "category": "role", "status": "known"`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("review file lacks %s", want)
		}
	}
	first := mustRun(t, "load", "--dsn", d, review)
	if !regexp.MustCompile(`entities [1-9][0-9]* created, 0 updated, 0 unchanged; edges [1-9][0-9]* created, 0 updated, 0 unchanged`).MatchString(first) {
		t.Fatalf("first load: %s", first)
	}
	if again := mustRun(t, "load", "--dsn", d, review); !strings.Contains(again, " 0 created, 0 updated") || strings.Contains(again, "edges 1") {
		t.Fatalf("the same review loaded twice changed the graph: %s", again)
	}
	// Extracted again, the article brings nothing new.
	second := filepath.Join(t.TempDir(), "again.json")
	mustRun(t, "extract", "--dsn", d, evalArticle, "--out", second)
	if out := mustRun(t, "load", "--dry-run", "--dsn", d, second); !strings.Contains(out, "would load: entities 0 created, 0 updated") ||
		!strings.Contains(out, "edges 0 created, 0 updated") {
		t.Fatalf("the article extracted again would change the graph: %s", out)
	}
}

func TestExtractReportPrintsTheCandidates(t *testing.T) {
	d := dsn(t)
	mustRun(t, "load", "--dsn", d)
	out := mustRun(t, "extract", "--report", "--dsn", d, evalArticle)
	for _, want := range []string{
		"CATEGORY", "EVIDENCE",
		"role       Olof Gill — spokesperson — European Commission",
		"statement  Olof Gill, 2025-11-04: “We welcome the suspension",
		"known", "new",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, `"entities"`) {
		t.Errorf("--report without --out printed the review file too")
	}
}

// Bad input is an error that says what is wrong, and nothing is written.
func TestExtractRefusesBadInput(t *testing.T) {
	d := dsn(t)
	mustRun(t, "load", "--dsn", d)
	dir := t.TempDir()
	write := func(name string, body []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, body, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	front := "---\nurl: https://example.org/a\ndate: 2025-11-04\n---\n"
	words := strings.Repeat("The Commission said the talks went on. ", 6)
	for name, tc := range map[string]struct {
		path, want string
	}{
		"binary":    {write("photo.txt", []byte{0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1}), "photo.txt: binary data, not an article"},
		"latin-1":   {write("latin.txt", []byte(front+"Le commissaire Maro\xa8 \xa9ef\xe8ovi\xe8 a parl\xe9. "+words)), "latin.txt: unknown encoding: byte 0xa8"},
		"empty":     {write("empty.md", []byte("  \n\n")), "empty.md: empty article"},
		"no text":   {write("page.html", []byte(`<html><head><meta property="og:url" content="https://example.org/p"><meta name="date" content="2025-11-04"></head><body><nav>Home | News | `+words+`</nav><article><p>Subscribe.</p></article></body></html>`)), "page.html: no article text in the page"},
		"charset":   {write("odd.html", []byte(`<html><head><meta charset="x-martian"></head><body><p>`+words+`</p></body></html>`)), `odd.html: unknown encoding "x-martian" declared in the page`},
		"no url":    {write("nourl.txt", []byte("date: none\n\n"+words)), "nourl.txt: no URL"},
		"no date":   {write("nodate.md", []byte("---\nurl: https://example.org/b\n---\n"+words)), "nodate.md: no publication date"},
		"extension": {write("story.pdf", []byte(words)), `story.pdf: unknown article format ".pdf"`},
	} {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(dir, name+".json")
			code, stdout, stderr := execute(t, "extract", "--dsn", d, tc.path, "--out", out)
			if code != 1 || stdout != "" || !strings.Contains(stderr, tc.want) || strings.Count(stderr, "\n") != 1 {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit 1 and one line with %q", code, stdout, stderr, tc.want)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Fatalf("a failed extract wrote %s", out)
			}
		})
	}
	// One bad file of several: nothing is written for the good ones either.
	out := filepath.Join(dir, "mixed.json")
	if code, _, _ := execute(t, "extract", "--dsn", d, evalArticle, filepath.Join(dir, "empty.md"), "--out", out); code != 1 {
		t.Fatalf("a bad file among good ones: exit %d", code)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatal("a failed extract wrote its review file")
	}
}

func TestExtractUsageMistakesExitTwo(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"extract"}, "extract needs at least one FILE"},
		{[]string{"extract", "--date", "4 Nov 2025", "a.txt"}, `invalid value "4 Nov 2025" for flag -date: "4 Nov 2025" is not a date (want YYYY-MM-DD)`},
		{[]string{"extract", "--url", "https://example.org/a", "a.txt", "b.txt"}, "--url names one article; got 2 files"},
	} {
		code, stdout, stderr := execute(t, tc.args...)
		lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
		if code != 2 || stdout != "" || len(lines) != 2 || !strings.Contains(lines[0], tc.want) || lines[1] != "Run 'chokepoint help extract' for usage." {
			t.Errorf("chokepoint %v: exit %d, stdout %q, stderr:\n%s\nwant one line with %q and the hint", tc.args, code, stdout, stderr, tc.want)
		}
	}
}
