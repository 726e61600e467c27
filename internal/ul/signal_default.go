//go:build !(mips || mipsle || mips64 || mips64le)

package ul

const (
	sigactionHandlerSlot = 0
	sigsetSize           = 8
)
