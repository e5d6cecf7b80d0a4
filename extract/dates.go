package extract

import (
	"fmt"
	"time"
)

// precision is how much of a date the text gives.
type precision uint8

const (
	noDate precision = iota
	yearOnly
	monthOnly
	fullDay
)

// date is a calendar date as precise as the text gives it.
type date struct {
	y, m, d int
	prec    precision
}

// String writes the date as YYYY-MM-DD, YYYY-MM or YYYY.
func (d date) String() string {
	switch d.prec {
	case fullDay:
		return fmt.Sprintf("%04d-%02d-%02d", d.y, d.m, d.d)
	case monthOnly:
		return fmt.Sprintf("%04d-%02d", d.y, d.m)
	case yearOnly:
		return fmt.Sprintf("%04d", d.y)
	}
	return ""
}

// day is the date as YYYY-MM-DD, or "" when the text does not give the day.
func (d date) day() string {
	if d.prec != fullDay {
		return ""
	}
	return d.String()
}

func (d date) time() time.Time {
	m, day := d.m, d.d
	if m == 0 {
		m = 1
	}
	if day == 0 {
		day = 1
	}
	return time.Date(d.y, time.Month(m), day, 0, 0, 0, 0, time.UTC)
}

func dayOf(t time.Time) date { return date{t.Year(), int(t.Month()), t.Day(), fullDay} }

// parseDay reads YYYY-MM-DD.
func parseDay(s string) (date, bool) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return date{}, false
	}
	return dayOf(t), true
}

// dateMention is a date expression of a sentence.
type dateMention struct {
	t0, t1 int // tokens, t1 exclusive
	d      date
	// prep is the word before it (on, since, until, from, by, in, before,
	// after), which says what the date is for.
	prep string
	// relative is set for expressions the article's date resolves
	// (Friday, last month, yesterday).
	relative bool
}

