// Command spanlens decodes, analyses, converts and draws trace files from
// the command line.
//
//	spanlens tree trace.json             # the span tree with tokens and cost
//	spanlens summary --json trace.json   # statistics as JSON
//	spanlens convert --to chrome trace.json > trace.perfetto.json
//
// Run `spanlens help` for every command and flag.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"unicode"

	"github.com/spanlens/spanlens"
)

// command is one subcommand.
type command struct {
	usage string // arguments after the command name
	help  string
	flags flagGroup // the shared flags it takes
	run   func(c *cli, args []string) error
}

var commands = map[string]command{}

// cli carries what every command shares: flags, streams, loaded input.
type cli struct {
	stdout, stderr io.Writer
	stdin          io.Reader
	flags          *flag.FlagSet
	common         commonFlags
	// priceTable is --prices, read before any input is loaded.
	priceTable *spanlens.PriceTable
}

func main() {
	c := &cli{stdout: os.Stdout, stderr: os.Stderr, stdin: os.Stdin}
	os.Exit(c.main(os.Args[1:]))
}

// main runs one command and returns the exit status.
func (c *cli) main(args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		c.usage(c.stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	name := args[0]
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(c.stderr, "spanlens: unknown command %q\n\n", name)
		c.usage(c.stderr)
		return 2
	}
	c.flags = flag.NewFlagSet("spanlens "+name, flag.ContinueOnError)
	c.flags.SetOutput(c.stderr)
	c.flags.Usage = func() {
		fmt.Fprintf(c.stderr, "usage: spanlens %s [flags] %s\n\n%s\n\nflags:\n", name, cmd.usage, cmd.help)
		c.flags.PrintDefaults()
	}
	c.common.register(c.flags, cmd.flags)
	if err := cmd.run(c, args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		if errors.As(err, new(flagError)) {
			return 2 // the flag package has said what and shown the usage
		}
		// An argument out of range is reported without the library's
		// "spanlens: op:" prefix: the command name says where.
		var ae *spanlens.ArgError
		if errors.As(err, &ae) {
			err = errors.New(c.inFlagWords(ae))
		}
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(c.stderr, "spanlens %s: %v\n", name, err)
			c.flags.Usage()
			return 2
		}
		fmt.Fprintf(c.stderr, "spanlens %s: %v\n", name, err)
		return 1
	}
	return 0
}

// inFlagWords says an argument error in the command line's words: an
// argument the command takes as a flag is named as that flag ("maxRows"
// as "--max-rows").
func (c *cli) inFlagWords(ae *spanlens.ArgError) string {
	if ae.Arg == "" {
		return ae.Msg
	}
	var b strings.Builder
	for _, r := range ae.Arg {
		if unicode.IsUpper(r) {
			b.WriteByte('-')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	if c.flags.Lookup(b.String()) == nil {
		return ae.Msg
	}
	return "--" + b.String() + strings.TrimPrefix(ae.Msg, ae.Arg)
}

// flagError is a flag the command line got wrong, as flag.Parse reports
// it.
type flagError struct{ error }

// parse parses the command's flags.
func (c *cli) parse(args []string) error {
	if err := c.flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return flagError{err}
	}
	return nil
}

// usageError is a mistake in the command line rather than in the input.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func (c *cli) usage(w io.Writer) {
	fmt.Fprintln(w, "usage: spanlens <command> [flags] [FILE]")
	fmt.Fprintln(w, "\nFILE is a trace in any supported format (detected); - or none reads stdin.")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-14s %s\n", n, strings.SplitN(commands[n].help, "\n", 2)[0])
	}
	fmt.Fprintln(w, "\nRun `spanlens <command> -h` for a command's flags.")
}
