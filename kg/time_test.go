package kg_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/chokepoint/chokepoint/kg"
)

func TestIntervalContains(t *testing.T) {
	cases := []struct {
		name string
		in   kg.Interval
		day  string
		want bool
	}{
		{"inside", kg.Interval{Since: "2025-01-01", Until: "2025-12-31"}, "2025-06-15", true},
		{"first day is included", kg.Interval{Since: "2025-01-01", Until: "2025-12-31"}, "2025-01-01", true},
		{"last day is included", kg.Interval{Since: "2025-01-01", Until: "2025-12-31"}, "2025-12-31", true},
		{"day before", kg.Interval{Since: "2025-01-01", Until: "2025-12-31"}, "2024-12-31", false},
		{"day after", kg.Interval{Since: "2025-01-01", Until: "2025-12-31"}, "2026-01-01", false},
		{"one-day interval", kg.Interval{Since: "2025-03-03", Until: "2025-03-03"}, "2025-03-03", true},
		{"open start", kg.Interval{Until: "2025-12-31"}, "1900-01-01", true},
		{"open start, after the end", kg.Interval{Until: "2025-12-31"}, "2026-01-01", false},
		{"open end", kg.Interval{Since: "2025-01-01"}, "2999-12-31", true},
		{"open end, before the start", kg.Interval{Since: "2025-01-01"}, "2024-12-31", false},
		{"open both ends", kg.Interval{}, "2025-06-15", true},
		{"across a month boundary", kg.Interval{Since: "2025-09-30", Until: "2025-10-01"}, "2025-10-01", true},
		{"across a year boundary, after", kg.Interval{Since: "2024-12-31", Until: "2025-01-01"}, "2025-01-02", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.in.Contains(c.day); got != c.want {
				t.Fatalf("%+v.Contains(%s) = %v, want %v", c.in, c.day, got, c.want)
			}
		})
	}
}

func TestStatusOn(t *testing.T) {
	// No. 57 [2025]: issued 2025-10-09, in force from 2025-11-08, suspended
	// by No. 70 from 2025-11-07 to 2026-11-10.
	no70 := []kg.Interval{{Since: "2025-11-07", Until: "2026-11-10"}}
	two := []kg.Interval{{Since: "2025-03-01", Until: "2025-03-31"}, {Since: "2025-06-01", Until: "2025-06-30"}}
	cases := []struct {
		name                     string
		issued, effective, until string
		susp                     []kg.Interval
		day                      string
		want                     kg.ControlStatus
	}{
		{"pending before effective", "2025-10-09", "2025-11-08", "", nil, "2025-11-07", kg.StatusPending},
		{"pending between issued and effective", "2025-10-09", "2025-11-08", "", nil, "2025-10-20", kg.StatusPending},
		{"in force on the effective date", "2025-10-09", "2025-11-08", "", nil, "2025-11-08", kg.StatusInForce},
		{"issued date counts when no effective date", "2025-04-04", "", "", nil, "2025-04-04", kg.StatusInForce},
		{"pending before issued when no effective date", "2025-04-04", "", "", nil, "2025-04-03", kg.StatusPending},
		{"in force on the last day", "2025-01-01", "", "2025-12-31", nil, "2025-12-31", kg.StatusInForce},
		{"lapsed the day after until", "2025-01-01", "", "2025-12-31", nil, "2026-01-01", kg.StatusLapsed},
		{"open end never lapses", "2025-01-01", "", "", nil, "2999-01-01", kg.StatusInForce},
		{"suspended inside the suspension", "2025-10-09", "2025-11-08", "", no70, "2025-11-20", kg.StatusSuspended},
		{"suspended on the suspension's last day", "2025-10-09", "2025-11-08", "", no70, "2026-11-10", kg.StatusSuspended},
		{"in force again after the suspension", "2025-10-09", "2025-11-08", "", no70, "2026-11-11", kg.StatusInForce},
		{"pending wins over a suspension that starts first", "2025-10-09", "2025-11-08", "", no70, "2025-11-07", kg.StatusPending},
		{"suspended on the suspension's first day", "2025-01-01", "", "", no70, "2025-11-07", kg.StatusSuspended},
		{"in force the day before a suspension", "2025-01-01", "", "", no70, "2025-11-06", kg.StatusInForce},
		{"lapsed wins over a suspension past until", "2025-01-01", "", "2025-12-31", no70, "2026-01-01", kg.StatusLapsed},
		{"first of several suspensions", "2025-01-01", "", "", two, "2025-03-15", kg.StatusSuspended},
		{"between two suspensions", "2025-01-01", "", "", two, "2025-04-15", kg.StatusInForce},
		{"second of several suspensions", "2025-01-01", "", "", two, "2025-06-30", kg.StatusSuspended},
		{"after every suspension", "2025-01-01", "", "", two, "2025-07-01", kg.StatusInForce},
		{"suspension open at the end", "2025-01-01", "", "", []kg.Interval{{Since: "2025-05-01"}}, "2030-01-01", kg.StatusSuspended},
		{"suspension open at the end, before it", "2025-01-01", "", "", []kg.Interval{{Since: "2025-05-01"}}, "2025-04-30", kg.StatusInForce},
		{"suspension open at the start", "2025-01-01", "", "", []kg.Interval{{Until: "2025-02-01"}}, "2025-01-15", kg.StatusSuspended},
		{"suspension open at the start, after it", "2025-01-01", "", "", []kg.Interval{{Until: "2025-02-01"}}, "2025-02-02", kg.StatusInForce},
		{"suspension open at both ends", "2025-01-01", "", "", []kg.Interval{{}}, "2025-01-01", kg.StatusSuspended},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := kg.StatusOn(c.issued, c.effective, c.until, c.susp, c.day)
			if got != c.want {
				t.Fatalf("StatusOn(%q, %q, %q, %v, %s) = %s, want %s", c.issued, c.effective, c.until, c.susp, c.day, got, c.want)
			}
		})
	}
}