var months = map[string]int{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
	"june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
	"october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

var weekdays = map[string]time.Weekday{
	"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday, "thursday": time.Thursday,
	"friday": time.Friday, "saturday": time.Saturday, "sunday": time.Sunday,
}

var datePreps = map[string]bool{
	"on": true, "since": true, "until": true, "till": true, "from": true, "by": true, "in": true, "before": true,
	"after": true, "of": true, "through": true, "to": true, "between": true, "and": true,
}

// findDates finds the date expressions of a sentence and resolves them
// against the article's date: weekdays to the last such day on or before
// it (on Friday, early Saturday), yesterday and today, last/this/next
// month, week days and years, month names with or without a day and a
// year (Oct. 9, 9 October 2025, in April, last December), ISO dates and
// years after a preposition (in 2024).
//
// ctxYear is a year the paragraph has given in full before (October 2023:
// … announced on Oct. 20): a date without a year takes it, not the year
// nearest the article's date.
func findDates(toks []token, pub date, ctxYear int) []dateMention {
	yearOf := func(m, d int) int {
		if ctxYear != 0 {
			return ctxYear
		}
		return inferYear(pub, m, d)
	}
	var out []dateMention
	add := func(t0, t1 int, d date, relative bool) {
		m := dateMention{t0: t0, t1: t1, d: d, relative: relative}
		if !relative && d.prec >= monthOnly {
			ctxYear = d.y
		}
		j := t0 - 1
		for j >= 0 && toks[j].is("early", "late", "mid", "the", "as") {
			j--
		}
		if j >= 0 && datePreps[toks[j].fold] {
			m.prep = toks[j].fold
		}
		out = append(out, m)
	}
	word := func(i int) string {
		if i < len(toks) && toks[i].kind == tokWord {
			return toks[i].fold
		}
		return ""
	}
	for i := 0; i < len(toks); i++ {
		t := &toks[i]
		switch {
		case t.kind == tokWord:
			w := t.fold
			if wd, ok := weekdays[w]; ok {
				end := i + 1
				if word(end) == "morning" || word(end) == "afternoon" || word(end) == "evening" || word(end) == "night" {
					end++
				}
				start := i
				if i > 0 && toks[i-1].is("early", "late") {
					start = i - 1
				}
				add(start, end, lastWeekday(pub, wd), true)
				i = end - 1
				continue
			}
			switch w {
			case "recently":
				add(i, i+1, date{}, true)
				continue
			case "today", "tonight":
				add(i, i+1, pub, true)
				continue
			case "yesterday":
				add(i, i+1, dayOf(pub.time().AddDate(0, 0, -1)), true)
				continue
			case "last", "this", "next", "earlier", "later":
				n := i + 1
				if w == "earlier" || w == "later" {
					if word(n) != "this" {
						continue
					}
					n++
				}
				rel := map[string]int{"last": -1, "this": 0, "next": 1, "earlier": 0, "later": 0}[w]
				if w == "earlier" || w == "later" {
					rel = 0
				}
				switch nw := word(n); {
				case nw == "week" || nw == "weekend":
					// a week is no date, but it says when not: the
					// article's own date would be wrong
					add(i, n+1, date{}, true)
					i = n
				case nw == "month":
					t := pub.time().AddDate(0, rel, 0)
					if rel != 0 {
						t = time.Date(pub.y, time.Month(pub.m)+time.Month(rel), 1, 0, 0, 0, 0, time.UTC)
					}
					add(i, n+1, date{t.Year(), int(t.Month()), 0, monthOnly}, true)
					i = n
				case nw == "year":
					add(i, n+1, date{pub.y + rel, 0, 0, yearOnly}, true)
					i = n
				case months[nw] != 0 && len(nw) > 3 && nw != "may":
					m := months[nw]
					y := pub.y
					switch {
					case rel < 0 && m >= pub.m:
						y--
					case rel > 0 && m <= pub.m:
						y++
					}
					add(i, n+1, date{y, m, 0, monthOnly}, true)
					i = n
				}
				continue
			}
			m, ok := months[w]
			if !ok || !monthWord(toks, i) {
				continue
			}
			end := i + 1
			if end < len(toks) && toks[end].raw == "." {
				end++
			}
			// Month Day[, Year]
			if end < len(toks) && toks[end].kind == tokNumber && isDay(toks[end]) {
				d := int(toks[end].num)
				e := end + 1
				y, hasYear := 0, false
				if e+1 < len(toks) && toks[e].raw == "," && isYear(toks[e+1]) {
					y, hasYear, e = int(toks[e+1].num), true, e+2
				} else if e < len(toks) && isYear(toks[e]) {
					y, hasYear, e = int(toks[e].num), true, e+1
				}
				if !hasYear {
					y = yearOf(m, d)
				}
				add(i, e, date{y, m, d, fullDay}, !hasYear)
				i = e - 1
				continue
			}
			// Day Month [Year]
			if i > 0 && toks[i-1].kind == tokNumber && isDay(toks[i-1]) {
				d := int(toks[i-1].num)
				e := end
				y, hasYear := 0, false
				if e < len(toks) && isYear(toks[e]) {
					y, hasYear, e = int(toks[e].num), true, e+1
				}
				if !hasYear {
					y = yearOf(m, d)
				}
				add(i-1, e, date{y, m, d, fullDay}, !hasYear)
				i = e - 1
				continue
			}
			// Month Year, or Month alone
			if end < len(toks) && isYear(toks[end]) {
				add(i, end+1, date{int(toks[end].num), m, 0, monthOnly}, false)
				i = end
				continue
			}
			add(i, end, date{yearOf(m, 15), m, 0, monthOnly}, true)
			i = end - 1
		case t.kind == tokNumber && isYear(*t):
			// ISO date
			if i+4 < len(toks) && toks[i+1].raw == "-" && toks[i+2].kind == tokNumber && toks[i+3].raw == "-" && toks[i+4].kind == tokNumber {
				if d, ok := parseDay(toks[i].raw + "-" + toks[i+2].raw + "-" + toks[i+4].raw); ok {
					add(i, i+5, d, false)
					i += 4
					continue
				}
			}
			// a year after a preposition: in 2024, since 2020, between 2020 and 2023
			if i > 0 && datePreps[toks[i-1].fold] && !(i+1 < len(toks) && toks[i+1].kind == tokWord && !toks[i+1].is("and", "to")) {
				add(i, i+1, date{int(t.num), 0, 0, yearOnly}, false)
			}
		}
	}
	return out
}

// monthWord reports whether the month name at i is a month: May and March
// are also a verb and a noun, and abbreviations must be capitalised.
func monthWord(toks []token, i int) bool {
	t := &toks[i]
	if !t.title() {
		return false
	}
	next := func(j int) *token {
		if j < len(toks) {
			return &toks[j]
		}
		return nil
	}
	switch t.fold {
	case "may", "mar":
		n := next(i + 1)
		if n != nil && n.raw == "." {
			n = next(i + 2)
		}
		if n != nil && n.kind == tokNumber {
			return true
		}
		return i > 0 && toks[i-1].is("in", "since", "until", "early", "late", "mid", "from", "of", "last", "next")
	}
	return true
}

func isDay(t token) bool {
	return t.kind == tokNumber && t.num >= 1 && t.num <= 31 && t.num == float64(int(t.num)) && len(t.raw) <= 2
}

func isYear(t token) bool {
	return t.kind == tokNumber && len(t.raw) == 4 && t.num >= 1900 && t.num <= 2100
}

// lastWeekday is the last day on or before pub that falls on wd: reports
// name the days of the past week by their names.
func lastWeekday(pub date, wd time.Weekday) date {
	t := pub.time()
	back := (int(t.Weekday()) - int(wd) + 7) % 7
	return dayOf(t.AddDate(0, 0, -back))
}

// inferYear gives a month and day without a year the year that puts them
// nearest the article's date, a day ahead counting three days back:
// reports speak of the past more than of the future.
func inferYear(pub date, m, d int) int {
	best, bestCost := pub.y, -1.0
	for _, y := range []int{pub.y - 1, pub.y, pub.y + 1} {
		days := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Sub(pub.time()).Hours() / 24
		cost := -days
		if days > 0 {
			cost = 3 * days
		}
		if bestCost < 0 || cost < bestCost {
			best, bestCost = y, cost
		}
	}
	return best
}
