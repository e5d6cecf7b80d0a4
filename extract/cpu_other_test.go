//go:build !unix

package extract_test

import "time"

var start = time.Now()

// cpuSeconds falls back on wall time where the process's CPU time is not
// at hand.
func cpuSeconds() float64 { return time.Since(start).Seconds() }
