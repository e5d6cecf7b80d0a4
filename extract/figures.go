package extract

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
)

// figure is an amount the text states: money, a percentage or a mass.
type figure struct {
	t0, t1 int // tokens
	value  float64
	// unit is the normal unit: "EUR bn", "USD bn", "CNY bn", "GBP bn",
	// "JPY bn", "%", "t", "t REO", "kg".
	unit string
	// kind is "money", "percent" or "mass".
	kind string
	// qualifier is about, more than, at least… as written.
	qualifier string
	// per is "day", "year"… for a rate (a day, per year, annually).
	per string
	// period is the time the figure is for, as written (last year, in
	// 2024, over the next 12 months), and year its resolved year.
	period string
	year   int
	// measure is what it measures (trade deficit, exports, share of
	// refining…), from the words around it.
	measure string
}

// currencies by how they are written before or after a number.
var currencySymbols = map[string]string{"€": "EUR", "$": "USD", "£": "GBP", "¥": "CNY"}

var currencyWords = map[string]string{
	"euro": "EUR", "eur": "EUR", "dollar": "USD", "usd": "USD", "us$": "USD", "yuan": "CNY", "renminbi": "CNY",
	"rmb": "CNY", "cny": "CNY", "pound": "GBP", "gbp": "GBP", "sterling": "GBP", "yen": "JPY", "jpy": "JPY",
}

// scales turn "billion" into a factor of the unit's billions.
var scales = map[string]float64{
	"bn": 1, "billion": 1, "b": 1, "m": 1e-3, "mn": 1e-3, "million": 1e-3, "tn": 1e3, "trillion": 1e3,
	"thousand": 1e-6, "k": 1e-6,
}

var massUnits = map[string]float64{
	"tonne": 1, "ton": 1, "t": 1, "metric": 1, "kilotonne": 1e3, "kt": 1e3, "mt": 1e6, "megatonne": 1e6,
	"kg": 1e-3, "kilogram": 1e-3, "kilo": 1e-3,
}

var qualifiers = []string{"about", "around", "roughly", "some", "nearly", "almost", "approximately", "over", "more than",
	"less than", "at least", "at most", "up to", "just over", "just under", "below", "above", "close to", "an estimated"}

// measureWords say what a figure measures, in the order they are tried;
// weakMeasures say it only when nothing else does (worth, value).
var measureWords = []string{
	"trade deficit", "trade surplus", "deficit", "surplus", "import reliance", "exports", "exported", "imports", "imported",
	"trade", "output", "production", "produced", "mined", "mine", "reserves", "refining", "separation",
	"processing", "recycling", "extraction", "extract", "manufacturing", "supply", "supplied", "demand", "consumption",
	"funding", "mobilise", "mobilize", "investment", "sales", "revenue", "share", "owned",
}

var weakMeasures = []string{"worth", "value"}

// findFigures finds money, percentages and masses in a sentence.
func findFigures(toks []token, pub date) []figure {
	var out []figure
	for i := 0; i < len(toks); i++ {
		t := &toks[i]
		// €300 billion, $345bn, US$ 2 billion, £3m
		if cur, ok := currencySymbols[t.raw]; ok && i+1 < len(toks) {
			j := i + 1
			if t.raw == "$" && i > 0 && toks[i-1].raw == "US" && toks[i-1].end == t.start {
				cur = "USD"
			}
			if toks[j].kind == tokNumber {
				f, end := money(toks, i, j, cur)
				out = append(out, f)
				i = end - 1
				continue
			}
		}
		if t.kind != tokNumber {
			continue
		}
		if i > 0 && toks[i-1].kind == tokWord && currencyWords[toks[i-1].fold] != "" && toks[i-1].upper() {
			// EUR 300bn
			f, end := money(toks, i-1, i, currencyWords[toks[i-1].fold])
			out = append(out, f)
			i = end - 1
			continue
		}
		j := i + 1
		scale := 1.0
		scaleWord := ""
		if j < len(toks) && toks[j].kind == tokWord {
			if s, ok := scales[toks[j].fold]; ok && toks[j].fold != "b" && toks[j].fold != "k" && toks[j].fold != "m" {
				scale, scaleWord = s, toks[j].fold
				j++
			}
		}
		switch {
		case j < len(toks) && (toks[j].raw == "%" || toks[j].is("percent") || toks[j].is("per") && j+1 < len(toks) && toks[j+1].is("cent")):
			end := j + 1
			if toks[j].is("per") {
				end++
			}
			if end < len(toks) && toks[end].is("point", "points") {
				continue // a change in percentage points is not a share
			}
			out = append(out, figure{t0: i, t1: end, value: round(t.num), unit: "%", kind: "percent"})
			i = end - 1
		case j < len(toks) && toks[j].kind == tokWord && currencyWords[toks[j].norm] != "":
			// 300 billion euros, 5 billion yuan
			v := t.num
			if scaleWord != "" {
				v *= scale
			} else {
				v *= 1e-9
			}
			out = append(out, figure{t0: i, t1: j + 1, value: round(v), unit: currencyWords[toks[j].norm] + " bn", kind: "money"})
			i = j
		case j < len(toks) && toks[j].kind == tokWord && massUnits[toks[j].norm] != 0 && massWord(toks, j):
			f := massUnits[toks[j].norm]
			end := j + 1
			if toks[j].is("metric") {
				if end < len(toks) && toks[end].norm == "ton" {
					end++
				} else {
					continue
				}
			}
			mult := 1.0
			if scaleWord != "" {
				mult = scale * 1e9
			}
			unit, v := "t", t.num*mult*f
			if toks[j].norm == "kg" || toks[j].norm == "kilogram" || toks[j].norm == "kilo" {
				unit, v = "kg", t.num*mult
			}
			if oxide(toks, end) {
				unit += " REO"
			}
			out = append(out, figure{t0: i, t1: end, value: round(v), unit: unit, kind: "mass"})
			i = end - 1
		}
	}
	for k := range out {
		describe(&out[k], toks, pub)
	}
	return out
}

