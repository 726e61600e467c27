package unix

import (
	"math/bits"
	"syscall"
	"unsafe"
)

// The ioctl requests of nsfs (linux/nsfs.h): _IO(0xb7, n), and
// _IOR(0xb7, 5, __u64) for the mount namespace's id. The direction bits
// differ by architecture (ioctl_*.go).
const (
	nsio             = 0xb7 << 8
	NS_GET_USERNS    = iocNone | nsio | 0x1
	NS_GET_PARENT    = iocNone | nsio | 0x2
	NS_GET_NSTYPE    = iocNone | nsio | 0x3
	NS_GET_OWNER_UID = iocNone | nsio | 0x4
	NS_GET_MNTNS_ID  = iocRead | 8<<16 | nsio | 0x5
)

func ioctl(fd int, req uint, arg uintptr) error {
	_, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), uintptr(req), arg)
	return errnoErr(e)
}

//go:noinline
func ioctlPtr(fd int, req uint, arg unsafe.Pointer) error {
	return ioctl(fd, req, uintptr(arg))
}

// IoctlRetInt is an ioctl whose result is its return value.
func IoctlRetInt(fd int, req uint) (int, error) {
	r, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), uintptr(req), 0)
	if e != 0 {
		return 0, e
	}
	return int(r), nil
}

func IoctlGetUint32(fd int, req uint) (uint32, error) {
	var value uint32
	err := ioctlPtr(fd, req, unsafe.Pointer(&value))
	return value, err
}

func IoctlSetInt(fd int, req uint, value int) error { return ioctl(fd, req, uintptr(value)) }

// IoctlSetPointerInt passes a pointer to value as a C int.
func IoctlSetPointerInt(fd int, req uint, value int) error {
	v := int32(value)
	return ioctlPtr(fd, req, unsafe.Pointer(&v))
}

func IoctlGetTermios(fd int, req uint) (*Termios, error) {
	var value Termios
	err := ioctlPtr(fd, req, unsafe.Pointer(&value))
	return &value, err
}

// Winsize is struct winsize of TIOCGWINSZ.
type Winsize struct {
	Row    uint16
	Col    uint16
	Xpixel uint16
	Ypixel uint16
}

func IoctlGetWinsize(fd int, req uint) (*Winsize, error) {
	var value Winsize
	err := ioctlPtr(fd, req, unsafe.Pointer(&value))
	return &value, err
}

// Ifreq is struct ifreq: a name and a union as large as its largest
// member, struct ifmap (two longs and four bytes, padded).
type Ifreq struct {
	name [IFNAMSIZ]byte
	data [2*bits.UintSize/8 + 8]byte
}

// NewIfreq returns an Ifreq for the interface name; EINVAL when the name
// leaves no room for its NUL.
func NewIfreq(name string) (*Ifreq, error) {
	if len(name) >= IFNAMSIZ {
		return nil, EINVAL
	}
	var ifr Ifreq
	copy(ifr.name[:], name)
	return &ifr, nil
}

// SetUint16 sets the union to v (ifr_flags), clearing the rest.
func (ifr *Ifreq) SetUint16(v uint16) {
	ifr.data = [len(ifr.data)]byte{}
	*(*uint16)(unsafe.Pointer(&ifr.data[0])) = v
}

func IoctlIfreq(fd int, req uint, value *Ifreq) error {
	return ioctlPtr(fd, req, unsafe.Pointer(value))
}
