// Command steadyload puts a steady GraphQL load on a Chokepoint server and
// reports success and latency per phase of a failure drill
// (scripts/dgraph-replicated.sh drill).
//
//	steadyload run -url http://127.0.0.1:18580/query -out requests.tsv
//	steadyload report -requests requests.tsv -phases phases.tsv
//
// run sends the example operations of docs/queries in turn from a few
// workers until it is interrupted, one line per request: start (Unix ms),
// latency (ms), operation, outcome ("ok", an error code, HTTP_<status> or
// TRANSPORT). report reads those and a phases file of "<Unix ms> <name>"
// lines and prints one row per phase, counting each request in the phase it
// started in.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/chokepoint/chokepoint/docs/queries"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: steadyload run|report [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "run":
		err = run(os.Args[2:])
	case "report":
		err = report(os.Args[2:], os.Stdout)
	default:
		err = fmt.Errorf("unknown command %q (want run or report)", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "steadyload:", err)
		os.Exit(1)
	}
}

// defaultOps mix a lookup, a search and two walks of several backend
// requests each.
const defaultOps = "01-material-profile,03-search,16-exposure-of-a-control,17-dependency-chain-upstream"

func run(args []string) error {
	fs := flag.NewFlagSet("run", flag.ExitOnError)
	url := fs.String("url", "", "the server's GraphQL endpoint")
	out := fs.String("out", "", "file to append one line per request to")
	workers := fs.Int("concurrency", 4, "requests in flight")
	pause := fs.Duration("pause", 20*time.Millisecond, "pause of each worker between requests")
	timeout := fs.Duration("timeout", 15*time.Second, "limit of one request")
	ops := fs.String("ops", defaultOps, "example operations to send, by name")
	fs.Parse(args)
	if *url == "" || *out == "" {
		return errors.New("run needs -url and -out")
	}
	bodies, err := operations(strings.Split(*ops, ","))
	if err != nil {
		return err
	}
	f, err := os.OpenFile(*out, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	defer w.Flush()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	client := &http.Client{Timeout: *timeout}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range *workers {
		wg.Go(func() {
			for n := i; ctx.Err() == nil; n++ {
				op := bodies[n%len(bodies)]
				start := time.Now()
				outcome := send(client, *url, op.body)
				if ctx.Err() != nil && outcome != "ok" {
					return // cut off by the interrupt, not by the server
				}
				mu.Lock()
				fmt.Fprintf(w, "%d\t%.1f\t%s\t%s\n", start.UnixMilli(), float64(time.Since(start).Microseconds())/1000, op.name, outcome)
				mu.Unlock()
				select {
				case <-ctx.Done():
				case <-time.After(*pause):
				}
			}
		})
	}
	wg.Wait()
	return nil
}

type operation struct {
	name string
	body []byte
}

func operations(names []string) ([]operation, error) {
	all, err := queries.All()
	if err != nil {
		return nil, err
	}
	var out []operation
	for _, name := range names {
		i := slices.IndexFunc(all, func(e queries.Example) bool { return e.Name == name })
		if i < 0 {
			return nil, fmt.Errorf("no example operation %q in docs/queries", name)
		}
		body, _ := json.Marshal(map[string]string{"query": all[i].Query})
		out = append(out, operation{name: name, body: body})
	}
	return out, nil
}

// send posts one operation and classifies the answer.
func send(c *http.Client, url string, body []byte) string {
	resp, err := c.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		return "TRANSPORT"
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return "TRANSPORT"
	}
	var answer struct {
		Errors []struct {
			Extensions struct {
				Code string `json:"code"`
			} `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(raw, &answer); err != nil || resp.StatusCode != http.StatusOK && len(answer.Errors) == 0 {
		return "HTTP_" + strconv.Itoa(resp.StatusCode)
	}
	if len(answer.Errors) > 0 {
		if code := answer.Errors[0].Extensions.Code; code != "" {
			return code
		}
		return "ERROR"
	}
	return "ok"
}

// request is one line of run's output.
type request struct {
	start   int64 // Unix ms
	latency float64
	outcome string
}

// phase is one line of the phases file: it lasts until the next one.
type phase struct {
	start int64
	name  string
}

func report(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ExitOnError)
	reqFile := fs.String("requests", "", "run's output")
	phaseFile := fs.String("phases", "", `"<Unix ms> <name>" per line`)
	fs.Parse(args)
	reqs, err := readRequests(*reqFile)
	if err != nil {
		return err
	}
	phases, err := readPhases(*phaseFile)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "phase\tseconds\trequests\tok %\tp50 ms\tp99 ms\tmax ms\tfailures\t")
	for _, row := range summarise(reqs, phases) {
		fmt.Fprintln(tw, row)
	}
	return tw.Flush()
}

// summarise gives one tab-separated row per phase.
func summarise(reqs []request, phases []phase) []string {
	var rows []string
	for i, p := range phases {
		end := int64(1<<63 - 1)
		if i+1 < len(phases) {
			end = phases[i+1].start
		}
		var lat []float64
		ok := 0
		fails := map[string]int{}
		last := p.start
		for _, r := range reqs {
			if r.start < p.start || r.start >= end {
				continue
			}
			lat = append(lat, r.latency)
			last = max(last, r.start)
			if r.outcome == "ok" {
				ok++
			} else {
				fails[r.outcome]++
			}
		}
		if i+1 < len(phases) {
			last = end
		}
		if len(lat) == 0 {
			rows = append(rows, fmt.Sprintf("%s\t%.0f\t0\t-\t-\t-\t-\t\t", p.name, float64(last-p.start)/1000))
			continue
		}
		slices.Sort(lat)
		var fs []string
		for code, n := range fails {
			fs = append(fs, fmt.Sprintf("%s=%d", code, n))
		}
		slices.Sort(fs)
		rows = append(rows, fmt.Sprintf("%s\t%.0f\t%d\t%.2f\t%.0f\t%.0f\t%.0f\t%s\t",
			p.name, float64(last-p.start)/1000, len(lat), 100*float64(ok)/float64(len(lat)),
			quantile(lat, 0.50), quantile(lat, 0.99), lat[len(lat)-1], strings.Join(fs, " ")))
	}
	return rows
}

// quantile of sorted xs, nearest rank.
func quantile(xs []float64, q float64) float64 {
	i := int(q*float64(len(xs))+0.5) - 1
	return xs[min(max(i, 0), len(xs)-1)]
}

func readRequests(path string) ([]request, error) {
	var out []request
	err := eachLine(path, func(fields []string) error {
		if len(fields) != 4 {
			return errors.New("want 4 tab-separated fields")
		}
		start, err1 := strconv.ParseInt(fields[0], 10, 64)
		lat, err2 := strconv.ParseFloat(fields[1], 64)
		if err := errors.Join(err1, err2); err != nil {
			return err
		}
		out = append(out, request{start: start, latency: lat, outcome: fields[3]})
		return nil
	}, "\t")
	return out, err
}

func readPhases(path string) ([]phase, error) {
	var out []phase
	err := eachLine(path, func(fields []string) error {
		if len(fields) != 2 {
			return errors.New(`want "<Unix ms> <name>"`)
		}
		start, err := strconv.ParseInt(fields[0], 10, 64)
		out = append(out, phase{start: start, name: fields[1]})
		return err
	}, " ")
	return out, err
}

func eachLine(path string, fn func([]string) error, sep string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if sc.Text() == "" {
			continue
		}
		if err := fn(strings.Split(sc.Text(), sep)); err != nil {
			return fmt.Errorf("%s:%d: %w", path, n, err)
		}
	}
	return sc.Err()
}
