package loaders

import (
	"fmt"

	"github.com/chokepoint/chokepoint/kg"
)

// A fact is only as good as the documents behind it, and a reader places
// a document in time by its publication date. Two checks follow:
//   - an edge whose every source is undated is let through with a warning;
//   - an edge whose every source was published before the edge starts to
//     hold (since) cites documents that cannot report it, unless they
//     announced or forecast it: such an edge must say so with its basis,
//     or it is refused.

// maxWarned bounds the edges a warning names one by one.
const maxWarned = 20

// checkSourceDates checks edges against the publication dates of their
// sources (by id; an id missing from published is undated), adds a problem
// per edge refused, and returns the warnings.
func checkSourceDates(edges []kg.Edge, published map[string]string, ps *Problems) []string {
	var undated []kg.Edge
	for _, e := range edges {
		latest, latestSrc, dated := "", "", 0
		for _, src := range e.Sources {
			if d, ok := published[src]; ok {
				dated++
				if d > latest {
					latest, latestSrc = d, src
				}
			}
		}
		switch {
		case dated == 0 && len(e.Sources) > 0:
			undated = append(undated, e)
		case dated == len(e.Sources) && e.Since != "" && latest < e.Since && e.Basis == "":
			ps.add(e.Pos, "since", "every source was published before %s (the latest, %s, on %s): cite a report from on or after that day, "+
				"or mark the edge \"basis\": \"announced\" (its sources announced it) or \"forecast\"", e.Since, latestSrc, latest)
		}
	}
	if len(undated) == 0 {
		return nil
	}
	warnings := []string{fmt.Sprintf("%d edge(s) rest only on sources without a publication date", len(undated))}
	for i, e := range undated {
		if i == maxWarned {
			warnings = append(warnings, fmt.Sprintf("… and %d more", len(undated)-maxWarned))
			break
		}
		warnings = append(warnings, fmt.Sprintf("%s: edge %s -%s-> %s: no source has a publication date", e.Pos, e.From, e.Type, e.To))
	}
	return warnings
}
