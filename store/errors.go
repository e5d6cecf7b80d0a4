package store

import (
	"context"
	"errors"

	"github.com/hypermodeinc/modusgraph"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/chokepoint/chokepoint/kg"
)

// backendError classifies a backend failure: deadlines become TIMEOUT, an
// unreachable or closed backend UNAVAILABLE, anything else INTERNAL. The
// message names the operation; the cause stays in the chain for logs.
func backendError(op string, err error) error {
	if err == nil {
		return nil
	}
	var coded *kg.Error
	if errors.As(err, &coded) {
		return err
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded), status.Code(err) == codes.DeadlineExceeded:
		return kg.Wrap(kg.CodeTimeout, err, "dgraph %s timed out", op)
	case errors.Is(err, context.Canceled), status.Code(err) == codes.Canceled:
		return kg.Wrap(kg.CodeUnavailable, err, "dgraph %s canceled", op)
	case errors.Is(err, modusgraph.ErrClosedEngine), status.Code(err) == codes.Unavailable:
		return kg.Wrap(kg.CodeUnavailable, err, "dgraph is unavailable (%s)", op)
	}
	return kg.Wrap(kg.CodeInternal, err, "dgraph %s failed", op)
}
