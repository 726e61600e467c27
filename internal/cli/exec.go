package cli

import (
	"syscall"

	"nsip/internal/ascii"
)

// Execvp finds argv[0] the way execvp(3) does and hands each candidate to
// run: a name with a slash is used as it is, else each PATH entry is
// tried; a file the kernel will not execute (ENOEXEC) runs under /bin/sh;
// EACCES is remembered while the search goes on.
func Execvp(argv []string, run func(path string, argv []string) error) error {
	file := argv[0]
	if file == "" {
		return syscall.ENOENT
	}
	if ascii.IndexByte(file, '/') >= 0 {
		return execCandidate(file, argv, run)
	}
	search, ok := syscall.Getenv("PATH")
	if !ok {
		search = "/bin:/usr/bin"
	}
	denied := false
	for _, dir := range ascii.Split(search, ":") {
		if dir == "" {
			dir = "."
		}
		err := execCandidate(dir+"/"+file, argv, run)
		// Compared as numbers: one comparison of err with each Errno
		// costs more code than all of these.
		errno, _ := err.(syscall.Errno)
		switch errno {
		case syscall.EACCES:
			denied = true
		case syscall.ENOENT, syscall.ENOTDIR, syscall.ESTALE, syscall.ENODEV, syscall.ETIMEDOUT:
		default:
			return err
		}
	}
	if denied {
		return syscall.EACCES
	}
	return syscall.ENOENT
}

// execCandidate runs path, or /bin/sh with path when the kernel will not
// execute it. Inlined at its two calls it would only grow the binary.
//
//go:noinline
func execCandidate(path string, argv []string, run func(path string, argv []string) error) error {
	err := run(path, argv)
	if err == syscall.ENOEXEC {
		// Made to size: a literal {"/bin/sh", path} would bring [2]string's
		// type descriptor and equality function into the binary.
		sh := make([]string, len(argv)+1)
		sh[0], sh[1] = "/bin/sh", path
		copy(sh[2:], argv[1:])
		return run("/bin/sh", sh)
	}
	return err
}

// Wait is wait4(2) for the child pid, asked again when a signal
// interrupts it.
func Wait(pid, options int) (syscall.WaitStatus, error) {
	var ws syscall.WaitStatus
	for {
		_, err := syscall.Wait4(pid, &ws, options, nil)
		if err != syscall.EINTR {
			return ws, err
		}
	}
}
