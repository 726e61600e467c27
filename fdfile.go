package main

import (
	"io"
	"syscall"
	_ "unsafe" // for go:linkname

	"golang.org/x/sys/unix"
)

// nsip does without package os: it costs the binary some 66 KB, a third
// of what lsns, unshare and nsenter take together. What nsip needed from
// it is here.

// fdFile is an open file descriptor as a reader and a writer.
type fdFile int

const (
	stdinFile  fdFile = 0
	stdoutFile fdFile = 1
	stderrFile fdFile = 2
)

func (f fdFile) Write(b []byte) (int, error) {
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

func (f fdFile) WriteString(s string) (int, error) { return f.Write([]byte(s)) }

func (f fdFile) Read(b []byte) (int, error) {
	for {
		n, err := unix.Read(int(f), b)
		switch {
		case err == unix.EINTR:
			continue
		case err != nil:
			return 0, err
		case n == 0 && len(b) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (f fdFile) Close() error { return unix.Close(int(f)) }

// commandLine is os.Args. The runtime hands the arguments to package os
// through this function, and nsip takes them the same way.
//
//go:linkname commandLine os.runtime_args
func commandLine() []string

// getenv is os.Getenv.
func getenv(name string) string {
	v, _ := syscall.Getenv(name)
	return v
}
