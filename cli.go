package main

import (
	"errors"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// exitStatus carries a process exit status up to main. iproute2 ends the
// program with exit() from deep inside a command (a bad argument, a failed
// dump); fail does the same by unwinding, so main can still flush output.
//
// fail and the error helpers built on it are marked go:noinline: they run
// at most once per command, and inlined into the hundreds of places that
// call them they would only grow the binary.
type exitStatus int

// Error lets a status travel as an error out of goroutines, which must not
// unwind with fail: the message is printed by then.
func (e exitStatus) Error() string { return "exit status " + strconv.Itoa(int(e)) }

//go:noinline
func fail(status int) { panic(exitStatus(status)) }

// Exit statuses iproute2 uses: its exit(-1) is 255.
const (
	statusFailure = 1
	statusUsage   = 255
)

// stderr writes the concatenation of parts to standard error at once.
func stderr(parts ...string) {
	stderrFile.WriteString(strings.Join(parts, ""))
}

// strerror is glibc's text for err's errno: x/sys/unix has the same words,
// but in lower case.
func strerror(err error) string {
	errno, ok := errnoOf(err)
	if !ok {
		return err.Error()
	}
	switch errno {
	case 0:
		return "Success"
	case unix.EHWPOISON:
		return "Memory page has hardware error"
	}
	text := errno.Error()
	if strings.HasPrefix(text, "errno ") {
		return "Unknown error " + strconv.Itoa(int(errno))
	}
	return strings.ToUpper(text[:1]) + text[1:]
}

// errnoOf finds the errno err wraps. It unwraps by hand: errors.As would
// pull reflection into the binary for this one use.
func errnoOf(err error) (unix.Errno, bool) {
	for err != nil {
		if errno, ok := err.(unix.Errno); ok {
			return errno, true
		}
		err = errors.Unwrap(err)
	}
	return 0, false
}

// matches reports whether arg abbreviates word: a non-empty prefix of it.
// It is called from a hundred places; inlining it there would only grow
// the binary.
//
//go:noinline
func matches(arg, word string) bool {
	return arg != "" && strings.HasPrefix(word, arg)
}

// invarg is iproute2's complaint about one argument's value.
//
//go:noinline
func invarg(msg, arg string) {
	stderr(`Error: argument "`, arg, `" is wrong: `, msg, "\n")
	fail(statusUsage)
}

// duparg2 is iproute2's complaint about a repeated or stray word.
//
//go:noinline
func duparg2(key, arg string) {
	stderr(`Error: either "`, key, `" is duplicate, or "`, arg, `" is a garbage.`, "\n")
	fail(statusUsage)
}

// unknownCommand is ip's answer to a command an object does not have.
//
//go:noinline
func unknownCommand(object, cmd string) {
	stderr(`Command "`, cmd, `" is unknown, try "ip `, object, ` help".`, "\n")
	fail(statusUsage)
}

//go:noinline
func duparg(key, arg string) {
	stderr(`Error: duplicate "`, key, `": "`, arg, `" is the second value.`, "\n")
	fail(statusUsage)
}

//go:noinline
func incompleteCommand() {
	stderr("Command line is not complete. Try option \"help\"\n")
	fail(statusUsage)
}

// args walks a command's words the way iproute2's NEXT_ARG does.
type args []string

func (a *args) empty() bool { return len(*a) == 0 }

// cur is the word being looked at.
func (a *args) cur() string { return (*a)[0] }

// skip moves past the current word.
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
