package extract

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteReport prints what each article gave as a table for review: the
// category, the candidate, whether the graph already holds it (known),
// the review file proposes it (new) or the text lacks what a record needs
// (incomplete), the confidence, and the passage with its place.
func WriteReport(w io.Writer, results []*Result) error {
	for i, r := range results {
		if i > 0 {
			fmt.Fprintln(w)
		}
		a := r.Article
		fmt.Fprintf(w, "%s\n  %s — %s, %s", a.Name, a.Title, a.URL, a.Published)
		if a.Publisher != "" {
			fmt.Fprintf(w, ", %s", a.Publisher)
		}
		src := "new"
		if r.SourceKnown {
			src = "known"
		}
		fmt.Fprintf(w, "\n  source %s (%s)\n\n", r.Source.ID, src)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  CATEGORY\tCANDIDATE\tSTATUS\tCONF\tEVIDENCE")
		row := func(cat, cand, status string, ev Evidence) {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%.2f\t%s\n", cat, clipLine(cand, 70), status, ev.Confidence, evidenceCell(ev))
		}
		for _, m := range r.Mentions {
			status := "known"
			if !m.Known {
				status = "new"
			}
			row("entity", fmt.Sprintf("%s (%s) ×%d", m.Name, m.ID, m.Count), status, m.Evidence)
		}
		for _, ro := range r.Roles {
			status := "new"
			if ro.Known {
				status = "known"
			}
			row("role", fmt.Sprintf("%s — %s — %s", r.name(ro.Person), ro.Role, r.name(ro.Org)), status, ro.Evidence)
		}
		for _, s := range r.Statements {
			who := "?"
			if s.Speaker != "" {
				who = r.name(s.Speaker)
			}
			row("statement", fmt.Sprintf("%s, %s: “%s”", who, s.Date, s.Text), "new", s.Evidence)
		}
		for _, e := range r.Events {
			status := "new"
			switch {
			case e.Date.day() == "":
				status = "incomplete"
			case e.Known:
				status = "known"
			}
			id := e.ID
			if id == "" {
				id = "no day: evidence only"
			}
			row("event", e.name(r)+" ("+id+")", status, e.Evidence)
		}
		for _, c := range r.Controls {
			var names []string
			for _, id := range c.IDs {
				names = append(names, strings.TrimPrefix(id, "control:"))
			}
			row("control", strings.Join(names, ", ")+" by "+c.How, "known", c.Evidence)
		}
		for _, f := range r.Figures {
			status := "new"
			if f.About == "" {
				status = "incomplete"
			}
			cand := figure{value: f.Value, unit: f.Unit, kind: f.Kind}.text()
			if f.Per != "" {
				cand += " a " + f.Per
			}
			if f.Measure != "" {
				cand += " " + f.Measure
			}
			if f.About != "" {
				cand += " — " + r.name(f.About)
			}
			if f.Period != "" {
				cand += ", " + f.Period
			}
			row("figure", cand, status, f.Evidence)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// evidenceCell is a passage shortened around its mention, with its place.
func evidenceCell(ev Evidence) string {
	s := cleanLine(ev.Sentence)
	if len(s) > 90 {
		i := 0
		if ev.Mention != "" {
			i = max(0, strings.Index(s, ev.Mention)-30)
		}
		for i > 0 && !isRuneStart(s, i) {
			i--
		}
		s = s[i:]
		if i > 0 {
			s = "…" + s
		}
		s = clip(s, 90)
	}
	return fmt.Sprintf("[%d–%d] %s", ev.Start, ev.End, s)
}

func isRuneStart(s string, i int) bool { return i < len(s) && (s[i]&0xC0 != 0x80) }
