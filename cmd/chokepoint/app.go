package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/chokepoint/chokepoint/store"
)

// commands is every subcommand, in the order help lists them.
var commands = []*command{
	serveCommand,
	loadCommand,
	extractCommand,
	statsCommand,
	exportCommand,
	genCommand,
	benchCommand,
	versionCommand,
}

// Main is the program: parse flags, run one command, release what it opened.
// End-to-end tests drive it as the binary would.
type Main struct {
	Stdout, Stderr io.Writer
	Log            *slog.Logger

	cmd  *command
	args []string

	dsn     string
	dryRun  bool
	replace bool
	format  string
	batch   int
	asJSON  bool

	serve    serveConfig
	export   exportConfig
	extract  extractConfig
	generate genConfig
	benchCfg benchConfig
	// Listening, if set, hears the address serve listens on (port 0 picks one).
	Listening func(addr string)

	st store.Store
}

// NewMain returns a Main writing to the process's stdout and stderr.
func NewMain() *Main {
	return &Main{Stdout: os.Stdout, Stderr: os.Stderr, Log: slog.New(slog.NewTextHandler(os.Stderr, nil))}
}

// Exec runs one command line and returns the process's exit code: 0 on
// success and for help, 2 for a mistake on the command line, 1 when the
// command fails.
func (m *Main) Exec(ctx context.Context, args []string) int {
	err := m.ParseFlags(args)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var usage *usageError
	if errors.As(err, &usage) {
		fmt.Fprintf(m.Stderr, "chokepoint: %v\n%s\n", err, usage.hint())
		return 2
	}
	if err == nil {
		err = m.Run(ctx)
	}
	if cerr := m.Close(); err == nil {
		err = cerr
	}
	// A command may find a mistake on its command line only when it runs
	// (arguments that go together): it is a usage error all the same.
	if errors.As(err, &usage) {
		fmt.Fprintf(m.Stderr, "chokepoint: %v\n%s\n", err, usage.hint())
		return 2
	}
	if err != nil {
		fmt.Fprintln(m.Stderr, "chokepoint:", err)
		return 1
	}
	return 0
}

// ParseFlags reads the command, its environment variables and its flags. It
// returns flag.ErrHelp once help is printed, and a *usageError for a mistake.
func (m *Main) ParseFlags(args []string) error {
	if len(args) == 0 {
		writeUsage(m.Stderr)
		return &usageError{err: errors.New("no command given")}
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		return m.help(args[1:])
	case "-version", "--version":
		args = append([]string{"version"}, args[1:]...)
	}
	c := lookupCommand(args[0])
	if c == nil {
		return &usageError{err: fmt.Errorf("unknown command %q", args[0])}
	}
	fs := c.flagSet(m)
	if err := applyEnv(fs, c); err != nil {
		return &usageError{cmd: c.name, err: err}
	}
	pos, err := parseInterspersed(fs, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		writeCommandHelp(m.Stdout, c, fs)
		return err
	}
	if err != nil {
		return &usageError{cmd: c.name, err: fmt.Errorf("%s: %w", c.name, err)}
	}
	if c.args == "" && len(pos) > 0 {
		return &usageError{cmd: c.name, err: fmt.Errorf("%s takes no arguments, got %q", c.name, pos)}
	}
	m.cmd, m.args = c, pos
	return nil
}

// help prints the overview, or one command's help, to stdout.
func (m *Main) help(args []string) error {
	switch len(args) {
	case 0:
		writeUsage(m.Stdout)
	case 1:
		c := lookupCommand(args[0])
		if c == nil {
			return &usageError{err: fmt.Errorf("help: unknown command %q", args[0])}
		}
		writeCommandHelp(m.Stdout, c, c.flagSet(&Main{}))
	default:
		return &usageError{err: fmt.Errorf("help takes one command, got %q", args)}
	}
	return flag.ErrHelp
}

// Run executes the parsed command.
func (m *Main) Run(ctx context.Context) error {
	if m.cmd == nil {
		return errors.New("no command parsed")
	}
	return m.cmd.run(m, ctx)
}

// Close releases the store.
func (m *Main) Close() error {
	if m.st == nil {
		return nil
	}
	err := m.st.Close()
	m.st = nil
	return err
}

// open opens the store of --dsn once. A read-only command passes
// store.ExistingOnly so that a mistyped directory is an error, not a new
// empty graph.
func (m *Main) open(ctx context.Context, opts ...store.Option) (store.Store, error) {
	if m.st == nil {
		st, err := store.Open(ctx, m.dsn, append(opts, store.WithLogger(m.Log))...)
		if errors.Is(err, store.ErrNoGraph) {
			// Say what to do next; the store's message says only what is wrong.
			return nil, fmt.Errorf("%s holds no Chokepoint graph: load one first (chokepoint load --dsn %s) or check the path", m.dsn, m.dsn)
		}
		if err != nil {
			return nil, err
		}
		m.st = st
	}
	return m.st, nil
}

// dsnFlag defines --dsn, the graph store of the commands that open one.
func (m *Main) dsnFlag(fs *flag.FlagSet) {
	fs.StringVar(&m.dsn, "dsn", store.DefaultDSN, "`DSN` of the graph store: file://DIR or dgraph://host:port[,host:port]")
}
