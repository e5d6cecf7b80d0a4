package store

import (
	"context"
	"errors"
	"strings"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// errAttemptTimeout ends an attempt that used up its share of the caller's
// time, so that the rest is left for another alpha.
var errAttemptTimeout = errors.New("dgraph alpha did not answer in time")

// classify tells what an attempt's error says about the alpha it ran on.
// ctx is the caller's context, actx the attempt's (or one derived from it).
// It returns the alpha's failure class ("" when the error says nothing
// against the alpha) and whether another alpha may take the work over: yes
// when the alpha, not the request, failed and the caller still has time.
func classify(ctx, actx context.Context, err error) (failure, bool) {
	if err == nil || ctx.Err() != nil {
		return "", false
	}
	if actx.Err() != nil {
		switch context.Cause(actx) {
		case errAttemptTimeout:
			return failTimeout, true
		case errAlphaDown:
			return "", true // already out of rotation
		}
		return "", false // a deadline of the caller's own work
	}
	switch {
	case status.Code(err) == codes.Unavailable:
		return failUnreachable, true
	case strings.Contains(err.Error(), "server is not ready to accept requests"):
		return failNotReady, true
	}
	return "", false
}

// attemptBudget is how long one attempt may take when another alpha could
// take over if it fails: the caller's remaining time less a reserve for that
// other alpha (at most half of it). Zero means no bound of its own: the
// caller has no deadline, or this is the last alpha to try.
func attemptBudget(ctx context.Context, reserve time.Duration, another bool) time.Duration {
	dl, ok := ctx.Deadline()
	if !ok || !another {
		return 0
	}
	left := time.Until(dl)
	if left <= 0 {
		return 0
	}
	return left - min(left/2, reserve)
}
