//go:build mips || mipsle || mips64 || mips64le

package ul

// On MIPS struct sigaction starts with its flags, and a signal set has
// 128 bits.
const (
	sigactionHandlerSlot = 1
	sigsetSize           = 16
)
