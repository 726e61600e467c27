//go:build !(mips || mipsle || mips64 || mips64le || ppc || ppc64 || ppc64le)

package unix

// The direction bits of an ioctl request (asm-generic/ioctl.h).
const (
	iocNone = 0 << 30
	iocRead = 2 << 30
)
