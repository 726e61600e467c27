//go:build mips || mipsle || mips64 || mips64le || ppc || ppc64 || ppc64le

package unix

// The direction bits of an ioctl request on MIPS and POWER, whose size
// field is 13 bits wide.
const (
	iocNone = 1 << 29
	iocRead = 2 << 29
)
