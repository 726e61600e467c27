//go:build !(386 || arm)

package unix

import "syscall"

// The system calls that set the user and group ids of the calling thread
// alone (syscall.Setuid sets them on every thread).
const (
	SetuidTrap = syscall.SYS_SETUID
	SetgidTrap = syscall.SYS_SETGID
)
