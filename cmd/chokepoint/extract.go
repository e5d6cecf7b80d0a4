package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/chokepoint/chokepoint/extract"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store"
)

var extractCommand = &command{
	name:    "extract",
	args:    "FILE…",
	summary: "Read news articles and write candidate facts, each with its evidence, for review",
	detail: `Read each FILE — a news article in plain text, Markdown or HTML — and write a review
file in the native JSON format: the article as a Source; the people and organisations
the graph lacks; roles, statements (speaker, date), events (participants, date) and
figures as records; and an evidence array that says, for every candidate, the sentence
it was read from, its place in the article in characters, how sure the reading is, and
whether the graph holds it already. Entities are found by the graph's own names,
aliases and codes, read from --dsn; nothing is written to the graph. After review,
'chokepoint load FILE' loads what the analyst kept; loading it twice changes nothing.

The URL, publisher and date of an article come from the flags, else from the file:
front matter (url:, publisher:, date:, title:) in plain text and Markdown; og: and
article: meta tags, the canonical link, JSON-LD or <time> in HTML. --url names one
article. A file that is binary, not UTF-8 nor in a declared encoding, empty, an HTML
page without article text, or without a URL or a date is an error, and nothing is
written. With --report, a table of the candidates goes to stdout (and the review file
to --out, if given).`,
	examples: []string{
		"chokepoint extract article.html > review.json",
		"chokepoint extract --url https://example.org/story --date 2025-11-04 --publisher AP story.txt --out review.json",
		"chokepoint extract --report story.md                   # the table of candidates, for reading",
		"chokepoint load --dry-run review.json && chokepoint load review.json",
	},
	flags: func(m *Main, fs *flag.FlagSet) {
		m.dsnFlag(fs)
		fs.Var(&m.extract.date, "date", "publication `DATE` of the article (YYYY-MM-DD): what relative dates are read against")
		fs.StringVar(&m.extract.url, "url", "", "`URL` of the article (one FILE only)")
		fs.StringVar(&m.extract.publisher, "publisher", "", "`NAME` of who published the article")
		fs.StringVar(&m.extract.out, "out", "", "`FILE` to write the review file to (default: stdout)")
		fs.BoolVar(&m.extract.report, "report", false, "print a table of the candidates instead of the review file (the file goes to --out, if given)")
	},
	run: (*Main).runExtract,
}

// extractConfig holds the flags of `chokepoint extract` besides --dsn.
type extractConfig struct {
	date                dayFlag
	url, publisher, out string
	report              bool
}

// dayFlag is a flag that holds a date in YYYY-MM-DD.
type dayFlag string

func (d *dayFlag) String() string { return string(*d) }

func (d *dayFlag) Set(s string) error {
	if _, err := kg.ParseDate(s); err != nil {
		return fmt.Errorf("%q is not a date (want YYYY-MM-DD)", s)
	}
	*d = dayFlag(s)
	return nil
}

func (m *Main) runExtract(ctx context.Context) error {
	cfg := m.extract
	if len(m.args) == 0 {
		return &usageError{cmd: "extract", err: errors.New("extract needs at least one FILE")}
	}
	if cfg.url != "" && len(m.args) > 1 {
		return &usageError{cmd: "extract", err: fmt.Errorf("--url names one article; got %d files", len(m.args))}
	}
	// Every article is read before the graph is opened: a bad file stops
	// the run before anything else happens.
	meta := extract.Meta{URL: cfg.url, Publisher: cfg.publisher, Published: string(cfg.date)}
	var articles []*extract.Article
	for _, path := range m.args {
		data, err := readArticle(path)
		if err != nil {
			return err
		}
		a, err := extract.Read(path, data, meta)
		if err != nil {
			return err
		}
		articles = append(articles, a)
	}
	st, err := m.open(ctx, store.ExistingOnly())
	if err != nil {
		return err
	}
	start := time.Now()
	g, err := extract.LoadGraph(ctx, st)
	if err != nil {
		return err
	}
	x := extract.New(g)
	results := make([]*extract.Result, len(articles))
	for i, a := range articles {
		results[i] = x.Extract(a)
	}
	review := extract.Build(results)
	var file bytes.Buffer
	if err := review.Write(&file); err != nil {
		return err
	}
	if cfg.report {
		if err := extract.WriteReport(m.Stdout, results); err != nil {
			return err
		}
	}
	switch {
	case cfg.out != "" && cfg.out != "-":
		if err := writeAtomically(cfg.out, file.Bytes()); err != nil {
			return err
		}
	case !cfg.report:
		if _, err := m.Stdout.Write(file.Bytes()); err != nil {
			return err
		}
	}
	counts := map[string]int{}
	for _, e := range review.Evidence {
		counts[e.Status]++
	}
	m.Log.Info("extracted", "articles", len(articles), "entities", len(review.Entities), "edges", len(review.Edges),
		"candidates new", counts["new"], "known", counts["known"], "incomplete", counts["incomplete"],
		"took", time.Since(start).Round(time.Millisecond))
	return nil
}

// readArticle reads an article file, refusing what is not a regular file
// or is too large to be one.
func readArticle(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	if fi.Size() > extract.MaxArticleBytes {
		return nil, fmt.Errorf("%s: %d bytes is too large for an article (at most %d)", path, fi.Size(), extract.MaxArticleBytes)
	}
	return os.ReadFile(path)
}

// writeAtomically writes data under a temporary name next to path and
// renames it once complete: a failed write leaves no half file.
func writeAtomically(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("extract: %w", err)
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("extract: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("extract: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("extract: %w", err)
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return fmt.Errorf("extract: %w", err)
	}
	return os.Rename(f.Name(), path)
}
