package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chokepoint/chokepoint/gen"
	"github.com/chokepoint/chokepoint/store"
)

// genConfig holds the flags of chokepoint gen.
type genConfig struct {
	entities int
	seed     int
	out      string
	gzip     bool
}

var genCommand = &command{
	name:    "gen",
	summary: "Generate a large realistic graph for benchmarks",
	detail: `Generate a large realistic graph: DIR/graph.json for chokepoint load, and
DIR/graph.rdf and DIR/schema.dql for dgraph live. The same --entities and --seed
always give the same files.`,
	examples: []string{
		"chokepoint gen --out /tmp/g100k",
		"chokepoint gen --out /tmp/g1m --entities 1000000 --format nquads --gzip",
	},
	flags: func(m *Main, fs *flag.FlagSet) {
		c := &m.generate
		fs.IntVar(&c.entities, "entities", 100_000, "how many entities to generate (1000 to 10000000)")
		fs.IntVar(&c.seed, "seed", 1, "which graph of that size to generate")
		fs.StringVar(&c.out, "out", "", "`DIR` to write graph.json, graph.rdf and schema.dql to (required)")
		fs.StringVar(&m.format, "format", "both", "what to write: json, nquads or both")
		fs.BoolVar(&c.gzip, "gzip", false, "compress the N-Quads to graph.rdf.gz (dgraph live reads it as is)")
	},
	run: (*Main).runGen,
}

// The files chokepoint gen writes in its output directory.
const (
	genJSON   = "graph.json"
	genRDF    = "graph.rdf"
	genSchema = "schema.dql"
)

// runGen writes a generated graph: graph.json for chokepoint load,
// graph.rdf (or graph.rdf.gz) and schema.dql for dgraph live.
func (m *Main) runGen(ctx context.Context) error {
	c := m.generate
	var wantJSON, wantRDF bool
	switch m.format {
	case "json":
		wantJSON = true
	case "nquads":
		wantRDF = true
	case "both":
		wantJSON, wantRDF = true, true
	default:
		return fmt.Errorf("unknown format %q (want json, nquads or both)", m.format)
	}
	if c.out == "" {
		return errors.New("gen needs --out DIR")
	}
	cfg := gen.Config{Entities: c.entities, Seed: int64(c.seed)}
	if err := cfg.Validate(); err != nil {
		return err
	}
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return err
	}
	start := time.Now()
	var files []*outFile
	create := func(name string, compress bool) (io.Writer, error) {
		f, err := createOut(filepath.Join(c.out, name), compress)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
		return f, nil
	}
	err := func() error {
		schema, err := create(genSchema, false)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(schema, store.Schema()); err != nil {
			return err
		}
		var jsonW, rdfW io.Writer
		if wantJSON {
			if jsonW, err = create(genJSON, false); err != nil {
				return err
			}
		}
		if wantRDF {
			name := genRDF
			if c.gzip {
				name += ".gz"
			}
			if rdfW, err = create(name, c.gzip); err != nil {
				return err
			}
		}
		stats, err := gen.Write(ctx, cfg, jsonW, rdfW)
		if err != nil {
			return err
		}
		var total int64
		var sizes []string
		for _, f := range files {
			if err := f.Close(); err != nil {
				return err
			}
			total += f.size
			sizes = append(sizes, fmt.Sprintf("%s %s", filepath.Base(f.path), humanBytes(f.size)))
		}
		fmt.Fprintf(m.Stdout, "generated %d entities, %d edges, %d bytes (%s) in %s: %s\n", stats.TotalEntities(), stats.TotalEdges(),
			total, strings.Join(sizes, ", "), time.Since(start).Round(time.Millisecond), c.out)
		return nil
	}()
	if err != nil { // leave no partial files behind
		for _, f := range files {
			f.Close()
			os.Remove(f.path)
		}
	}
	return err
}

// outFile is an output file, buffered and optionally gzip-compressed,
// that counts the bytes written to disk.
type outFile struct {
	path string
	f    *os.File
	buf  *bufio.Writer
	gz   *gzip.Writer
	w    io.Writer
	size int64
	done bool
}

func createOut(path string, compress bool) (*outFile, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	o := &outFile{path: path, f: f, buf: bufio.NewWriterSize(f, 1<<20)}
	o.w = o.buf
	if compress {
		// Speed over size: compression already takes longer than generating.
		o.gz, _ = gzip.NewWriterLevel(o.buf, gzip.BestSpeed)
		o.w = o.gz
	}
	return o, nil
}

func (o *outFile) Write(p []byte) (int, error) { return o.w.Write(p) }

// Close flushes and closes the file once, and records its size.
func (o *outFile) Close() error {
	if o.done {
		return nil
	}
	o.done = true
	var errs []error
	if o.gz != nil {
		errs = append(errs, o.gz.Close())
	}
	errs = append(errs, o.buf.Flush())
	if st, err := o.f.Stat(); err == nil {
		o.size = st.Size()
	}
	errs = append(errs, o.f.Close())
	return errors.Join(errs...)
}

// humanBytes prints a size in kB, MB or GB (powers of 1000).
func humanBytes(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.2f GB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}
