package dql

import (
	"fmt"

	"github.com/chokepoint/chokepoint/kg"
)

// StatusFilter writes the DQL that keeps the controls in status s on day d,
// by the rules of kg.StatusOn: started (effective, or issued when no
// effective date), not past until, and suspended while a suspends edge is
// valid on d. It returns the var blocks to add to the request and the
// condition to put in a @filter; name gives fresh variable names. Only the
// blocks the condition uses are returned: Dgraph refuses a request that
// defines a variable it never uses.
func StatusFilter(v *Vars, name func() string, s kg.ControlStatus, d string) (blocks []string, cond string) {
	day := v.Add("string", d)
	started := name()
	blocks = append(blocks, fmt.Sprintf("%s as var(func: type(Control)) @filter(le(effective, %s) OR (NOT has(effective) AND le(issued, %s)))", started, day, day))
	if s == kg.StatusPending {
		return blocks, fmt.Sprintf("NOT uid(%s)", started)
	}
	live := name()
	blocks = append(blocks, fmt.Sprintf("%s as var(func: uid(%s)) @filter(NOT has(until) OR ge(until, %s))", live, started, day))
	if s == kg.StatusLapsed {
		return blocks, fmt.Sprintf("uid(%s) AND NOT uid(%s)", started, live)
	}
	susp := name()
	blocks = append(blocks, fmt.Sprintf("%s as var(func: uid(%s)) @cascade { ~suspends @facets(%s) { uid } }", susp, live, Valid(day)))
	if s == kg.StatusSuspended {
		return blocks, fmt.Sprintf("uid(%s)", susp)
	}
	return blocks, fmt.Sprintf("uid(%s) AND NOT uid(%s)", live, susp)
}
