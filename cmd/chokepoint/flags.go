package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"
)

// envFlags defines flags whose defaults come from environment variables;
// a malformed variable is an error, not a silent default.
type envFlags struct {
	fs  *flag.FlagSet
	err error
}

func (e *envFlags) lookup(env string, parse func(string) error) {
	if v, ok := os.LookupEnv(env); ok && v != "" && e.err == nil {
		if err := parse(v); err != nil {
			e.err = fmt.Errorf("environment variable %s=%q: %w", env, v, err)
		}
	}
}

func (e *envFlags) String(p *string, name, env, def, usage string) {
	*p = def
	e.lookup(env, func(v string) error { *p = v; return nil })
	e.fs.StringVar(p, name, *p, usage+" (env "+env+")")
}

func (e *envFlags) Bool(p *bool, name, env string, def bool, usage string) {
	*p = def
	e.lookup(env, func(v string) (err error) { *p, err = strconv.ParseBool(v); return err })
	e.fs.BoolVar(p, name, *p, usage+" (env "+env+")")
}

func (e *envFlags) Int(p *int, name, env string, def int, usage string) {
	*p = def
	e.lookup(env, func(v string) (err error) { *p, err = strconv.Atoi(v); return err })
	e.fs.IntVar(p, name, *p, usage+" (env "+env+")")
}

func (e *envFlags) Int64(p *int64, name, env string, def int64, usage string) {
	*p = def
	e.lookup(env, func(v string) (err error) { *p, err = strconv.ParseInt(v, 10, 64); return err })
	e.fs.Int64Var(p, name, *p, usage+" (env "+env+")")
}

func (e *envFlags) Duration(p *time.Duration, name, env string, def time.Duration, usage string) {
	*p = def
	e.lookup(env, func(v string) (err error) { *p, err = time.ParseDuration(v); return err })
	e.fs.DurationVar(p, name, *p, usage+" (env "+env+")")
}
