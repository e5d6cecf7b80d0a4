package main

import (
	"strings"
	"testing"
)

func TestSummariseCountsEachRequestInThePhaseItStartedIn(t *testing.T) {
	phases := []phase{{1000, "up"}, {3000, "down"}, {5000, "empty"}, {6000, "end"}}
	reqs := []request{
		{1000, 10, "ok"}, {2999, 30, "ok"}, // up
		{3000, 5, "ok"}, {3500, 2, "UNAVAILABLE"}, {4000, 2, "UNAVAILABLE"}, {4999, 900, "ok"}, // down
		{7000, 1, "ok"}, // end
	}
	got := summarise(reqs, phases)
	want := []string{
		"up\t2\t2\t100.00\t10\t30\t30\t\t",
		"down\t2\t4\t50.00\t2\t900\t900\tUNAVAILABLE=2\t",
		"empty\t1\t0\t-\t-\t-\t-\t\t",
		"end\t1\t1\t100.00\t1\t1\t1\t\t",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
