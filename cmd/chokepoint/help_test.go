package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// execute runs a command line through Exec, as main does, and returns the exit
// code with what went to stdout and to stderr.
func execute(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := NewMain()
	m.Stdout, m.Stderr = &out, &errOut
	m.Log = slog.New(slog.NewTextHandler(&errOut, nil))
	code = m.Exec(context.Background(), args)
	return code, out.String(), errOut.String()
}

func TestHelpGoesToStdoutAndExitsZero(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
		code, out, errOut := execute(t, args...)
		if code != 0 || errOut != "" || !strings.Contains(out, "Commands:") {
			t.Errorf("chokepoint %v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
		for _, c := range commands {
			if !strings.Contains(out, "\n  "+c.name+" ") {
				t.Errorf("chokepoint %v does not list %s", args, c.name)
			}
		}
	}
	for _, c := range commands {
		for _, args := range [][]string{{"help", c.name}, {c.name, "--help"}, {c.name, "-h"}} {
			code, out, errOut := execute(t, args...)
			if code != 0 || errOut != "" || !strings.HasPrefix(out, "Usage: chokepoint "+c.name) || !strings.Contains(out, "Examples:\n  chokepoint ") {
				t.Errorf("chokepoint %v: exit %d, stderr %q, stdout:\n%s", args, code, errOut, out)
			}
		}
	}
}

// Every flag of every command is in its help with a default and a variable.
func TestHelpShowsEveryFlagWithDefaultAndVariable(t *testing.T) {
	for _, c := range commands {
		_, out, _ := execute(t, "help", c.name)
		c.flagSet(&Main{}).VisitAll(func(f *flag.Flag) {
			def := f.DefValue
			if def == "" {
				def = `""`
			}
			want := "default " + def + ", env " + c.envName(f.Name) + "\n"
			if !strings.Contains(out, "  --"+f.Name) || !strings.Contains(out, want) {
				t.Errorf("help %s lacks --%s with %q", c.name, f.Name, want)
			}
		})
	}
	_, out, _ := execute(t, "help", "serve")
	for _, want := range []string{"--addr HOST:PORT", "default localhost:8080, env CHOKEPOINT_ADDR", "default true, env CHOKEPOINT_SEED", "env CHOKEPOINT_DSN"} {
		if !strings.Contains(out, want) {
			t.Errorf("help serve lacks %q", want)
		}
	}
}

func TestMistakesPrintOneLineAndExitTwo(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"explode"}, `unknown command "explode"`},
		{[]string{"load", "--nope"}, "load: flag provided but not defined: -nope"},
		{[]string{"stats", "extra"}, `stats takes no arguments, got ["extra"]`},
		{[]string{"serve", "--max-depth", "deep"}, "invalid value"},
		{[]string{"help", "explode"}, `help: unknown command "explode"`},
	} {
		code, out, errOut := execute(t, tc.args...)
		lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
		if code != 2 || out != "" || len(lines) != 2 || !strings.Contains(lines[0], tc.want) || !strings.HasPrefix(lines[1], "Run 'chokepoint help") {
			t.Errorf("chokepoint %v: exit %d, stdout %q, stderr:\n%s\nwant one line with %q and the hint", tc.args, code, out, errOut, tc.want)
		}
	}
}

func TestEveryFlagReadsItsVariable(t *testing.T) {
	for _, tc := range []struct {
		env, value string
		args       []string
		got        func(m *Main) any
	}{
		{"CHOKEPOINT_LOAD_BATCH", "7", []string{"load"}, func(m *Main) any { return m.batch }},
		{"CHOKEPOINT_LOAD_DRY_RUN", "true", []string{"load"}, func(m *Main) any { return m.dryRun }},
		{"CHOKEPOINT_STATS_JSON", "true", []string{"stats"}, func(m *Main) any { return m.asJSON }},
		{"CHOKEPOINT_DSN", "file:///elsewhere", []string{"stats"}, func(m *Main) any { return m.dsn }},
		{"CHOKEPOINT_ADDR", "127.0.0.1:1", []string{"serve"}, func(m *Main) any { return m.serve.addr }},
		{"CHOKEPOINT_GEN_SEED", "3", []string{"bench"}, func(m *Main) any { return m.benchCfg.seed }},
		{"CHOKEPOINT_BENCH_ROUNDS", "9", []string{"bench"}, func(m *Main) any { return m.benchCfg.rounds }},
		{"CHOKEPOINT_EXTRACT_PUBLISHER", "AP", []string{"extract"}, func(m *Main) any { return m.extract.publisher }},
		{"CHOKEPOINT_EXTRACT_DATE", "2025-11-04", []string{"extract"}, func(m *Main) any { return m.extract.date }},
	} {
		t.Run(tc.env, func(t *testing.T) {
			t.Setenv(tc.env, tc.value)
			m := NewMain()
			if err := m.ParseFlags(tc.args); err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprint(tc.got(m)); got != tc.value {
				t.Fatalf("%s=%s gave %v", tc.env, tc.value, got)
			}
		})
	}
	// The command line wins over the environment.
	t.Setenv("CHOKEPOINT_LOAD_BATCH", "7")
	m := NewMain()
	if err := m.ParseFlags([]string{"load", "--batch", "11"}); err != nil || m.batch != 11 {
		t.Fatalf("--batch 11 with CHOKEPOINT_LOAD_BATCH=7: batch %d, %v", m.batch, err)
	}
}
