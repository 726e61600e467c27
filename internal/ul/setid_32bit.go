//go:build 386 || arm

package ul

import "syscall"

// On 386 and ARM setuid and setgid take 16-bit ids; these take 32.
const (
	sysSetuid = syscall.SYS_SETUID32
	sysSetgid = syscall.SYS_SETGID32
)
