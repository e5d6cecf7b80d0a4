package graph

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"

	"github.com/chokepoint/chokepoint/graph/model"
	"github.com/chokepoint/chokepoint/kg"
)

// Search finds candidates four ways over `folded` (names, aliases and codes
// in lower case without diacritics) — every word of the text, any shared
// word, the whole name starting with the text, and trigram fuzzy matching
// for typos — then ranks them here. Every word comes first: in a large
// graph "no. 57" shares "no" with a thousand codes, and the candidates of
// any shared word are cut at searchCandidate.

const (
	maxSearchText   = 200
	maxSearchFirst  = 50
	searchCandidate = 200 // candidates per way, before ranking
	fuzzyDistance   = 2
)

func planSearch(r *Resolver, p *planner, f graphql.CollectedField) (finisher, error) {
	args, err := argsOf[struct {
		Text  string             `json:"text"`
		Kinds []model.EntityKind `json:"kinds"`
		First int                `json:"first"`
	}](r.schema, p.op, f)
	if err != nil {
		return nil, err
	}
	q := kg.Fold(args.Text)
	switch {
	case q == "":
		return nil, kg.Errorf(kg.CodeInvalid, "search text must not be empty")
	case utf8.RuneCountInString(q) > maxSearchText:
		return nil, kg.Errorf(kg.CodeInvalid, "search text is longer than %d characters", maxSearchText)
	case args.First < 1 || args.First > maxSearchFirst:
		return nil, kg.Errorf(kg.CodeInvalid, "first must be between 1 and %d, got %d", maxSearchFirst, args.First)
	}
	var types []string
	for _, k := range args.Kinds {
		kind, ok := kg.ParseKind(string(k))
		if !ok {
			return nil, kg.Errorf(kg.CodeInvalid, "unknown kind %s", kg.Quote(string(k)))
		}
		types = append(types, fmt.Sprintf("type(%s)", kind))
	}
	np, err := p.node(childSelection(p.op, f.Selections, "SearchHit", "entity"), entityTypes)
	if err != nil {
		return nil, err
	}
	tv := p.vars.Add("string", q)
	hi := p.vars.Add("string", q+"\uffff")
	limit := p.vars.Int(searchCandidate)
	// Typos are looked for in one-word texts only: Dgraph's match compares
	// the whole text with every name sharing a trigram with it, a cost that
	// grows with the text, while a longer text still finds its other words.
	// An empty text matches nothing at no cost, and keeps the query's text
	// the same whatever the search.
	typo := q
	if len(words(q)) != 1 {
		typo = ""
	}
	fv := p.vars.Add("string", typo)
	all, terms, prefix, fuzzy, a := p.name("s"), p.name("s"), p.name("s"), p.name("s"), p.name("search")
	p.block(fmt.Sprintf("var(func: allofterms(folded, %s), first: %s) { %s as uid }", tv, limit, all),
		fmt.Sprintf("var(func: anyofterms(folded, %s), first: %s) { %s as uid }", tv, limit, terms),
		fmt.Sprintf("var(func: between(folded, %s, %s), first: %s) { %s as uid }", tv, hi, limit, prefix),
		fmt.Sprintf("var(func: match(folded, %s, %d), first: %s) { %s as uid }", fv, fuzzyDistance, limit, fuzzy))
	where := ""
	if len(types) > 0 {
		where = " @filter(" + strings.Join(types, " OR ") + ")"
	}
	p.block(fmt.Sprintf("%s(func: uid(%s, %s, %s, %s))%s { folded %s }", a, all, terms, prefix, fuzzy, where, np.body))
	return func(resp answer, d *decoder) (any, error) {
		ns := resp[a]
		hits := make([]*model.SearchHit, 0, len(ns))
		for i := range ns {
			e := d.node(&ns[i], np)
			if e == nil {
				continue
			}
			if score := Score(q, ns[i].Folded); score > 0 {
				hits = append(hits, &model.SearchHit{Entity: e, Score: score})
			}
		}
		slices.SortStableFunc(hits, func(a, b *model.SearchHit) int {
			return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Entity.Base().Name, b.Entity.Base().Name),
				cmp.Compare(a.Entity.Base().ID, b.Entity.Base().ID))
		})
		return hits[:min(args.First, len(hits))], nil
	}, nil
}

// Score rates how well folded names match folded query q, in (0, 1]:
// 1 an exact name, 0.85 every word of q a word of the name, 0.8 a name
// starting with q, 0.7 a word starting with q, 0.5–0.4 a near miss by edit
// distance, below 0.3 some shared words. Among equals, the name that q
// covers more of ranks first. 0 means no match.
func Score(q string, names []string) float64 {
	best := 0.0
	qWords := words(q)
	for _, n := range names {
		s := 0.0
		ws := words(n)
		switch {
		case n == q:
			s = 1
		case containsAll(ws, qWords):
			s = 0.85
		case strings.HasPrefix(n, q):
			s = 0.8
		case slices.ContainsFunc(ws, func(w string) bool { return strings.HasPrefix(w, q) }):
			s = 0.7
		default:
			if dist := levenshtein(n, q); dist <= fuzzyDistance {
				s = 0.6 - 0.1*float64(dist)
			} else if shared := sharedWords(ws, qWords); shared > 0 {
				s = 0.3 * float64(shared) / float64(len(qWords))
			}
		}
		if s > 0 && s < 1 {
			coverage := float64(utf8.RuneCountInString(q)) / float64(max(1, utf8.RuneCountInString(n)))
			s -= 0.05 * (1 - min(1, coverage))
		}
		best = max(best, s)
	}
	return best
}

// words splits on anything but letters and digits ("šefčovič–wang" is two words).
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func containsAll(words, want []string) bool {
	for _, w := range want {
		if !slices.Contains(words, w) {
			return false
		}
	}
	return len(want) > 0
}

func sharedWords(words, want []string) int {
	n := 0
	for _, w := range want {
		if slices.Contains(words, w) {
			n++
		}
	}
	return n
}

// levenshtein is the edit distance between two short strings, by rune.
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
