package cli

import (
	"io"
	"math"
	_ "unsafe" // for go:linkname

	"nsip/internal/unix"
	"nsip/proc"
)

// nsip does without package os: it costs the binary some 66 KB, a third
// of what lsns, unshare and nsenter take together. What nsip needed from
// it is here.

// File is an open file descriptor as a reader and a writer.
type File int

// The standard streams.
const (
	Stdin      File = 0
	Stdout     File = 1
	StderrFile File = 2
)

// Write writes all of b, again after a signal interrupts it.
func (f File) Write(b []byte) (int, error) {
	done := 0
	for done < len(b) {
		n, err := unix.Write(int(f), b[done:])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return done, err
		}
		done += n
	}
	return done, nil
}

//go:noinline
func (f File) WriteString(s string) (int, error) { return f.Write([]byte(s)) }

// Read is io.Reader's Read: io.EOF at the end of the file.
func (f File) Read(b []byte) (int, error) {
	n, err := proc.Read(int(f), b)
	switch {
	case err != nil:
		return 0, err
	case n == 0 && len(b) > 0:
		return 0, io.EOF
	}
	return n, nil
}

func (f File) Close() error { return unix.Close(int(f)) }

// CommandLine is os.Args. The runtime hands the arguments to package os
// through this function, and nsip takes them the same way.
//
//go:linkname CommandLine os.runtime_args
func CommandLine() []string

// runtimeEnvs is the environment the runtime hands to package syscall.
//
//go:linkname runtimeEnvs syscall.runtime_envs
func runtimeEnvs() []string

// environ is the environment, read when first needed.
var environ []string

// Getenv is os.Getenv: the first NAME=value's value. It reads the
// environment as it is: syscall.Getenv first copies all of it into a map,
// which costs a short command more than its few look-ups.
func Getenv(name string) string {
	if environ == nil {
		environ = runtimeEnvs()
	}
	for _, kv := range environ {
		if len(kv) > len(name) && kv[len(name)] == '=' && kv[:len(name)] == name {
			return kv[len(name)+1:]
		}
	}
	return ""
}

// Terminal says whether standard output is a terminal and, if it is, how
// many columns it has, as util-linux asks: TIOCGWINSZ, else $COLUMNS (a
// positive int), else 80.
func Terminal() (columns int, isTerminal bool) {
	if _, err := unix.IoctlGetTermios(1, unix.TCGETS); err != nil {
		return 0, false
	}
	if ws, err := unix.IoctlGetWinsize(1, unix.TIOCGWINSZ); err == nil && ws.Col > 0 {
		return int(ws.Col), true
	}
	if n, ok := ParseInt(Getenv("COLUMNS"), 10); ok && n > 0 && n <= math.MaxInt32 {
		return int(n), true
	}
	return 80, true
}
