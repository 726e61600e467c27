// Package proc reads what /proc says about processes, threads and the
// namespaces they are in.
//
// Small helpers that many callers share are marked //go:noinline: inlined at
// every call they would only grow the binary, which aims at 2 MiB.
package proc

import (
	"strconv"

	"nsip/internal/unix"
)

// PathError records the operation and the path that failed.
type PathError struct {
	_        noCompare
	Op, Path string
	Err      error
}

// noCompare, as a struct's first field, takes == away from the struct:
// the compiler then generates no equality function for it.
type noCompare [0]func()

func (e *PathError) Error() string { return e.Op + " " + e.Path + ": " + e.Err.Error() }

func (e *PathError) Unwrap() error { return e.Err }

// NamespaceID identifies a namespace: the device and inode of its nsfs
// file. Two paths name the same namespace exactly when their IDs are equal.
type NamespaceID struct {
	Dev uint64
	Ino uint64
}

// Namespace stats the namespace file at path, such as /proc/1/ns/net or a
// bind mount of one, following the link to the namespace itself.
func Namespace(path string) (NamespaceID, error) {
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		return NamespaceID{}, &PathError{Op: "stat", Path: path, Err: err}
	}
	return NamespaceID{Dev: uint64(st.Dev), Ino: st.Ino}, nil
}

// TaskNamespacePath is the namespace file of kind ("net", "mnt", ...) of
// thread tid of process pid.
func TaskNamespacePath(pid, tid int, kind string) string {
	return "/proc/" + strconv.Itoa(pid) + "/task/" + strconv.Itoa(tid) + "/ns/" + kind
}

// Tasks lists the thread ids of process pid.
func Tasks(pid int) ([]int, error) {
	names, err := ListDir(PIDPath(pid, "task"))
	if err != nil {
		return nil, err
	}
	tids := make([]int, 0, len(names))
	for _, name := range names {
		if tid, ok := Atoi(name); ok {
			tids = append(tids, tid)
		}
	}
	return tids, nil
}
