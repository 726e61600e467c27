// Package getopt parses command lines the way glibc's getopt_long does,
// for the util-linux tools.
package getopt

import (
	"nsip/internal/ascii"
	"nsip/internal/cli"
)

// The util-linux tools parse their command lines with glibc's getopt_long,
// and scripts rely on its details: clustered short options, "--name=value"
// and unique abbreviations of long names, operands mixed with options
// (unless the option string starts with '+'), and its error messages.

// Argument kinds of an option, as in getopt_long.
const (
	NoArgument = iota
	RequiredArgument
	OptionalArgument
)

// Option is a long option: its name, whether it takes an argument, and
// the key Next returns for it. The small fields keep the tools' tables
// of options at 24 bytes an entry.
type Option struct {
	Name string
	Arg  uint8 // NoArgument, RequiredArgument or OptionalArgument
	Key  int32
}

// Parser walks a command line as getopt_long does.
type Parser struct {
	Prog     string // argv[0], which glibc's messages start with
	short    string // the option string, without a leading '+'
	long     []Option
	InOrder  bool // stop at the first operand, as a leading '+' asks
	args     []string
	cluster  string // the rest of a group of short options
	operands []string
	excl     [maxExclusive]string // groups of mutually exclusive options
	exclSeen [maxExclusive]int    // the option met of each group, or 0

	Arg    string // the argument of the option next returned
	HasArg bool
}

// New parses argv (argv[0] is the program) with the short options of
// short, getopt's option string, and the long ones of long.
func New(argv []string, short string, long []Option) *Parser {
	g := &Parser{Prog: argv[0], short: short, long: long, args: argv[1:]}
	if ascii.HasPrefix(short, "+") {
		g.short, g.InOrder = short[1:], true
	}
	return g
}

// Exclusive makes each group, a string of short options, mutually
// exclusive, as util-linux's err_exclusive_options does. That function
// expects the groups, and the options in each, in ASCII order, and
// misses what is out of order; so does this, as scripts may rely on it.
func (g *Parser) Exclusive(groups ...string) {
	for i, group := range groups {
		g.excl[i] = group // more than maxExclusive groups panic here
	}
}

// maxExclusive is how many groups Exclusive takes, as many as a tool
// needs: arrays in the Parser rather than slices spare the tools a heap
// allocation, and the binary a type descriptor for their arrays.
const maxExclusive = 2

// Next returns the key of the next option, or -1 when they are done, and
// then Operands holds what remains. A bad option ends the program the way
// the tools do: glibc's message, then errtryhelp.
func (g *Parser) Next() int {
	key := g.next()
	for e := 0; e < len(g.excl) && g.excl[e] != "" && int(g.excl[e][0]) <= key; e++ {
		group := g.excl[e]
		for _, op := range []byte(group) {
			if int(op) > key {
				break
			}
			if int(op) != key {
				continue
			}
			if g.exclSeen[e] == 0 {
				g.exclSeen[e] = key
			} else if g.exclSeen[e] != key {
				msg := cli.ProgramName(g.Prog) + ": mutually exclusive arguments:"
				for i := range group {
					// The option by its long name when it has one.
					name := "-" + group[i:i+1]
					for _, o := range g.long {
						if o.Key == int32(group[i]) {
							name = "--" + o.Name
							break
						}
					}
					msg += " " + name
				}
				cli.Stderr(msg, "\n")
				cli.Fail(cli.StatusFailure)
			}
			break
		}
	}
	return key
}

func (g *Parser) next() int {
	g.Arg, g.HasArg = "", false
	for g.cluster == "" {
		if len(g.args) == 0 {
			return -1
		}
		arg := g.args[0]
		operand := len(arg) < 2 || arg[0] != '-'
		if arg == "--" || operand && g.InOrder {
			// The rest are operands: after "--" all of them, else from
			// this one on.
			if arg == "--" {
				g.args = g.args[1:]
			}
			g.operands = append(g.operands, g.args...)
			g.args = nil
			return -1
		}
		g.args = g.args[1:]
		switch {
		case operand:
			g.operands = append(g.operands, arg)
		case arg[1] == '-':
			text := arg[2:]
			name, value := text, ""
			i := ascii.IndexByte(text, '=')
			hasValue := i >= 0
			if hasValue {
				name, value = text[:i], text[i+1:]
			}
			// A long option: the one name spells out, else the first
			// name it abbreviates; the abbreviation is ambiguous when
			// another option it abbreviates differs in argument or key.
			var o *Option
			ambiguous := false
			for i := range g.long {
				l := &g.long[i]
				if l.Name == name {
					o, ambiguous = l, false
					break
				}
				switch {
				case !ascii.HasPrefix(l.Name, name):
				case o == nil:
					o = l
				case l.Arg != o.Arg || l.Key != o.Key:
					ambiguous = true
				}
			}
			if o == nil {
				g.usageError("unrecognized option '--", text, "'")
			}
			if ambiguous {
				msg := "option '--" + text + "' is ambiguous; possibilities:"
				for _, l := range g.long {
					if ascii.HasPrefix(l.Name, name) {
						msg += " '--" + l.Name + "'"
					}
				}
				g.usageError(msg, "", "")
			}
			switch {
			case hasValue && o.Arg == NoArgument:
				g.usageError("option '--", o.Name, "' doesn't allow an argument")
			case hasValue:
				g.Arg, g.HasArg = value, true
			case o.Arg == RequiredArgument:
				if len(g.args) == 0 {
					g.usageError("option '--", o.Name, "' requires an argument")
				}
				g.Arg, g.HasArg, g.args = g.args[0], true, g.args[1:]
			}
			return int(o.Key)
		default:
			g.cluster = arg[1:]
		}
	}
	// The next short option of the cluster, opt as glibc prints it in
	// messages: the byte itself, even where it is no character alone.
	opt := g.cluster[:1]
	c := opt[0]
	g.cluster = g.cluster[1:]
	i := ascii.IndexByte(g.short, c)
	if i < 0 || c == ':' {
		g.usageError("invalid option -- '", opt, "'")
	}
	kind := NoArgument
	if ascii.HasPrefix(g.short[i+1:], "::") {
		kind = OptionalArgument
	} else if ascii.HasPrefix(g.short[i+1:], ":") {
		kind = RequiredArgument
	}
	switch {
	case kind == NoArgument:
	case g.cluster != "":
		g.Arg, g.HasArg, g.cluster = g.cluster, true, ""
	case kind == RequiredArgument:
		if len(g.args) == 0 {
			g.usageError("option requires an argument -- '", opt, "'")
		}
		g.Arg, g.HasArg, g.args = g.args[0], true, g.args[1:]
	}
	return int(c)
}

// Operands are the arguments that are not options, in order.
func (g *Parser) Operands() []string { return g.operands }

// usageError reports a bad option: the message is before, what and after,
// which spares each caller a concatenation of its own.
func (g *Parser) usageError(before, what, after string) {
	cli.Stderr(g.Prog, ": ", before, what, after, "\n")
	cli.ErrTryHelp(cli.ProgramName(g.Prog))
}
