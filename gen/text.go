package gen

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/chokepoint/chokepoint/kg"
)

// slugLetters spells the letters that lose no diacritic under kg.Fold.
var slugLetters = map[rune]string{'ø': "o", 'æ': "ae", 'œ': "oe", 'ß': "ss", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th", 'ı': "i"}

// slug turns a name into the slug of an id: lower-case ASCII letters and
// digits separated by single dashes, at most max bytes (0 = no limit).
func slug(s string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range fold(s) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLower(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case slugLetters[r] != "":
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteString(slugLetters[r])
		case r == '\'' || r == 'ʻ' || r == '’':
		default:
			dash = true
		}
	}
	if max > 0 {
		return cut(b.String(), max)
	}
	return b.String()
}

// cut shortens a slug to at most max bytes, after a whole word when it can.
func cut(s string, max int) string {
	if len(s) <= max {
		return s
	}
	s = s[:max]
	if i := strings.LastIndexByte(s, '-'); i > 0 {
		s = s[:i]
	}
	return s
}

// fold is kg.Fold with a fast path: ASCII text, as most names are, only
// needs lowering, and kg.Fold allocates a transformer on every call.
func fold(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return kg.Fold(s)
		}
	}
	return strings.ToLower(strings.TrimSpace(s))
}

// suffixed makes a slug unique by the entity's index: two entities never
// share an index within a kind, and the index is the last dash-separated
// part.
func suffixed(s string, i int) string {
	return slug(s, 48) + "-" + strconv.Itoa(i)
}

// Days are counted from 2000-01-01; every date is drawn as a day number.
var epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

func day(y, m, d int) int {
	return int(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Sub(epoch) / (24 * time.Hour))
}

func date(n int) string { return epoch.AddDate(0, 0, n).Format(kg.DateLayout) }

func year(n int) int { return epoch.AddDate(0, 0, n).Year() }

func monthYear(n int) string {
	t := epoch.AddDate(0, 0, n)
	return months[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// dayIn draws a day in [from, to].
func (r *rng) dayIn(from, to int) int { return r.between(from, to) }

// Reference days.
var (
	day2010 = day(2010, 1, 1)
	day2015 = day(2015, 1, 1)
	day2018 = day(2018, 1, 1)
	day2019 = day(2019, 1, 1)
	day2023 = day(2023, 1, 1)
	day2024 = day(2024, 1, 1)
	dayEnd  = day(2025, 12, 31)
	dayLast = day(2026, 6, 30)
)

// recentDay draws a day from 2015 to mid-2026, half of them from 2023 to 2025.
func (r *rng) recentDay() int {
	switch x := r.intn(10); {
	case x < 5:
		return r.dayIn(day2023, dayEnd)
	case x < 9:
		return r.dayIn(day2015, day2023-1)
	default:
		return r.dayIn(dayEnd+1, dayLast)
	}
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	if c := s[0]; c < utf8.RuneSelf {
		if 'a' <= c && c <= 'z' {
			return string(c-'a'+'A') + s[1:]
		}
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// lowerFirst lowers the first letter of a name used inside a sentence,
// but leaves an acronym such as NdFeB or GaN as it is.
func lowerFirst(s string) string {
	if len(s) < 2 || s[0] < 'A' || s[0] > 'Z' || 'A' <= s[1] && s[1] <= 'Z' {
		return s
	}
	return string(s[0]-'A'+'a') + s[1:]
}
