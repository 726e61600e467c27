//go:build !(amd64 || 386 || arm || ppc64 || ppc64le || s390x)

package unix

import "syscall"

const (
	SYS_SENDTO   = syscall.SYS_SENDTO
	SYS_RECVFROM = syscall.SYS_RECVFROM
	SYS_RECVMSG  = syscall.SYS_RECVMSG
	SYS_BIND     = syscall.SYS_BIND
	SYS_SETNS    = syscall.SYS_SETNS
	EHWPOISON    = syscall.EHWPOISON
)

// Fstatat is fstatat(2); syscall has it where it must convert the kernel's
// stat, or where the call has this name.
func Fstatat(dirfd int, path string, st *Stat_t, flags int) error {
	return syscall.Fstatat(dirfd, path, st, flags)
}
