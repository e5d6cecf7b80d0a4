package dql

import (
	"encoding/json"
	"fmt"
	"math"
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
	SortKey     string // kg.SortKey of name and id, as stored
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
	var err error
	*n, err = nodeOf(raw)
	return err
}

// nodeOf reads a node from its generic JSON form: the answer is parsed
// once, then each key is read by what it holds. A value of the wrong shape
// is an error naming its key.
func nodeOf(raw map[string]any) (Node, error) {
	var n Node
	for key, val := range raw {
		if err := n.set(key, val); err != nil {
			return n, fmt.Errorf("decode %s: %w", key, err)
		}
	}
	return n, nil
}

func (n *Node) set(key string, val any) error {
	var err error
	switch key {
	case "uid":
		n.UID, err = text(val)
	case "xid":
		n.ID, err = text(val)
	case "name":
		n.Name, err = text(val)
	case "sortkey":
		n.SortKey, err = text(val)
	case "description":
		n.Description, err = text(val)
	case "aliases":
		n.Aliases, err = texts(val)
	case "folded":
		n.Folded, err = texts(val)
	case "sources":
		n.Sources, err = nodes(val)
	case "dgraph.type":
		var types []string
		types, err = texts(val)
		for _, t := range types {
			if k, ok := kg.ParseKind(t); ok {
				n.Kind = k
			}
		}
	case SuspensionsAlias:
		var susp []Node
		susp, err = nodes(val)
		for _, s := range susp {
			e := s.Edge(SuspensionsAlias)
			n.Suspensions = append(n.Suspensions, kg.Interval{Since: e.Since, Until: e.Until})
		}
	default:
		err = n.setOther(key, val)
	}
	return err
}

// setOther reads a facet of the leading edge ("alias|facet"), a typed
// attribute, a nested list or a count.
func (n *Node) setOther(key string, val any) error {
	if strings.Contains(key, "|") {
		if n.facets == nil {
			n.facets = map[string]any{}
		}
		n.facets[key] = val
		return nil
	}
	if a, ok := kg.LookupAttr(key); ok {
		v, err := attrText(a, val)
		if err != nil {
			return err
		}
		if n.Attrs == nil {
			n.Attrs = map[kg.Attr]string{}
		}
		n.Attrs[a.Name] = v
		return nil
	}
	switch v := val.(type) {
	case []any:
		list, err := nodes(v)
		if err != nil {
			return err
		}
		if n.Lists == nil {
			n.Lists = map[string][]Node{}
		}
		n.Lists[key] = list
	case float64:
		if n.Counts == nil {
			n.Counts = map[string]int{}
		}
		n.Counts[key] = int(v)
	}
	return nil
}

// attrText is an attribute's value in text form: dates as their day.
func attrText(a kg.AttrSpec, val any) (string, error) {
	switch v := val.(type) {
	case string:
		if a.Type == kg.IntAttr {
			break
		}
		if a.Type == kg.DateAttr && len(v) > 10 {
			v = v[:10]
		}
		return v, nil
	case float64:
		if a.Type != kg.IntAttr || v != math.Trunc(v) {
			break
		}
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	}
	return "", fmt.Errorf("want a %s, got %v", a.Type, val)
}

func text(val any) (string, error) {
	s, ok := val.(string)
	if !ok {
		return "", fmt.Errorf("want a string, got %T", val)
	}
	return s, nil
}

func texts(val any) ([]string, error) {
	items, ok := val.([]any)
	if !ok {
		return nil, fmt.Errorf("want a list of strings, got %T", val)
	}
	out := make([]string, len(items))
	for i, it := range items {
		s, ok := it.(string)
		if !ok {
			return nil, fmt.Errorf("want a list of strings, got a %T in it", it)
		}
		out[i] = s
	}
	return out, nil
}

func nodes(val any) ([]Node, error) {
	items, ok := val.([]any)
	if !ok {
		return nil, fmt.Errorf("want a list of nodes, got %T", val)
	}
	out := make([]Node, len(items))
	for i, it := range items {
		m, ok := it.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("want a node, got %T", it)
		}
		var err error
		if out[i], err = nodeOf(m); err != nil {
			return nil, err
		}
	}
	return out, nil
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
		Confidence: str("confidence"), Basis: str("basis"), Supplier: str("supplier"), Note: str("note"),
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
		ns, err := nodes(val)
		if err != nil {
			return nil, fmt.Errorf("decode dgraph answer: %s: %w", block, err)
		}
		out[block] = ns
	}
	return out, nil
}
