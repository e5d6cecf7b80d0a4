package limits

import (
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

// shape counts what a document holds, each fragment once.
type shape struct {
	fields, aliases, fragments, variables int
}

// CheckDocument refuses a query document larger than the limits allow,
// before anything quadratic sees it. A document that does not parse passes:
// gqlgen reports its parse error as usual.
func (l Limits) CheckDocument(query string) *gqlerror.Error {
	if over(len(query), l.QueryBytes) {
		return refuse(CodeQueryTooLarge, "the query document is %d bytes, more than the limit of %d", len(query), l.QueryBytes)
	}
	doc, err := parser.ParseQuery(&ast.Source{Input: query})
	if err != nil {
		return nil
	}
	s := measureShape(doc)
	switch {
	case over(s.fields, l.Fields):
		return refuse(CodeFieldLimit, "the query document selects %d fields, more than the limit of %d", s.fields, l.Fields)
	case over(s.aliases, l.Aliases):
		return refuse(CodeAliasLimit, "the query document has %d aliases, more than the limit of %d", s.aliases, l.Aliases)
	case over(s.fragments, l.Fragments):
		return refuse(CodeFragmentLimit, "the query document defines %d fragments, more than the limit of %d", s.fragments, l.Fragments)
	case over(s.variables, l.Variables):
		return refuse(CodeVariableLimit, "the query document defines %d variables, more than the limit of %d", s.variables, l.Variables)
	}
	return nil
}

func measureShape(doc *ast.QueryDocument) shape {
	var s shape
	for _, op := range doc.Operations {
		s.variables += len(op.VariableDefinitions)
		s.countSelections(op.SelectionSet)
	}
	for _, f := range doc.Fragments {
		s.fragments++
		s.countSelections(f.SelectionSet)
	}
	return s
}

// countSelections walks the document as written: a spread is not followed,
// its fragment is counted where it is defined.
func (s *shape) countSelections(set ast.SelectionSet) {
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			s.fields++
			if sel.Alias != sel.Name {
				s.aliases++
			}
			s.countSelections(sel.SelectionSet)
		case *ast.InlineFragment:
			s.countSelections(sel.SelectionSet)
		}
	}
}

func refuse(code, format string, args ...any) *gqlerror.Error {
	err := gqlerror.Errorf(format, args...)
	errcode.Set(err, code)
	return err
}
