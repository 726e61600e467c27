package ul

import (
	"unsafe"

	"nsip/internal/cli"
	"nsip/internal/unix"
)

// Dispositions for setSignal.
const (
	signalDefault = 0 // SIG_DFL
	signalIgnore  = 1 // SIG_IGN
)

// setSignal sets what the kernel does with sig, behind the Go runtime's
// back: os/signal would cost the binary package os again. Only the
// handler slot of struct sigaction is set; flags and mask stay empty.
func setSignal(sig unix.Signal, disposition uintptr) {
	var action [8]uintptr
	action[sigactionHandlerSlot] = disposition
	unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(sig), uintptr(unsafe.Pointer(&action[0])), 0, sigsetSize, 0, 0)
}

// relayChild waits for child pid and ends as it did: with its exit
// status, or by the signal that killed it. It may run off the main
// goroutine, so it reports failures rather than unwinding. When
// followStops is set, a child that stops stops its parent too, and both
// go on together, as nsenter does for job control.
func relayChild(prog string, pid int, followStops bool) int {
	options := 0
	if followStops {
		options = unix.WUNTRACED
	}
	for {
		ws, err := cli.Wait(pid, options)
		if err != nil {
			return cli.StatusOf(cli.Failure(cli.StatusFailure, prog, err, "waitpid failed"))
		}
		if ws.Stopped() {
			unix.Kill(unix.Getpid(), unix.SIGSTOP)
			unix.Kill(pid, unix.SIGCONT)
			continue
		}
		if ws.Exited() {
			return ws.ExitStatus()
		}
		if ws.Signaled() {
			// End by the same signal, so that nsip's own parent sees the
			// same cause.
			sig := unix.Signal(ws.Signal())
			setSignal(sig, signalDefault)
			unix.Tgkill(unix.Getpid(), unix.Gettid(), sig)
		}
		cli.Stderr(prog, ": child exit failed\n")
		return cli.StatusFailure
	}
}
