package kg_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/chokepoint/chokepoint/kg"
)

func TestErrors(t *testing.T) {
	cause := errors.New("rpc error: connection refused")
	cases := []struct {
		name     string
		err      error
		code     kg.Code
		msg      string // Error()
		shown    string // the message a user may see
		hasCause bool
	}{
		{"Errorf formats its message", kg.Errorf(kg.CodeInvalid, "first must be between 1 and %d, got %d", 100, 500),
			kg.CodeInvalid, "first must be between 1 and 100, got 500", "first must be between 1 and 100, got 500", false},
		{"Errorf with a verb-free message", kg.Errorf(kg.CodeNotFound, "no such entity"),
			kg.CodeNotFound, "no such entity", "no such entity", false},
		{"Wrap shows the message and keeps the cause", kg.Wrap(kg.CodeUnavailable, cause, "dgraph %s failed", "query"),
			kg.CodeUnavailable, "dgraph query failed: rpc error: connection refused", "dgraph query failed", true},
		{"Wrap without a message shows the cause", kg.Wrap(kg.CodeInternal, cause, ""),
			kg.CodeInternal, "rpc error: connection refused", "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var e *kg.Error
			if !errors.As(c.err, &e) {
				t.Fatalf("%T is not a *kg.Error", c.err)
			}
			if e.Code != c.code || kg.CodeOf(c.err) != c.code {
				t.Fatalf("code = %s, CodeOf = %s; want %s", e.Code, kg.CodeOf(c.err), c.code)
			}
			if c.err.Error() != c.msg {
				t.Fatalf("Error() = %q, want %q", c.err.Error(), c.msg)
			}
			if e.Msg != c.shown {
				t.Fatalf("Msg = %q, want %q", e.Msg, c.shown)
			}
			if got := errors.Unwrap(c.err); (got == cause) != c.hasCause || errors.Is(c.err, cause) != c.hasCause {
				t.Fatalf("Unwrap = %v, want the cause: %v", got, c.hasCause)
			}
		})
	}
}

func TestCodeOf(t *testing.T) {
	coded := kg.Errorf(kg.CodeNotFound, "no entity with id %q", "material:x")
	cases := []struct {
		name string
		err  error
		want kg.Code
	}{
		{"coded error", coded, kg.CodeNotFound},
		{"wrapped with %w", fmt.Errorf("resolve: %w", coded), kg.CodeNotFound},
		{"wrapped twice", fmt.Errorf("outer: %w", fmt.Errorf("inner: %w", coded)), kg.CodeNotFound},
		{"outermost code wins", kg.Wrap(kg.CodeTimeout, coded, "timed out"), kg.CodeTimeout},
		{"joined", errors.Join(errors.New("plain"), coded), kg.CodeNotFound},
		{"plain error is internal", errors.New("boom"), kg.CodeInternal},
		{"wrapped with %v loses the code", fmt.Errorf("resolve: %v", coded), kg.CodeInternal},
		{"nil is internal", nil, kg.CodeInternal},
		{"deadline passed", kg.Stopped(fmt.Errorf("walk: %w", context.DeadlineExceeded)), kg.CodeTimeout},
		{"caller went away", kg.Stopped(context.Canceled), kg.CodeUnavailable},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := kg.CodeOf(c.err); got != c.want {
				t.Fatalf("CodeOf(%v) = %s, want %s", c.err, got, c.want)
			}
		})
	}
}
