// Package ns enters, creates and persists Linux namespaces from a Go
// program, where setns and unshare change only the calling thread.
//
// Every namespace change here happens on an OS thread locked to a goroutine
// of its own, never on the caller's. When the thread cannot be put back
// into the namespace it came from, its goroutine exits still locked, and
// the Go runtime destroys the thread instead of reusing it: no goroutine
// ever runs in a namespace it did not ask for.
//
// Small helpers that many callers share are marked //go:noinline: inlined at
// every call they would only grow the binary, which aims at 2 MiB.
package ns

import (
	"runtime"
	"strconv"

	"nsip/internal/unix"
)

// Error reports which step of entering a namespace failed.
type Error struct {
	_    noCompare
	Op   string // the step: "open", "setns", "unshare", "bind", "unmount", ...
	Path string
	Err  error
}

// noCompare, as a struct's first field, takes == away from the struct:
// the compiler then generates no equality function for it.
type noCompare [0]func()

func (e *Error) Error() string { return e.Op + " " + e.Path + ": " + e.Err.Error() }

func (e *Error) Unwrap() error { return e.Err }

// Do runs fn on a locked OS thread inside the namespace that the file at
// path refers to; nstype (unix.CLONE_NEWNET, ...) says which kind it must
// be. A mount namespace is not among them: it needs a thread that has
// left the process's shared filesystem state. Sockets fn opens stay bound
// to the namespace after Do returns, which is how callers talk netlink to
// another network namespace without moving. fn must not hand work to
// other goroutines: they run elsewhere.
func Do(path string, nstype int, fn func() error) error {
	target, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return failure("open", path, err)
	}
	err = onThread(nstype, target, path, func(string) error { return fn() })
	unix.Close(target)
	return err
}

// Unshare runs fn on a locked OS thread that has just left for a new
// namespace of nstype, such as unix.CLONE_NEWNET. fn gets the path of the
// thread's own file for that namespace (under /proc/thread-self), which it
// can bind mount to keep the namespace after the thread returns.
func Unshare(nstype int, fn func(nsPath string) error) error {
	return onThread(nstype, -1, "", fn)
}

// Discarded runs fn on a locked OS thread that is thrown away afterwards,
// for work that leaves the thread where it cannot come back from: a switch
// into another mount namespace before starting a child, or an exec.
//
//go:noinline
func Discarded(fn func() error) error {
	return offMainThread(func() (bool, error) { return false, fn() })
}

// onThread runs fn on a fresh locked thread that has entered the
// namespace open at target (from path), or with target -1 a new one, and
// moves the thread back to its namespace of nstype afterwards. If it
// cannot, the thread is discarded.
func onThread(nstype, target int, path string, fn func(nsPath string) error) error {
	return offMainThread(func() (bool, error) { return runEntered(nstype, target, path, fn) })
}

// offMainThread runs work on a locked OS thread other than the main one
// and unlocks the thread afterwards only if work says it is reusable. The
// main thread is kept out because the runtime cannot destroy it: a main
// thread left in another namespace would stay in the process for good, and
// /proc/self/ns would show that namespace as the process's.
func offMainThread(work func() (reusable bool, err error)) error {
	// discarded is the id of a thread on its way out, or 0; set before
	// the error is sent, so read safely after it is received. (A channel
	// of error, which other code uses too, costs the binary less than one
	// of a struct of both.)
	discarded := 0
	result := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		if unix.Gettid() == unix.Getpid() {
			// Hold the main thread while another one does the work.
			result <- offMainThread(work)
			runtime.UnlockOSThread()
			return
		}
		reusable, err := work()
		if reusable {
			runtime.UnlockOSThread()
		} else {
			// The goroutine ends locked and takes the thread with it.
			discarded = unix.Gettid()
		}
		result <- err
	}()
	err := <-result
	if discarded != 0 {
		// Wait, a little while at most, until the discarded thread is
		// gone, so that when a call returns no thread of the process is
		// still in the namespace it visited. Without /proc there is
		// nothing to watch.
		path := "/proc/self/task/" + strconv.Itoa(discarded)
		pause := unix.Timespec{Nsec: 50_000}
		for range 20000 {
			if unix.Access(path, unix.F_OK) != nil {
				break
			}
			unix.Nanosleep(&pause, nil)
		}
	}
	return err
}

// runEntered does the work of onThread on the locked thread. It reports
// whether the thread is back where it started.
func runEntered(nstype, target int, path string, fn func(nsPath string) error) (restored bool, err error) {
	kind := KindOfFlag(nstype)
	if kind < 0 || nstype&reversibleKinds == 0 {
		return true, failure("setns", "", unix.EINVAL)
	}
	// The thread's own namespace file of kind: /proc/self/ns names the
	// thread-group leader's, not this thread's. Kernels before 3.17 lack
	// /proc/thread-self.
	nsPath := "/proc/thread-self/ns/" + Kinds[kind]
	if unix.Access("/proc/thread-self", unix.F_OK) != nil {
		nsPath = "/proc/self/task/" + strconv.Itoa(unix.Gettid()) + "/ns/" + Kinds[kind]
	}
	origin, err := unix.Open(nsPath, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		// Without a handle on where the thread was, it cannot go back:
		// go on, and let the thread be discarded.
		origin = -1
	}
	restored = true
	if target >= 0 {
		if err = unix.Setns(target, nstype); err != nil {
			err = failure("setns", path, err)
		}
	} else if err = unix.Unshare(nstype); err != nil {
		err = failure("unshare", "", err)
	}
	if err == nil {
		err = fn(nsPath)
		restored = origin >= 0 && unix.Setns(origin, nstype) == nil
	}
	if origin >= 0 {
		unix.Close(origin)
	}
	return restored, err
}

// reversibleKinds are the kinds a thread can enter and leave again at
// will. Mount namespaces need a thread that left the shared filesystem
// state for good; user and time namespaces need a single-threaded process.
const reversibleKinds = unix.CLONE_NEWNET | unix.CLONE_NEWUTS | unix.CLONE_NEWIPC | unix.CLONE_NEWCGROUP

// failure is the *Error of step op on path; one call instead of an
// allocation and its stores at each of the many failing steps.
//
//go:noinline
func failure(op, path string, err error) error {
	return &Error{Op: op, Path: path, Err: err}
}
