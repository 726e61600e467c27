//go:build 386 || arm

package unix

import "syscall"

// The system calls that set the user and group ids of the calling thread
// alone. On 386 and ARM setuid and setgid take 16-bit ids (a uid above
// 65535 would be cut short); these take 32.
const (
	SetuidTrap = syscall.SYS_SETUID32
	SetgidTrap = syscall.SYS_SETGID32
)
