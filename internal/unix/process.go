package unix

import (
	"math/bits"
	"syscall"
	"unsafe"
)

// CPUSet is a cpu_set_t of CPU_SETSIZE (1024) CPUs, in the kernel's
// unsigned longs.
type CPUSet [1024 / bits.UintSize]uint

// Set adds cpu to the set; a cpu beyond its range is ignored.
func (s *CPUSet) Set(cpu int) {
	if i := cpu / bits.UintSize; i < len(s) {
		s[i] |= 1 << (uint(cpu) % bits.UintSize)
	}
}

// IsSet reports whether cpu is in the set.
func (s *CPUSet) IsSet(cpu int) bool {
	if i := cpu / bits.UintSize; i < len(s) {
		return s[i]&(1<<(uint(cpu)%bits.UintSize)) != 0
	}
	return false
}

func schedAffinity(trap uintptr, pid int, set *CPUSet) error {
	_, _, e := syscall.RawSyscall(trap, uintptr(pid), unsafe.Sizeof(*set), uintptr(unsafe.Pointer(set)))
	return errnoErr(e)
}

// SchedGetaffinity reads the CPUs thread pid (0: the caller) may run on.
func SchedGetaffinity(pid int, set *CPUSet) error {
	return schedAffinity(syscall.SYS_SCHED_GETAFFINITY, pid, set)
}

// SchedSetaffinity sets the CPUs thread pid (0: the caller) may run on.
func SchedSetaffinity(pid int, set *CPUSet) error {
	return schedAffinity(syscall.SYS_SCHED_SETAFFINITY, pid, set)
}

// CapUserHeader and CapUserData are capget(2)'s structures.
type CapUserHeader struct {
	Version uint32
	Pid     int32
}

type CapUserData struct {
	Effective   uint32
	Permitted   uint32
	Inheritable uint32
}

func Capget(hdr *CapUserHeader, data *CapUserData) error {
	_, _, e := syscall.RawSyscall(syscall.SYS_CAPGET, uintptr(unsafe.Pointer(hdr)), uintptr(unsafe.Pointer(data)), 0)
	return errnoErr(e)
}

func Capset(hdr *CapUserHeader, data *CapUserData) error {
	_, _, e := syscall.RawSyscall(syscall.SYS_CAPSET, uintptr(unsafe.Pointer(hdr)), uintptr(unsafe.Pointer(data)), 0)
	return errnoErr(e)
}
