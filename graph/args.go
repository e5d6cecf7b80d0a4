package graph

import (
	"context"
	"fmt"
	"reflect"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/chokepoint/chokepoint/graph/model"
	"github.com/chokepoint/chokepoint/kg"
)

// Arguments are read one typed way. Planned fields (lookups, lists, search
// and the relation lists under them) are planned into the one DQL request
// before their resolvers run, so the planner reads their arguments from the
// operation with argsOf; walk fields take gqlgen's parsed arguments. Either
// way the schema's defaults apply, from the schema alone: an argument or
// input field left out, or given as null, reads as its default.

// argsOf decodes the arguments of a field into T, whose json tags name
// them.
func argsOf[T any](s *ast.Schema, op *graphql.OperationContext, f graphql.CollectedField) (T, error) {
	var out T
	given := f.ArgumentMap(op.Variables)
	m := make(map[string]any, len(f.Definition.Arguments))
	for _, def := range f.Definition.Arguments {
		v, err := withDefault(s, def.Type, def.DefaultValue, given[def.Name])
		if err != nil {
			return out, err
		}
		if v != nil {
			m[def.Name] = v
		}
	}
	return out, convert(m, &out)
}

// orDefault is a walk argument's value, or its schema default when the
// client passed null.
func orDefault[T any](ctx context.Context, name string, v *T) (T, error) {
	if v != nil {
		return *v, nil
	}
	var out T
	def := graphql.GetFieldContext(ctx).Field.Definition.Arguments.ForName(name)
	if def == nil || def.DefaultValue == nil {
		return out, kg.Errorf(kg.CodeInvalid, "%s must not be null", name)
	}
	d, err := def.DefaultValue.Value(nil)
	if err != nil {
		return out, err
	}
	return out, convert(d, &out)
}

// withDefault applies a value's default, and the defaults of input object
// fields within it.
func withDefault(s *ast.Schema, t *ast.Type, def *ast.Value, v any) (any, error) {
	if v == nil && def != nil {
		var err error
		if v, err = def.Value(nil); err != nil {
			return nil, err
		}
	}
	switch val := v.(type) {
	case map[string]any:
		in := s.Types[t.Name()]
		if in == nil || in.Kind != ast.InputObject {
			return v, nil
		}
		out := make(map[string]any, len(in.Fields))
		for _, f := range in.Fields {
			fv, err := withDefault(s, f.Type, f.DefaultValue, val[f.Name])
			if err != nil {
				return nil, err
			}
			if fv != nil {
				out[f.Name] = fv
			}
		}
		return out, nil
	case []any:
		if t.Elem == nil {
			return v, nil
		}
		out := make([]any, len(val))
		for i, it := range val {
			var err error
			if out[i], err = withDefault(s, t.Elem, nil, it); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	return v, nil
}

// convert assigns a parsed GraphQL value (what ArgumentMap and schema
// defaults hold: strings, int64 or json.Number, bool, float64, lists and
// maps) to a typed one: struct fields by their json tag, model enums and
// Date by their own UnmarshalGQL, which check the value.
func convert(v any, out any) error {
	if err := assign(v, reflect.ValueOf(out).Elem()); err != nil {
		if kg.CodeOf(err) != kg.CodeInternal {
			return err
		}
		return kg.Wrap(kg.CodeInvalid, err, "invalid arguments")
	}
	return nil
}

func assign(v any, dst reflect.Value) error {
	if v == nil {
		return nil // absent or null: the zero value
	}
	if dst.Kind() == reflect.Pointer {
		p := reflect.New(dst.Type().Elem())
		if err := assign(v, p.Elem()); err != nil {
			return err
		}
		dst.Set(p)
		return nil
	}
	if u, ok := dst.Addr().Interface().(graphql.Unmarshaler); ok {
		return u.UnmarshalGQL(v)
	}
	switch dst.Kind() {
	case reflect.String:
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("want a string, got %T", v)
		}
		dst.SetString(s)
	case reflect.Int:
		n, err := graphql.UnmarshalInt(v)
		if err != nil {
			return err
		}
		dst.SetInt(int64(n))
	case reflect.Bool:
		b, err := graphql.UnmarshalBoolean(v)
		if err != nil {
			return err
		}
		dst.SetBool(b)
	case reflect.Slice:
		items, ok := v.([]any)
		if !ok {
			items = []any{v} // a single value where a list is expected
		}
		list := reflect.MakeSlice(dst.Type(), len(items), len(items))
		for i, it := range items {
			if err := assign(it, list.Index(i)); err != nil {
				return err
			}
		}
		dst.Set(list)
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("want an object, got %T", v)
		}
		return assignFields(m, dst)
	default:
		return fmt.Errorf("cannot read %T into %s", v, dst.Type())
	}
	return nil
}

// assignFields fills a struct's fields, and those of structs it embeds,
// from the map entries their json tags name.
func assignFields(m map[string]any, dst reflect.Value) error {
	t := dst.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			if err := assignFields(m, dst.Field(i)); err != nil {
				return err
			}
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if v, ok := m[name]; ok && name != "" {
			if err := assign(v, dst.Field(i)); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
	}
	return nil
}

// pageArgs are a Relay list's page arguments.
type pageArgs struct {
	First int     `json:"first"`
	After *string `json:"after"`
}

// page checks first against the largest page and turns after into the
// offset of the page's first item.
func (a pageArgs) page(largest int) (first, off int, err error) {
	if a.First < 0 || a.First > largest {
		return 0, 0, kg.Errorf(kg.CodeInvalid, "first must be between 0 and %d, got %d", largest, a.First)
	}
	if a.After != nil {
		pos, err := decodeCursor(*a.After)
		if err != nil {
			return 0, 0, err
		}
		off = pos + 1
	}
	return a.First, off, nil
}

// relationArgs are the arguments of a relation list field; a typed field
// has only some of them.
type relationArgs struct {
	pageArgs
	Types     []string                 `json:"types"`
	Direction *model.RelationDirection `json:"direction"`
	AsOf      *model.Date              `json:"asOf"`
}

// day is a date argument as text, "" when not given.
func day(d *model.Date) string {
	if d == nil {
		return ""
	}
	return string(*d)
}
