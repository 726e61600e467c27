package unix

import "syscall"

// What syscall lacks on 386.
const (
	SYS_SENDTO   = 369
	SYS_RECVFROM = 371
	SYS_RECVMSG  = 372
	SYS_BIND     = 361
	SYS_SETNS    = 346
	EHWPOISON    = syscall.Errno(0x85)
	fstatatTrap  = syscall.SYS_FSTATAT64
)
