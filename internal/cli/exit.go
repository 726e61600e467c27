package cli

import "strconv"

// ExitStatus carries a process exit status up to main. iproute2 and
// util-linux end the program with exit() from deep inside a command (a
// bad argument, a failed dump); Fail does the same by unwinding, so that
// deferred work such as flushing output still runs.
type ExitStatus int

// Error lets a status travel as an error out of goroutines, which must not
// unwind with Fail: the message is printed by then.
func (e ExitStatus) Error() string { return "exit status " + strconv.Itoa(int(e)) }

// StatusFailure is EXIT_FAILURE.
const StatusFailure = 1

// Fail ends the command with status.
//
// Fail and the error helpers built on it are marked go:noinline: they run
// at most once per command, and inlined into the hundreds of places that
// call them they would only grow the binary.
//
//go:noinline
func Fail(status int) { panic(ExitStatus(status)) }

// Recover, deferred by a program's main function, turns a Fail into the
// exit status it carries; any other panic goes on.
func Recover(status *int) {
	if r := recover(); r != nil {
		code, ok := r.(ExitStatus)
		if !ok {
			panic(r)
		}
		*status = int(code)
	}
}

// StatusOf turns what a step returned into an exit status: an ExitStatus
// is itself, any other error is a failure.
//
//go:noinline
func StatusOf(err error) int {
	if status, ok := err.(ExitStatus); ok {
		return int(status)
	}
	if err != nil {
		return StatusFailure
	}
	return 0
}

// Version is nsip's own version, which the tools print beside the release
// of the reference they follow.
const Version = "0.1.0"
