// Package dql is Chokepoint's DQL vocabulary: how a walk step, validity on
// a date, a control's status and a node are written in DQL and read back
// from Dgraph's answer. The API planner, the analysis walks and the loaders
// all speak it, so each rule has one spelling.
package dql

import (
	"fmt"

	"github.com/chokepoint/chokepoint/kg"
)

// Step is one edge type walked in one direction: Reverse walks from the
// edge's `to` back to its `from` (~pred).
type Step struct {
	Type    string
	Reverse bool
}

// Predicate is the DQL spelling of the step.
func (s Step) Predicate() string {
	if s.Reverse {
		return "~" + s.Type
	}
	return s.Type
}

// Back is the same edge type walked the other way.
func (s Step) Back() Step { return Step{s.Type, !s.Reverse} }

// Steps lists the given edge types (every type when none) walked out,
// in, or both ("OUT", "IN", anything else for both).
func Steps(types []string, dir string) []Step {
	if len(types) == 0 {
		types = kg.EdgeTypeNames()
	}
	var out []Step
	for _, t := range types {
		if dir != "IN" {
			out = append(out, Step{t, false})
		}
		if dir != "OUT" {
			out = append(out, Step{t, true})
		}
	}
	return out
}

// ValidOn is the facet filter that keeps edges valid on day d (both ends
// included). Open bounds are stored as kg.OpenSince and kg.OpenUntil, so
// one comparison per end suffices. It is "" when d is "".
func ValidOn(v *Vars, d string) string {
	if d == "" {
		return ""
	}
	return fmt.Sprintf(" @facets(%s)", Valid(v.Add("string", d)))
}

// Valid is the facet condition "valid on the day in variable day", to
// combine with other facet conditions.
func Valid(day string) string { return fmt.Sprintf("le(since, %s) AND ge(until, %s)", day, day) }

// SuspensionsAlias names the suspensions of a control in a node's body.
const SuspensionsAlias = "suspensions"

// StatusFields are what a node's body must fetch to tell a control's
// status with Node.Status: its dates and the intervals of its suspensions.
var StatusFields = []string{"issued", "effective", "until", SuspensionsAlias + ": ~suspends @facets(since, until) { uid }"}

// SourceSep joins source ids in an edge's sources facet: Dgraph facets are
// scalars.
const SourceSep = "|"
