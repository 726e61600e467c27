// Package ns enters, creates and persists Linux namespaces from a Go
// program, where setns and unshare change only the calling thread.
//
// Every namespace change here happens on an OS thread locked to a goroutine
// of its own, never on the caller's. When the thread cannot be put back
// into the namespace it came from, its goroutine exits still locked, and
// the Go runtime destroys the thread instead of reusing it: no goroutine
// ever runs in a namespace it did not ask for.
package ns

import (
	"os"
	"runtime"
	"strconv"

	"golang.org/x/sys/unix"
)

// Error reports which step of entering a namespace failed.
type Error struct {
	Op   string // "open" or "setns"
	Path string
	Err  error
}

func (e *Error) Error() string { return e.Op + " " + e.Path + ": " + e.Err.Error() }

func (e *Error) Unwrap() error { return e.Err }

// Do runs fn on a locked OS thread inside the namespace that the file at
// path refers to; nstype (unix.CLONE_NEWNET, ...) says which kind it must
// be; a mount namespace is not among them, it needs a thread that has
// left the process's shared filesystem state. Sockets fn opens stay bound to that namespace after Do returns, which
// is how callers talk netlink to another network namespace without moving.
// fn must not hand work to other goroutines: they run elsewhere.
func Do(path string, nstype int, fn func() error) error {
	target, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return &Error{Op: "open", Path: path, Err: err}
	}
	defer unix.Close(target)

	result := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		restored, err := runIn(target, nstype, fn)
		if err != nil {
			if e, ok := err.(*Error); ok && e.Path == "" {
				e.Path = path
			}
		}
		if restored {
			runtime.UnlockOSThread()
		}
		// Otherwise the goroutine ends locked and takes the thread with it.
		result <- err
	}()
	return <-result
}

// runIn switches the calling locked thread into target, runs fn and
// switches back. It reports whether the thread is back where it started.
func runIn(target, nstype int, fn func() error) (restored bool, err error) {
	origin, err := openThreadNamespace(nstype)
	if err != nil {
		// Without a handle on where the thread was, it cannot go back:
		// run fn anyway and let the thread be discarded.
		origin = -1
	} else {
		defer unix.Close(origin)
	}
	if err := unix.Setns(target, nstype); err != nil {
		return true, &Error{Op: "setns", Err: err}
	}
	fnErr := fn()
	if origin < 0 || unix.Setns(origin, nstype) != nil {
		return false, fnErr
	}
	return true, fnErr
}

// openThreadNamespace opens the calling thread's own namespace file of
// nstype: /proc/self/ns names the thread-group leader's, not this thread's.
func openThreadNamespace(nstype int) (int, error) {
	kind, ok := kindNames[nstype]
	if !ok {
		return -1, unix.EINVAL
	}
	fd, err := unix.Open("/proc/thread-self/ns/"+kind, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err == nil {
		return fd, nil
	}
	// Kernels before 3.17 lack /proc/thread-self.
	path := "/proc/self/task/" + strconv.Itoa(unix.Gettid()) + "/ns/" + kind
	fd, err = unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, &os.PathError{Op: "open", Path: path, Err: err}
	}
	return fd, nil
}

var kindNames = map[int]string{
	unix.CLONE_NEWNET:    "net",
	unix.CLONE_NEWUTS:    "uts",
	unix.CLONE_NEWIPC:    "ipc",
	unix.CLONE_NEWCGROUP: "cgroup",
}
