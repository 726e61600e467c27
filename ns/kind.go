package ns

import (
	"unsafe"

	"nsip/internal/unix"
)

// Kinds are the namespace kinds in the order lsns lists them, named as
// in /proc/PID/ns.
var Kinds = [...]string{"mnt", "net", "pid", "uts", "ipc", "user", "cgroup", "time"}

// Indexes of Kinds.
const (
	Mnt = iota
	Net
	PID
	UTS
	IPC
	User
	Cgroup
	Time
)

// cloneFlags are the CLONE_NEW* flags of Kinds, index for index.
var cloneFlags = [...]int{
	unix.CLONE_NEWNS, unix.CLONE_NEWNET, unix.CLONE_NEWPID, unix.CLONE_NEWUTS,
	unix.CLONE_NEWIPC, unix.CLONE_NEWUSER, unix.CLONE_NEWCGROUP, unix.CLONE_NEWTIME,
}

// Kind finds the index in Kinds of a kind's name, or -1.
//
//go:noinline
func Kind(name string) int {
	for i, k := range Kinds[:] {
		if k == name {
			return i
		}
	}
	return -1
}

// CloneFlag is the CLONE_NEW* flag of Kinds[kind].
func CloneFlag(kind int) int { return cloneFlags[kind] }

// KindOfFlag finds the kind of a CLONE_NEW* flag, or -1.
func KindOfFlag(flag int) int {
	for i, f := range cloneFlags[:] {
		if f == flag {
			return i
		}
	}
	return -1
}

// The ioctls of nsfs files (linux/nsfs.h). Each answers for the namespace
// open at fd; those that name another namespace return a new descriptor
// for it, which the caller closes.

// Owner opens the user namespace that owns the namespace at fd.
func Owner(fd int) (int, error) { return unix.IoctlRetInt(fd, unix.NS_GET_USERNS) }

// Parent opens the parent of the pid or user namespace at fd.
func Parent(fd int) (int, error) { return unix.IoctlRetInt(fd, unix.NS_GET_PARENT) }

// TypeOf is the CLONE_NEW* flag of the namespace at fd.
func TypeOf(fd int) (int, error) { return unix.IoctlRetInt(fd, unix.NS_GET_NSTYPE) }

// OwnerUID is the user id that created the user namespace at fd.
func OwnerUID(fd int) (uint32, error) { return unix.IoctlGetUint32(fd, unix.NS_GET_OWNER_UID) }

// Inode is the inode number of the open file fd: a namespace's identity
// within nsfs.
func Inode(fd int) (uint64, error) {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return 0, err
	}
	return st.Ino, nil
}

// RelativeInode is the inode of the namespace that the ioctl get (Owner or
// Parent) names for the namespace at fd, or 0 when there is none to see.
func RelativeInode(fd int, get func(int) (int, error)) uint64 {
	rel, err := get(fd)
	if err != nil {
		return 0
	}
	ino, _ := Inode(rel)
	unix.Close(rel)
	return ino
}

// IsNamespaceFile reports whether the file at path is an nsfs file: a
// namespace, or a bind mount of one.
func IsNamespaceFile(path string) (bool, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(path, &st); err != nil {
		return false, err
	}
	return st.Type == unix.NSFS_MAGIC, nil
}

// MountNamespaceID is the id the kernel gives the mount namespace at path
// (NS_GET_MNTNS_ID), or 0 where it gives none.
func MountNamespaceID(path string) uint64 {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return 0
	}
	var id uint64
	_, _, errno := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), unix.NS_GET_MNTNS_ID, uintptr(unsafe.Pointer(&id)))
	unix.Close(fd)
	if errno != 0 {
		return 0
	}
	return id
}
