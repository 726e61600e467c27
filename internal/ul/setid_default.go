//go:build !(386 || arm)

package ul

import "syscall"

const (
	sysSetuid = syscall.SYS_SETUID
	sysSetgid = syscall.SYS_SETGID
)
