package kg

import (
	"context"
	"errors"
	"fmt"
)

// Code classifies an error for callers: the CLI's exit message and the API's
// extensions.code both come from it.
type Code string

// The error codes.
const (
	CodeNotFound    Code = "NOT_FOUND"
	CodeInvalid     Code = "INVALID_ARGUMENT"
	CodeConflict    Code = "CONFLICT"
	CodeUnavailable Code = "UNAVAILABLE"
	CodeTimeout     Code = "TIMEOUT"
	CodeInternal    Code = "INTERNAL"
	// CodeRetryLater refuses work the service has no room for now; the
	// same request may succeed in a moment.
	CodeRetryLater Code = "RETRY_LATER"
)

// Error is an error with a code and a message that is safe to show a user.
type Error struct {
	Code Code
	Msg  string
	Err  error // the cause, for logs; never shown to API clients
}

func (e *Error) Error() string {
	if e.Err != nil && e.Msg == "" {
		return e.Err.Error()
	}
	if e.Err != nil {
		return e.Msg + ": " + e.Err.Error()
	}
	return e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds a coded error whose message, formatted as by fmt.Sprintf,
// is safe to show a user.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Msg: fmt.Sprintf(format, args...)}
}

// Wrap builds a coded error around a cause: the message is shown, the cause
// only logged.
func Wrap(code Code, cause error, format string, args ...any) *Error {
	return &Error{Code: code, Msg: fmt.Sprintf(format, args...), Err: cause}
}

// CodeOf returns the code of the first coded error in err's chain, or INTERNAL.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// Stopped classifies work cut short by its context: TIMEOUT when the
// deadline passed, UNAVAILABLE when the caller went away.
func Stopped(err error) *Error {
	if errors.Is(err, context.DeadlineExceeded) {
		return Wrap(CodeTimeout, err, "the request took too long")
	}
	return Wrap(CodeUnavailable, err, "the request was canceled")
}
