package unix

import "syscall"

const (
	SYS_SETNS   = syscall.SYS_SETNS
	EHWPOISON   = syscall.EHWPOISON
	fstatatTrap = syscall.SYS_FSTATAT64
)