// massWord checks that a mass unit is one: "t" only right after the number.
func massWord(toks []token, j int) bool {
	if toks[j].fold == "t" || toks[j].fold == "mt" || toks[j].fold == "kt" {
		return toks[j].start == toks[j-1].end || toks[j].raw == "t" || toks[j].raw == "Mt" || toks[j].raw == "kt"
	}
	return true
}

// oxide reports whether "of rare-earth oxide" or "REO" follows.
func oxide(toks []token, i int) bool {
	if i < len(toks) && toks[i].raw == "REO" {
		return true
	}
	for j := i; j < len(toks) && j < i+6; j++ {
		if toks[j].is("oxide", "oxides", "reo") {
			return true
		}
		if toks[j].kind == tokPunct && toks[j].raw != "-" {
			return false
		}
	}
	return false
}

// money reads the number at j and a scale word after it (bn, billion, m),
// for a currency written at i.
func money(toks []token, i, j int, cur string) (figure, int) {
	v := toks[j].num
	end := j + 1
	scaled := false
	if end < len(toks) && toks[end].kind == tokWord {
		if s, ok := scales[toks[end].fold]; ok {
			v *= s
			end++
			scaled = true
		}
	}
	if !scaled {
		v *= 1e-9
	}
	// "300bn euros": a currency word after the scale is part of it.
	if end < len(toks) && toks[end].kind == tokWord && currencyWords[toks[end].norm] == cur {
		end++
	}
	return figure{t0: i, t1: end, value: round(v), unit: cur + " bn", kind: "money"}, end
}

// round keeps a value to nine significant digits, so that 2.3 billion
// stays 2.3 and not 2.2999999999999998.
func round(v float64) float64 {
	if v == 0 {
		return 0
	}
	s := strconv.FormatFloat(v, 'g', 9, 64)
	r, _ := strconv.ParseFloat(s, 64)
	return r
}

// describe sets a figure's qualifier, rate, period and measure from the
// words around it.
func describe(f *figure, toks []token, pub date) {
	before := phrase(toks, max(0, f.t0-4), f.t0)
	for _, q := range qualifiers {
		if strings.HasSuffix(before, " "+q) || before == q {
			f.qualifier = q
			break
		}
	}
	// a rate after the figure, or after its equivalent in brackets:
	// €2.3 billion ($2.7 billion) a day
	next := f.t1
	if next < len(toks) && toks[next].raw == "(" {
		for next < len(toks) && toks[next].raw != ")" {
			next++
		}
		next++
	}
	after := phrase(toks, min(next, len(toks)), min(len(toks), next+8))
	for _, p := range []struct{ words, per string }{
		{"a day", "day"}, {"per day", "day"}, {"a year", "year"}, {"per year", "year"}, {"a month", "month"},
		{"per month", "month"}, {"annually", "year"}, {"each year", "year"}, {"every year", "year"}, {"/yr", "year"},
	} {
		if strings.HasPrefix(after, p.words) || strings.HasPrefix(after, ") "+p.words) {
			f.per = p.per
			break
		}
	}
	// period: last year, in 2024, between 2020 and 2023, over the next 12 months
	rest := phrase(toks, f.t1, len(toks))
	switch {
	case strings.Contains(rest, "last year"):
		f.period, f.year = "last year", pub.y-1
	case strings.Contains(rest, "over the next 12 months"), strings.Contains(rest, "over 12 months"):
		f.period = "over 12 months"
	}
	for k := f.t1; k < len(toks) && k < f.t1+12; k++ {
		if isYear(toks[k]) && k > 0 && toks[k-1].is("in", "for", "between", "of") {
			if f.period == "" {
				f.period = toks[k-1].fold + " " + toks[k].raw
				if toks[k-1].is("between") && k+2 < len(toks) && isYear(toks[k+2]) {
					f.period += " and " + toks[k+2].raw
				}
				f.year = int(toks[k].num)
			}
			break
		}
	}
	// measure: the measure word nearest before the figure in its clause
	// (the longest of those that end together), else one after it
	before = phrase(toks, clauseStart(toks, f.t0), f.t0)
	after = phrase(toks, f.t1, min(len(toks), f.t1+10))
	for _, words := range [][]string{measureWords, weakMeasures} {
		bestEnd := -1
		for _, w := range words {
			if k := strings.LastIndex(before, w); k >= 0 && (k+len(w) > bestEnd || k+len(w) == bestEnd && len(w) > len(f.measure)) {
				f.measure, bestEnd = w, k+len(w)
			}
		}
		if f.measure == "" {
			for _, w := range words {
				if strings.Contains(after, w) {
					f.measure = w
					break
				}
			}
		}
		if f.measure != "" {
			break
		}
	}
}

