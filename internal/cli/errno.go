package cli

import (
	"strconv"

	"nsip/internal/ascii"
	"nsip/internal/unix"
	"nsip/nl"
	"nsip/ns"
	"nsip/proc"
)

// BeforeStderr, when set, writes out the standard output a program holds
// back, so that what Stderr writes comes after it.
var BeforeStderr func()

// Stderr writes the concatenation of parts to standard error at once.
func Stderr(parts ...string) {
	if BeforeStderr != nil {
		BeforeStderr()
	}
	StderrFile.WriteString(concat(parts))
}

// concat is the parts joined, for Stderr, Errx and Failure: a plain loop,
// where ascii.Join's sizing first took half a kilobyte of code for
// messages printed once, and out of line in them.
//
//go:noinline
func concat(parts []string) string {
	text := ""
	for _, part := range parts {
		text += part
	}
	return text
}

// Strerror is glibc's text for err's errno: x/sys/unix has the same words,
// but in lower case.
func Strerror(err error) string {
	errno, ok := ErrnoOf(err)
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
	if ascii.HasPrefix(text, "errno ") {
		return "Unknown error " + strconv.Itoa(int(errno))
	}
	b := []byte(text)
	if b[0] >= 'a' && b[0] <= 'z' {
		b[0] -= 'a' - 'A'
	}
	return string(b)
}

// ErrnoOf finds the errno err wraps. It unwraps by hand, and by the
// concrete types of nsip's wrapping errors (TestErrnoOfUnwrapsEveryWrapper
// checks that it knows them all): errors.As would pull reflection into
// the binary, and errors.Unwrap's assertion to an interface the runtime's
// type-assertion cache, for this one use.
func ErrnoOf(err error) (unix.Errno, bool) {
	for {
		switch e := err.(type) {
		case unix.Errno:
			return e, true
		case *ns.Error:
			err = e.Err
		case *ns.SpawnError:
			return e.Err, true
		case *proc.PathError:
			err = e.Err
		case *nl.OpError:
			return e.Errno, true
		case *nl.ListenError:
			err = e.Err
		default:
			return 0, false
		}
	}
}

// IsErrno reports whether err wraps the errno want.
//
//go:noinline
func IsErrno(err error, want unix.Errno) bool {
	errno, ok := ErrnoOf(err)
	return ok && errno == want
}

// Matches is iproute2's matches: whether arg abbreviates word, as a
// non-empty prefix of it. It is called from a hundred places; inlining it
// there would only grow the binary.
//
//go:noinline
func Matches(arg, word string) bool {
	return arg != "" && ascii.HasPrefix(word, arg)
}
