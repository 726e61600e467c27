//go:build !(mips || mipsle || mips64 || mips64le)

package main

const (
	sigactionHandlerSlot = 0
	sigsetSize           = 8
)
