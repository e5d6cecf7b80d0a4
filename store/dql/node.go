package dql

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
)

// Node is one node of Dgraph's JSON answer, read once for every reader:
// its identity and kind, names, typed attributes in text form, sources,
// suspensions, the facets of the edge that led to it, and whatever nested
// lists and counts the query asked for under other aliases.
type Node struct {
	UID         string
	ID          string  // xid
	Kind        kg.Kind // "" for a node that is not an entity
	Name        string
	Aliases     []string
	Folded      []string
	Description string
	// Attrs holds the typed attributes as text (dates as YYYY-MM-DD).
	Attrs map[kg.Attr]string
	// Sources are the nodes of the entity's `sources` edge.
	Sources []Node
	// Suspensions are the intervals in which other controls suspend this
	// one (fetched with StatusFields).
	Suspensions []kg.Interval
	// Lists holds nested node lists by alias, such as a relation walk.
	Lists map[string][]Node
	// Counts holds count(…) values by alias.
	Counts map[string]int
	// facets of the edge that led here, keyed "alias|facet".
	facets map[string]any
}

// UnmarshalJSON reads one node of a DQL answer.
func (n *Node) UnmarshalJSON(data []byte) error {
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	*n = nodeOf(raw)
	return nil
}

// nodeOf reads a node from its generic JSON form: the answer is parsed
// once, then each key is read by what it holds.
func nodeOf(raw map[string]any) Node {
	var n Node
	for key, val := range raw {
		switch key {
		case "uid":
			n.UID, _ = val.(string)
		case "xid":
			n.ID, _ = val.(string)
		case "name":
			n.Name, _ = val.(string)
		case "description":
			n.Description, _ = val.(string)
		case "aliases":
			n.Aliases = stringList(val)
		case "folded":
			n.Folded = stringList(val)
		case "sources":
			n.Sources = nodes(val)
		case "dgraph.type":
			for _, t := range stringList(val) {
				if k, ok := kg.ParseKind(t); ok {
					n.Kind = k
				}
			}
		case SuspensionsAlias:
			for _, s := range nodes(val) {
				e := s.Edge(SuspensionsAlias)
				n.Suspensions = append(n.Suspensions, kg.Interval{Since: e.Since, Until: e.Until})
			}
		default:
			n.setOther(key, val)
		}
	}
	return n
}

// setOther reads a facet of the leading edge ("alias|facet"), a typed
// attribute, a nested list or a count.
func (n *Node) setOther(key string, val any) {
	if strings.Contains(key, "|") {
		if n.facets == nil {
			n.facets = map[string]any{}
		}
		n.facets[key] = val
		return
	}
	if a, ok := kg.LookupAttr(key); ok {
		if text, ok := attrText(a, val); ok {
			if n.Attrs == nil {
				n.Attrs = map[kg.Attr]string{}
			}
			n.Attrs[a.Name] = text
		}
		return
	}
	switch v := val.(type) {
	case []any:
		if n.Lists == nil {
			n.Lists = map[string][]Node{}
		}
		n.Lists[key] = nodes(v)
	case float64:
		if n.Counts == nil {
			n.Counts = map[string]int{}
		}
		n.Counts[key] = int(v)
	}
}

// attrText is an attribute's value in text form: dates as their day.
func attrText(a kg.AttrSpec, val any) (string, bool) {
	switch v := val.(type) {
	case string:
		if a.Type == kg.DateAttr && len(v) > 10 {
			v = v[:10]
		}
		return v, true
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true
	}
	return "", false
}

func stringList(val any) []string {
	items, _ := val.([]any)
	out := make([]string, 0, len(items))
	for _, it := range items {
		if s, ok := it.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func nodes(val any) []Node {
	items, _ := val.([]any)
	out := make([]Node, 0, len(items))
	for _, it := range items {
		if m, ok := it.(map[string]any); ok {
			out = append(out, nodeOf(m))
		}
	}
	return out
}

// Edge reads the properties of the edge that led to this node under
// alias, from the facets Dgraph returns on it. Open validity bounds come
// back as "".
func (n *Node) Edge(alias string) kg.Edge {
	str := func(name string) string {
		s, _ := n.facets[alias+"|"+name].(string)
		return s
	}
	num := func(name string) *float64 {
		if f, ok := n.facets[alias+"|"+name].(float64); ok {
			return &f
		}
		return nil
	}
	e := kg.Edge{
		Since: openBound(str("since")), Until: openBound(str("until")),
		Role: str("role"), Share: num("share"), Quantity: num("quantity"), Unit: str("unit"),
		Confidence: str("confidence"), Supplier: str("supplier"), Note: str("note"),
	}
	if s := str("sources"); s != "" {
		e.Sources = strings.Split(s, SourceSep)
	}
	return e
}

// Status is a control's status on day d, from its StatusFields.
func (n *Node) Status(d string) kg.ControlStatus {
	return kg.StatusOn(n.Attrs[kg.AttrIssued], n.Attrs[kg.AttrEffective], n.Attrs[kg.AttrUntil], n.Suspensions, d)
}

// InForce reports whether a node acts on day d: a control only while in
// force, any other entity always.
func (n *Node) InForce(d string) bool {
	return n.Kind != kg.Control || n.Status(d) == kg.StatusInForce
}

// openBound maps a stored facet datetime to YYYY-MM-DD, and the stored open
// bounds to "".
func openBound(s string) string {
	if len(s) >= 10 {
		s = s[:10]
	}
	if s == kg.OpenSince || s == kg.OpenUntil {
		return ""
	}
	return s
}

// Decode reads the node list of each named block of a DQL answer.
func Decode(data []byte) (map[string][]Node, error) {
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("decode dgraph answer: %w", err)
	}
	out := make(map[string][]Node, len(raw))
	for block, val := range raw {
		out[block] = nodes(val)
	}
	return out, nil
}
