package main

import (
	"context"
	"flag"
	"io"
	"strings"
)

// command is one subcommand: what help says about it, the flags it takes and
// what it runs. Adding a command is one more entry in commands (app.go).
type command struct {
	name string
	// args is the synopsis of the positional arguments ("[FILE…]"); a
	// command with none refuses arguments.
	args     string
	summary  string // one line, for the command list
	detail   string // what help CMD says under the usage line
	examples []string
	// flags defines the command's flags on fs, bound to fields of m.
	flags func(m *Main, fs *flag.FlagSet)
	// envPrefix names the environment variable of each flag: envPrefix +
	// FLAG_NAME (dashes as underscores). Empty means CHOKEPOINT_<NAME>_.
	envPrefix string
	// env keeps older variable names that do not follow envPrefix.
	env map[string]string
	run func(m *Main, ctx context.Context) error
}

// sharedEnv names the variables of flags several commands share.
var sharedEnv = map[string]string{"dsn": "CHOKEPOINT_DSN"}

// lookupCommand finds a command by name.
func lookupCommand(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// envName is the environment variable that sets flag name of c.
func (c *command) envName(name string) string {
	if env, ok := c.env[name]; ok {
		return env
	}
	if env, ok := sharedEnv[name]; ok {
		return env
	}
	prefix := c.envPrefix
	if prefix == "" {
		prefix = "CHOKEPOINT_" + strings.ToUpper(c.name) + "_"
	}
	return prefix + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
}

// flagSet defines c's flags on a fresh, silent set bound to m: errors are
// returned, never printed by the flag package.
func (c *command) flagSet(m *Main) *flag.FlagSet {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if c.flags != nil {
		c.flags(m, fs)
	}
	return fs
}
