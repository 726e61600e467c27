package unix

import "syscall"

const (
	SYS_SENDTO   = syscall.SYS_SENDTO
	SYS_RECVFROM = syscall.SYS_RECVFROM
	SYS_RECVMSG  = syscall.SYS_RECVMSG
	SYS_BIND     = syscall.SYS_BIND
	SYS_SETNS    = syscall.SYS_SETNS
	EHWPOISON    = syscall.EHWPOISON
	fstatatTrap  = syscall.SYS_FSTATAT64
)
