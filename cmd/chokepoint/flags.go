package main

import (
	"flag"
	"fmt"
	"os"
)

// usageError is a mistake on the command line: main prints it on one line
// with a pointer to the help, and exits 2.
type usageError struct {
	cmd string // "" for a mistake before the command is known
	err error
}

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// hint says where the usage of the command is.
func (e *usageError) hint() string {
	if e.cmd == "" {
		return "Run 'chokepoint help' for usage."
	}
	return fmt.Sprintf("Run 'chokepoint help %s' for usage.", e.cmd)
}

// applyEnv sets every flag whose environment variable is set; a malformed
// variable is an error, not a silent default. Flags on the command line are
// parsed afterwards and win.
func applyEnv(fs *flag.FlagSet, c *command) error {
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		env := c.envName(f.Name)
		v, ok := os.LookupEnv(env)
		if !ok || v == "" || err != nil {
			return
		}
		if serr := fs.Set(f.Name, v); serr != nil {
			err = fmt.Errorf("environment variable %s=%q: %w", env, v, serr)
		}
	})
	return err
}

// parseInterspersed parses flags wherever they stand among the arguments
// (load FILE --dsn X), as the flag package alone stops at the first
// argument. After "--" everything is an argument.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}