// TestStatusOnAgreesWithDayByDay checks StatusOn against a reference that
// knows nothing of date comparison: it walks a calendar one day at a time,
// starting the control on its first day, ending it the day after its last,
// and marking every day of every suspension.
func TestStatusOnAgreesWithDayByDay(t *testing.T) {
	const window = 3 * 366 // days from 2024-01-01 that dates are drawn from
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	date := func(day int) string { return base.AddDate(0, 0, day).Format(kg.DateLayout) }
	rng := rand.New(rand.NewPCG(20251107, 20261110)) // fixed: a failure reproduces
	// span draws a valid interval of days; an open end is -1.
	span := func(openP float64) (lo, hi int) {
		lo, hi = rng.IntN(window), rng.IntN(window)
		if lo > hi {
			lo, hi = hi, lo
		}
		if rng.Float64() < openP {
			lo = -1
		}
		if rng.Float64() < openP {
			hi = -1
		}
		return lo, hi
	}
	text := func(day int) string {
		if day < 0 {
			return ""
		}
		return date(day)
	}
	for i := range 2000 {
		issued, start := rng.IntN(window), -1
		if rng.IntN(3) > 0 {
			start = issued + rng.IntN(60) // effective on or after issue
		}
		until := -1
		if rng.IntN(2) == 0 {
			until = max(start, issued) + rng.IntN(window)
		}
		var susp []kg.Interval
		suspended := make([]bool, 2*window)
		for range rng.IntN(4) {
			lo, hi := span(0.15)
			susp = append(susp, kg.Interval{Since: text(lo), Until: text(hi)})
			if lo < 0 {
				lo = 0
			}
			if hi < 0 {
				hi = len(suspended) - 1
			}
			for d := lo; d <= hi; d++ {
				suspended[d] = true
			}
		}
		first := start
		if first < 0 {
			first = issued
		}
		// The reference calendar.
		want := make([]kg.ControlStatus, 2*window)
		started, ended := false, false
		for d := range want {
			if d == first {
				started = true
			}
			switch {
			case !started:
				want[d] = kg.StatusPending
			case ended:
				want[d] = kg.StatusLapsed
			case suspended[d]:
				want[d] = kg.StatusSuspended
			default:
				want[d] = kg.StatusInForce
			}
			if d == until {
				ended = true
			}
		}
		for range 20 {
			d := rng.IntN(len(want))
			got := kg.StatusOn(date(issued), text(start), text(until), susp, date(d))
			if got != want[d] {
				t.Fatalf("control %d: StatusOn(issued %s, effective %q, until %q, suspensions %v) on %s = %s, want %s",
					i, date(issued), text(start), text(until), susp, date(d), got, want[d])
			}
		}
	}
}

func ExampleStatusOn() {
	// MOFCOM No. 57 [2025] and its suspension by No. 70.
	susp := []kg.Interval{{Since: "2025-11-07", Until: "2026-11-10"}}
	for _, d := range []string{"2025-10-20", "2025-11-20", "2026-11-15"} {
		fmt.Println(d, kg.StatusOn("2025-10-09", "2025-11-08", "", susp, d))
	}
	// Output:
	// 2025-10-20 PENDING
	// 2025-11-20 SUSPENDED
	// 2026-11-15 IN_FORCE
}
