package unix_test

import (
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"nsip/internal/testenv"
	"nsip/internal/unix"
)

// setidChild is the environment variable that makes the test binary the
// child of TestSetidTrapsTakeFullIds.
const setidChild = "NSIP_SETID_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(setidChild) != "" {
		setidAndShow()
	}
	os.Exit(m.Run())
}

// setidAndShow sets ids above 16 bits on its thread with the traps and
// prints what the kernel then says the thread's ids are.
func setidAndShow() {
	runtime.LockOSThread()
	if _, _, errno := syscall.RawSyscall(unix.SetgidTrap, 70001, 0, 0); errno != 0 {
		os.Exit(10)
	}
	if _, _, errno := syscall.RawSyscall(unix.SetuidTrap, 70000, 0, 0); errno != 0 {
		os.Exit(11)
	}
	status, err := os.ReadFile("/proc/thread-self/status")
	if err != nil {
		os.Exit(12)
	}
	os.Stdout.Write(status)
	os.Exit(0)
}

// A uid or gid above 65535 must reach the kernel whole: on 386 and ARM
// the plain setuid and setgid take 16 bits.
func TestSetidTrapsTakeFullIds(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to change ids")
	}
	testenv.SkipIfEmulated(t, "the child would be a program of another architecture")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), setidChild+"=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child: %v", err)
	}
	for _, want := range []string{"\nUid:\t70000\t70000\t70000\t70000\n", "\nGid:\t70001\t70001\t70001\t70001\n"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the thread's status lacks %q:\n%s", want, out)
		}
	}
}
