package cli

import (
	"syscall"
	_ "unsafe" // for go:linkname
)

// The runtime hands caught signals to package os/signal through these
// functions; nsip takes them the same way, as it takes its arguments
// (CommandLine), because os/signal would bring package os into the
// binary.

//go:linkname signalEnable os/signal.signal_enable
func signalEnable(sig uint32)

//go:linkname signalRecv os/signal.signal_recv
func signalRecv() uint32

// CatchSignals makes the runtime queue sigs for NextSignal instead of
// acting on them (for SIGINT, SIGTERM and SIGHUP: ending the program).
func CatchSignals(sigs ...syscall.Signal) {
	for _, s := range sigs {
		signalEnable(uint32(s))
	}
}

// NextSignal waits for the next signal CatchSignals asked for. Only one
// goroutine may wait.
func NextSignal() syscall.Signal { return syscall.Signal(signalRecv()) }
