package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

const intro = `chokepoint — who controls which critical materials, and what depends on them`

// writeUsage prints the overview: every command and where to learn more.
func writeUsage(w io.Writer) {
	fmt.Fprintf(w, "%s\n\nUsage:\n  chokepoint COMMAND [flags] [arguments]\n\nCommands:\n", intro)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `  help     Show the usage, flags and examples of a command

DSN: file://DIR (embedded engine, default file://chokepoint-data) or dgraph://host:9080[,host:9080].
Every flag also reads an environment variable; 'chokepoint help COMMAND' names each one and its default.
Flags may come before or after arguments; after -- everything is an argument.
'chokepoint --version' prints the version, commit, Go and Dgraph versions.
`)
}

// writeCommandHelp prints c's usage line, description, flags and examples.
func writeCommandHelp(w io.Writer, c *command, fs *flag.FlagSet) {
	line := "chokepoint " + c.name
	hasFlags := false
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		line += " [flags]"
	}
	if c.args != "" {
		line += " " + c.args
	}
	fmt.Fprintf(w, "Usage: %s\n\n%s\n", line, strings.TrimSpace(c.detail))
	if hasFlags {
		fmt.Fprint(w, "\nFlags:\n")
		fs.VisitAll(func(f *flag.Flag) { writeFlag(w, c, f) })
	}
	if len(c.examples) > 0 {
		fmt.Fprint(w, "\nExamples:\n")
		for _, e := range c.examples {
			fmt.Fprintf(w, "  %s\n", e)
		}
	}
}

// writeFlag prints one flag as --name VALUE, its usage, its default and its
// environment variable.
func writeFlag(w io.Writer, c *command, f *flag.Flag) {
	value, usage := flag.UnquoteUsage(f)
	name := "--" + f.Name
	if value != "" {
		name += " " + value
	}
	def := f.DefValue
	if def == "" {
		def = `""`
	}
	fmt.Fprintf(w, "  %s\n      %s\n      default %s, env %s\n", name, usage, def, c.envName(f.Name))
}
