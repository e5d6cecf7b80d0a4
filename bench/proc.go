package bench

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Proc is a server process whose CPU time and memory a run measures.
type Proc struct {
	Name string
	PID  int
}

// clockTick is the unit of utime and stime in /proc/PID/stat: USER_HZ,
// which Linux fixes at 100 for every user-space interface.
const clockTick = 10 * time.Millisecond

// cpuTime is the CPU time a process has used so far, user plus system,
// from /proc/PID/stat.
func cpuTime(pid int) (time.Duration, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) may hold spaces and parentheses: the
	// fields after it start after the last ')'.
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return 0, fmt.Errorf("/proc/%d/stat: no command name", pid)
	}
	f := strings.Fields(string(data[i+1:]))
	// f[0] is field 3 (state); utime and stime are fields 14 and 15.
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: %d fields", pid, len(f)+2)
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("/proc/%d/stat: utime %q, stime %q", pid, f[11], f[12])
	}
	return time.Duration(utime+stime) * clockTick, nil
}

// rssKB is a process's resident set size in kB (VmRSS of
// /proc/PID/status).
func rssKB(pid int) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			return strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
		}
	}
	return 0, fmt.Errorf("/proc/%d/status: no VmRSS", pid)
}

// procWatch follows the CPU time and memory of processes over a run.
type procWatch struct {
	procs []Proc
	stats []ProcStat
	cpu0  []time.Duration
}

// startProcs starts following procs; it fails when one cannot be read.
func startProcs(procs []Proc) (*procWatch, error) {
	w := &procWatch{procs: slices.Clone(procs), stats: make([]ProcStat, len(procs)), cpu0: make([]time.Duration, len(procs))}
	for i, p := range procs {
		w.stats[i] = ProcStat{Name: p.Name, PID: p.PID}
		rss, err := rssKB(p.PID)
		if err != nil {
			return nil, fmt.Errorf("process %s: %w", p.Name, err)
		}
		w.stats[i].RSSStart, w.stats[i].RSSMax = rss, rss
		if w.cpu0[i], err = cpuTime(p.PID); err != nil {
			return nil, fmt.Errorf("process %s: %w", p.Name, err)
		}
	}
	return w, nil
}

// sample reads every process's RSS.
func (w *procWatch) sample() {
	for i, p := range w.procs {
		if rss, err := rssKB(p.PID); err == nil {
			w.stats[i].RSSMax = max(w.stats[i].RSSMax, rss)
			w.stats[i].RSSEnd = rss
		}
	}
}

// end returns what each process used since the start.
func (w *procWatch) end() []ProcStat {
	for i, p := range w.procs {
		if t, err := cpuTime(p.PID); err == nil {
			w.stats[i].CPUSecond = (t - w.cpu0[i]).Seconds()
		}
	}
	return w.stats
}

// ParseProcs reads "name=PID,name=PID".
func ParseProcs(s string) ([]Proc, error) {
	var out []Proc
	for _, kv := range splitList(s) {
		name, v, ok := strings.Cut(kv, "=")
		pid, err := strconv.Atoi(v)
		if !ok || name == "" || err != nil || pid <= 0 {
			return nil, fmt.Errorf("want name=PID, got %q", kv)
		}
		if _, err := cpuTime(pid); err != nil {
			return nil, fmt.Errorf("process %s: %w", name, err)
		}
		out = append(out, Proc{Name: name, PID: pid})
	}
	return out, nil
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
