// Package testenv tells tests about the machine they run on.
package testenv

import (
	"os"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// machines are the kernel's names (uname -m) for each GOARCH nsip builds
// for.
var machines = map[string][]string{
	"amd64": {"x86_64"}, "386": {"i386", "i486", "i586", "i686", "x86_64"},
	"arm64": {"aarch64"}, "arm": {"armv7l", "armv8l", "aarch64"}, "riscv64": {"riscv64"},
	"ppc64le": {"ppc64le"}, "s390x": {"s390x"}, "mips64le": {"mips64"},
}

// emulatorVariable names the emulator `make test-cross` runs the tests
// under. qemu-user reports its guest's machine in uname, so that alone
// cannot tell.
const emulatorVariable = "NSIP_TEST_EMULATOR"

// Emulated reports whether the test binary runs under a user-mode
// emulator such as qemu-user.
func Emulated() bool {
	if os.Getenv(emulatorVariable) != "" {
		return true
	}
	var u unix.Utsname
	if unix.Uname(&u) != nil {
		return false
	}
	machine := unix.ByteSliceToString(u.Machine[:])
	for _, m := range machines[runtime.GOARCH] {
		if strings.EqualFold(m, machine) {
			return false
		}
	}
	return true
}

// SkipIfEmulated skips a test that talks to the kernel in a way a
// user-mode emulator does not pass through faithfully.
func SkipIfEmulated(t testing.TB, what string) {
	t.Helper()
	if Emulated() {
		t.Skip("under a user-mode emulator " + what)
	}
}

// CheckThreadsInNetns fails t for each thread of the process that is not
// in the network namespace with the given device and inode: the promise
// that no thread is ever left in a namespace it visited.
func CheckThreadsInNetns(t testing.TB, dev, ino uint64) {
	t.Helper()
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		t.Fatal(err)
	}
	for _, task := range tasks {
		var st unix.Stat_t
		if unix.Stat("/proc/self/task/"+task.Name()+"/ns/net", &st) != nil {
			continue // the thread ended meanwhile
		}
		if uint64(st.Dev) != dev || st.Ino != ino {
			t.Errorf("thread %s is in network namespace %d:%d, the process started in %d:%d",
				task.Name(), st.Dev, st.Ino, dev, ino)
		}
	}
}
