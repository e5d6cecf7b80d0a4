package store

import (
	"context"
	"encoding/json"
	"fmt"
)

// Querier runs read queries: a Store, or a Txn inside an update.
type Querier interface {
	Query(ctx context.Context, q string, vars map[string]string) ([]byte, error)
}

// QueryInto runs a query and decodes Dgraph's JSON answer into out.
func QueryInto(ctx context.Context, qr Querier, q string, vars map[string]string, out any) error {
	data, err := qr.Query(ctx, q, vars)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("decode dgraph answer: %w", err)
	}
	return nil
}
