package unix

import "syscall"

// What syscall lacks on amd64.
const (
	SYS_SENDTO   = syscall.SYS_SENDTO
	SYS_RECVFROM = syscall.SYS_RECVFROM
	SYS_RECVMSG  = syscall.SYS_RECVMSG
	SYS_BIND     = syscall.SYS_BIND
	SYS_SETNS    = 308
	EHWPOISON    = syscall.Errno(0x85)
	fstatatTrap  = syscall.SYS_NEWFSTATAT
)
