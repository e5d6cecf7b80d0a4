// Command chokepoint loads and serves the Chokepoint knowledge graph; run
// `chokepoint help` for its commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := NewMain().Exec(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
