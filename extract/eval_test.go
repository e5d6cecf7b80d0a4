package extract_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/chokepoint/chokepoint/data"
	"github.com/chokepoint/chokepoint/extract"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
)

var (
	curatedOnce sync.Once
	curated     *extract.Extractor
)

// curatedExtractor matches articles against the curated graph.
func curatedExtractor(t testing.TB) *extract.Extractor {
	t.Helper()
	curatedOnce.Do(func() {
		g, err := loaders.ReadFS(data.FS)
		if err != nil {
			t.Fatal(err)
		}
		curated = extract.New(g)
	})
	if curated == nil {
		t.Fatal("the curated graph did not load")
	}
	return curated
}

// gold is the hand annotation of one evaluation article.
type gold struct {
	Entities   []string    `json:"entities"`
	Roles      [][2]string `json:"roles"`
	Statements []struct {
		Speaker, Date, Quote string
	} `json:"statements"`
	Events []struct {
		Category, Date string
		Participants   []string
	} `json:"events"`
	Controls []string `json:"controls"`
	Figures  []struct {
		Value float64
		Unit  string
	} `json:"figures"`
}

// score counts true positives, predictions and gold items of a category.
type score struct{ tp, pred, gold int }

func (s score) p() float64  { return ratio(s.tp, s.pred) }
func (s score) r() float64  { return ratio(s.tp, s.gold) }
func (s score) f1() float64 { p, r := s.p(), s.r(); return ratio2(2*p*r, p+r) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func ratio2(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func (s *score) add(o score) { s.tp += o.tp; s.pred += o.pred; s.gold += o.gold }

// categories in the order the table lists them.
var categories = []string{"entities", "roles", "statements (text)", "statements (speaker and date)", "events",
	"event participants", "controls", "figures"}

// setScore compares two sets of keys.
func setScore(pred, want []string) (score, []string, []string) {
	ps, ws := map[string]bool{}, map[string]bool{}
	for _, p := range pred {
		ps[p] = true
	}
	for _, w := range want {
		ws[w] = true
	}
	var s score
	var extra, missed []string
	for p := range ps {
		if ws[p] {
			s.tp++
		} else {
			extra = append(extra, p)
		}
	}
	for w := range ws {
		if !ps[w] {
			missed = append(missed, w)
		}
	}
	s.pred, s.gold = len(ps), len(ws)
	sort.Strings(extra)
	sort.Strings(missed)
	return s, extra, missed
}

// key writes an entity as the gold files do: its id, or new:Kind:Name.
func key(res *extract.Result, id string) string {
	for _, m := range res.Mentions {
		if m.ID == id && !m.Known {
			return "new:" + string(m.Kind) + ":" + kg.Fold(m.Name)
		}
	}
	return id
}

func goldKey(k string) string {
	if rest, ok := strings.CutPrefix(k, "new:"); ok {
		kind, name, _ := strings.Cut(rest, ":")
		return "new:" + kind + ":" + kg.Fold(name)
	}
	return k
}

// evaluate scores one article and says what went wrong.
func evaluate(res *extract.Result, g gold) (map[string]score, []string) {
	out := map[string]score{}
	var notes []string
	show := func(cat string, extra, missed []string) {
		if len(extra) > 0 {
			notes = append(notes, fmt.Sprintf("  %s extra: %s", cat, strings.Join(extra, "; ")))
		}
		if len(missed) > 0 {
			notes = append(notes, fmt.Sprintf("  %s missed: %s", cat, strings.Join(missed, "; ")))
		}
	}
	var ents []string
	for _, m := range res.Mentions {
		if m.Kind != kg.Control && m.Kind != kg.Event {
			ents = append(ents, key(res, m.ID))
		}
	}
	var want []string
	for _, e := range g.Entities {
		want = append(want, goldKey(e))
	}
	s, extra, missed := setScore(ents, want)
	out["entities"] = s
	show("entities", extra, missed)

	var roles, wantRoles []string
	for _, r := range res.Roles {
		roles = append(roles, key(res, r.Person)+" @ "+key(res, r.Org))
	}
	for _, r := range g.Roles {
		wantRoles = append(wantRoles, goldKey(r[0])+" @ "+goldKey(r[1]))
	}
	s, extra, missed = setScore(roles, wantRoles)
	out["roles"] = s
	show("roles", extra, missed)

	// statements: matched by text, then checked for speaker and date
	used := make([]bool, len(res.Statements))
	var text, right score
	text.pred, right.pred = len(res.Statements), len(res.Statements)
	text.gold, right.gold = len(g.Statements), len(g.Statements)
	for _, gs := range g.Statements {
		q := kg.Fold(gs.Quote)
		found := -1
		for i, s := range res.Statements {
			if !used[i] && strings.Contains(kg.Fold(s.Text), q) {
				found = i
				break
			}
		}
		if found < 0 {
			notes = append(notes, fmt.Sprintf("  statement missed: %s (%s, %s)", gs.Quote, gs.Speaker, gs.Date))
			continue
		}
		used[found] = true
		text.tp++
		s := res.Statements[found]
		if key(res, s.Speaker) == goldKey(gs.Speaker) && s.DateString() == gs.Date {
			right.tp++
		} else {
			notes = append(notes, fmt.Sprintf("  statement wrong: %q by %s on %s, want %s on %s", clip(s.Text), key(res, s.Speaker), s.DateString(), gs.Speaker, gs.Date))
		}
	}
	for i, s := range res.Statements {
		if !used[i] {
			notes = append(notes, fmt.Sprintf("  statement extra: %q by %s on %s", clip(s.Text), key(res, s.Speaker), s.DateString()))
		}
	}
	out["statements (text)"] = text
	out["statements (speaker and date)"] = right

	var evs, wantEvs, parts, wantParts []string
	for _, e := range res.Events {
		k := e.Class() + " " + e.DateString()
		evs = append(evs, k)
		for _, p := range e.Participants {
			parts = append(parts, k+" "+key(res, p))
		}
	}
	for _, e := range g.Events {
		k := e.Category + " " + e.Date
		wantEvs = append(wantEvs, k)
		for _, p := range e.Participants {
			wantParts = append(wantParts, k+" "+goldKey(p))
		}
	}
	s, extra, missed = setScore(evs, wantEvs)
	out["events"] = s
	show("events", extra, missed)
	s, extra, missed = setScore(parts, wantParts)
	out["event participants"] = s
	show("event participants", extra, missed)

	var ctl []string
	for _, c := range res.Controls {
		ctl = append(ctl, c.IDs...)
	}
	s, extra, missed = setScore(ctl, g.Controls)
	out["controls"] = s
	show("controls", extra, missed)

	var figs, wantFigs []string
	for _, f := range res.Figures {
		figs = append(figs, fmt.Sprintf("%g %s", f.Value, strings.TrimSuffix(f.Unit, " REO")))
	}
	for _, f := range g.Figures {
		wantFigs = append(wantFigs, fmt.Sprintf("%g %s", f.Value, f.Unit))
	}
	s, extra, missed = setScore(figs, wantFigs)
	out["figures"] = s
	show("figures", extra, missed)
	return out, notes
}

func clip(s string) string {
	if len(s) > 70 {
		return s[:70] + "…"
	}
	return s
}

// evalSet extracts and scores every article of a directory.
func evalSet(t *testing.T, dir string) map[string]score {
	t.Helper()
	x := curatedExtractor(t)
	files, err := filepath.Glob(filepath.Join(dir, "*.gold.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no gold files in %s", dir)
	}
	total := map[string]score{}
	for _, gf := range files {
		base := strings.TrimSuffix(gf, ".gold.json")
		arts, _ := filepath.Glob(base + ".*")
		var art string
		for _, a := range arts {
			if !strings.HasSuffix(a, ".gold.json") {
				art = a
			}
		}
		raw, err := os.ReadFile(gf)
		if err != nil {
			t.Fatal(err)
		}
		var g gold
		if err := json.Unmarshal(raw, &g); err != nil {
			t.Fatalf("%s: %v", gf, err)
		}
		body, err := os.ReadFile(art)
		if err != nil {
			t.Fatal(err)
		}
		a, err := extract.Read(art, body, extract.Meta{})
		if err != nil {
			t.Fatal(err)
		}
		res := x.Extract(a)
		scores, notes := evaluate(res, g)
		for c, s := range scores {
			v := total[c]
			v.add(s)
			total[c] = v
		}
		if show := os.Getenv("CHOKEPOINT_EXTRACT_SHOW"); (show == "all" || show == filepath.Base(dir)) && len(notes) > 0 {
			t.Logf("%s:\n%s", filepath.Base(art), strings.Join(notes, "\n"))
		}
	}
	return total
}

// table writes the scores as a Markdown table.
func table(sets []string, scores []map[string]score) string {
	var b strings.Builder
	b.WriteString("| category |")
	for _, s := range sets {
		fmt.Fprintf(&b, " %s P | R | F1 |", s)
	}
	b.WriteString("\n|---|")
	for range sets {
		b.WriteString("---:|---:|---:|")
	}
	b.WriteString("\n")
	for _, c := range categories {
		fmt.Fprintf(&b, "| %s |", c)
		for _, sc := range scores {
			s := sc[c]
			fmt.Fprintf(&b, " %.2f | %.2f | %.2f |", s.p(), s.r(), s.f1())
		}
		b.WriteString("\n")
	}
	return b.String()
}

// thresholds are the lowest F1 each category may fall to over the whole
// evaluation set, set from measurement (see the README): a change that
// loses ground fails.
var thresholds = map[string]float64{
	"entities":                      0.95,
	"roles":                         0.95,
	"statements (text)":             0.95,
	"statements (speaker and date)": 0.90,
	"events":                        0.90,
	"event participants":            0.85,
	"controls":                      0.90,
	"figures":                       0.95,
}

func TestEvaluation(t *testing.T) {
	dev := evalSet(t, "testdata/eval/dev")
	if os.Getenv("CHOKEPOINT_EXTRACT_SHOW") == "dev" {
		// while rules are being written: the held-out set stays unseen
		t.Logf("\n%s", table([]string{"dev"}, []map[string]score{dev}))
		return
	}
	held := evalSet(t, "testdata/eval/heldout")
	fresh := evalSet(t, "testdata/eval/fresh")
	all := map[string]score{}
	for _, set := range []map[string]score{dev, held, fresh} {
		for c, s := range set {
			v := all[c]
			v.add(s)
			all[c] = v
		}
	}
	t.Logf("\n%s", table([]string{"dev", "held-out", "fresh", "all"}, []map[string]score{dev, held, fresh, all}))
	for _, c := range categories {
		if f := all[c].f1(); f < thresholds[c] {
			t.Errorf("%s: F1 %.2f over the whole set, below %.2f", c, f, thresholds[c])
		}
	}
}