// clauseStart is the first token of the clause of token i: after the last
// semicolon, colon, or dash before it, or the sentence start.
func clauseStart(toks []token, i int) int {
	for k := i - 1; k >= 0; k-- {
		if toks[k].raw == ";" || toks[k].raw == ":" || toks[k].raw == "—" {
			return k + 1
		}
	}
	return 0
}

// phrase is the folded words of toks[i:j] joined by spaces.
func phrase(toks []token, i, j int) string {
	var b strings.Builder
	for k := i; k < j; k++ {
		if k > i && toks[k].space {
			b.WriteByte(' ')
		}
		b.WriteString(toks[k].fold)
	}
	return b.String()
}

// figureText writes a figure as a reader would: €300bn, 98%, 270,000 t.
func (f figure) text() string {
	v := strconv.FormatFloat(f.value, 'f', -1, 64)
	if math.Abs(f.value) >= 10000 && f.value == math.Trunc(f.value) {
		v = thousands(int64(f.value))
	}
	switch f.kind {
	case "money":
		sym := map[string]string{"EUR": "€", "USD": "$", "GBP": "£", "CNY": "CNY ", "JPY": "JPY "}[strings.Fields(f.unit)[0]]
		return sym + v + "bn"
	case "percent":
		return v + "%"
	}
	return v + " " + f.unit
}

func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// figures finds the amounts of a sentence and what each is of: the
// entity named nearest to it (an item or a country before an
// organisation), who states it when the sentence reports it, and when.
func (d *doc) figures(st *sent) {
	if st.headline {
		return
	}
	for _, f := range findFigures(st.toks, d.pub) {
		start, end := st.toks[f.t0].start, st.toks[f.t1-1].end
		fig := Figure{ID: fmt.Sprintf("statement:%s-fig-%d-%d", d.slug, d.off.char(start), d.off.char(end)),
			Value: f.value, Unit: f.unit, Kind: f.kind, Qualifier: f.qualifier, Per: f.per, Period: f.period,
			Measure: f.measure, Date: d.pub}
		for _, s := range d.res.Statements {
			if s.Evidence.Start != d.off.char(st.start) {
				continue
			}
			if a, b := d.textSpan(st, s); start >= a && end <= b {
				fig.Speaker, fig.Date = s.Speaker, s.Date
			}
		}
		fig.About = d.figureOf(st, f, fig.Speaker)
		conf := 0.85
		if fig.About == "" {
			conf = 0.5
		}
		fig.Evidence = d.evidence(st, start, end, conf)
		d.res.Figures = append(d.res.Figures, fig)
	}
}

// figureOf is the entity a figure is of: the mention nearest to it in
// its sentence, items and countries first, never the speaker nor an
// organisation in a title; else the last such entity the article named.
func (d *doc) figureOf(st *sent, f figure, speaker string) string {
	rank := func(k kg.Kind) int {
		switch k {
		case kg.Material, kg.Group, kg.Product:
			return 0
		case kg.Country:
			return 1
		case kg.Event, kg.Control:
			return 2
		case kg.Institution, kg.Company, kg.Facility:
			return 3
		}
		return 9
	}
	best, bestScore := "", 1<<30
	for _, m := range st.ments {
		k := d.kind(m.id)
		if m.id == speaker || rank(k) == 9 || st.titles[m.t0] || k == kg.Official {
			continue
		}
		dist := f.t0 - m.t1
		if m.t0 >= f.t1 {
			dist = m.t0 - f.t1
		}
		if dist < 0 {
			dist = 0
		}
		if score := rank(k)*8 + dist; score < bestScore {
			best, bestScore = m.id, score
		}
	}
	if best != "" {
		return best
	}
	for _, id := range d.recentIDs() {
		if k := d.kind(id); k == kg.Material || k == kg.Group || k == kg.Country {
			return id
		}
	}
	return ""
}
