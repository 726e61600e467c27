package ip

import (
	"nsip/internal/ascii"
	"nsip/internal/cli"
)

// statusUsage is ip's exit(-1).
const statusUsage = 255

// fatal prints msg and ends ip with status.
//
//go:noinline
func fatal(status int, msg string) {
	cli.Stderr(msg)
	cli.Fail(status)
}

// invarg is iproute2's complaint about one argument's value.
//
//go:noinline
func invarg(msg, arg string) {
	cli.Stderr(`Error: argument "`, arg, `" is wrong: `, msg, "\n")
	cli.Fail(statusUsage)
}

// duparg2 is iproute2's complaint about a repeated or stray word.
//
//go:noinline
func duparg2(key, arg string) {
	cli.Stderr(`Error: either "`, key, `" is duplicate, or "`, arg, "\" is a garbage.\n")
	cli.Fail(statusUsage)
}

// unknownCommand is ip's answer to a command an object does not have.
//
//go:noinline
func unknownCommand(object, cmd string) {
	cli.Stderr(`Command "`, cmd, `" is unknown, try "`, program, ` `, object, " help\".\n")
	cli.Fail(statusUsage)
}

//go:noinline
func duparg(key, arg string) {
	cli.Stderr(`Error: duplicate "`, key, `": "`, arg, "\" is the second value.\n")
	cli.Fail(statusUsage)
}

//go:noinline
func incompleteCommand() {
	cli.Stderr("Command line is not complete. Try option \"help\"\n")
	cli.Fail(statusUsage)
}

// wordIndex is the number, from 0, of the first of names that word
// abbreviates, or -1. names are words each followed by a space, in the
// order that settles what an abbreviation means, as in ip. One string
// costs less than a table of strings, and a switch on the number less
// than a test of each word in turn.
//
//go:noinline
func wordIndex(word, names string) int {
	for i := 0; names != ""; i++ {
		end := ascii.IndexByte(names, ' ')
		if cli.Matches(word, names[:end]) {
			return i
		}
		names = names[end+1:]
	}
	return -1
}

// args walks a command's words the way iproute2's NEXT_ARG does.
type args []string

//go:noinline
func (a *args) empty() bool { return len(*a) == 0 }

// cur is the word being looked at.
//
//go:noinline
func (a *args) cur() string { return (*a)[0] }

// skip moves past the current word.
//
//go:noinline
func (a *args) skip() { *a = (*a)[1:] }

// next moves to the word after the current one and returns it; a command
// line that ends first is incomplete.
func (a *args) next() string {
	if len(*a) < 2 {
		incompleteCommand()
	}
	a.skip()
	return a.cur()
}

// nextArg moves to a keyword's value and reads it with parse; a value
// parse refuses ends ip with invarg's complaint.
func nextArg[T any](a *args, parse func(string) (T, bool), complaint string) T {
	arg := a.next()
	v, ok := parse(arg)
	if !ok {
		invarg(complaint, arg)
	}
	return v
}
