// Command threadns is a test helper: it moves one thread, not the
// thread-group leader, into new network and UTS namespaces and holds it
// there, so that only /proc/PID/task/TID/ns shows them. It prints the
// thread's id when ready.
package main

import (
	"runtime"
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"
)

// The main goroutine keeps the main thread, the thread-group leader, so
// that the goroutine below runs on another one.
func init() { runtime.LockOSThread() }

func main() {
	ready := make(chan int)
	go func() {
		runtime.LockOSThread()
		if err := unix.Unshare(unix.CLONE_NEWNET | unix.CLONE_NEWUTS); err != nil {
			syscall.Write(2, []byte("threadns: unshare: "+err.Error()+"\n"))
			ready <- 0
			return
		}
		ready <- unix.Gettid()
		for {
			unix.Pause()
		}
	}()
	tid := <-ready
	if tid == 0 {
		unix.Exit(1)
	}
	syscall.Write(1, []byte(strconv.Itoa(tid)+"\n"))
	for {
		unix.Pause()
	}
}
