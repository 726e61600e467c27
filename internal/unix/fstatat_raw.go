//go:build amd64 || 386 || arm || ppc64 || ppc64le || s390x

package unix

import (
	"syscall"
	"unsafe"
)

// Fstatat is fstatat(2), the call that fills syscall's Stat_t here.
func Fstatat(dirfd int, path string, st *Stat_t, flags int) error {
	p, err := syscall.BytePtrFromString(path)
	if err != nil {
		return err
	}
	_, _, e := syscall.Syscall6(fstatatTrap, uintptr(dirfd), uintptr(unsafe.Pointer(p)),
		uintptr(unsafe.Pointer(st)), uintptr(flags), 0, 0)
	return errnoErr(e)
}
