// Package testenv tells tests about the machine they run on.
package testenv

import (
	"encoding/binary"
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

// GlibcTable reads a table of testdata/glibc at the top of the module:
// what glibc's own functions answered for inputs that exercise their
// corners (gen.c there wrote them). The tools nsip stands in for parse
// and print with those functions, so nsip must agree with them case for
// case. Each line has fields tab-separated fields.
func GlibcTable(t *testing.T, name string, fields int) [][]string {
	t.Helper()
	data, err := os.ReadFile(moduleRoot(t) + "/testdata/glibc/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for _, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		row := strings.Split(line, "\t")
		if len(row) != fields {
			t.Fatalf("%s: bad line %q", name, line)
		}
		rows = append(rows, row)
	}
	return rows
}

// moduleRoot is the directory of go.mod above the test's package.
func moduleRoot(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(dir + "/go.mod"); err == nil {
			return dir
		}
		parent := dir[:max(strings.LastIndexByte(dir, '/'), 0)]
		if parent == dir || parent == "" {
			t.Fatal("no go.mod above the test")
		}
		dir = parent
	}
}

// Quiet sends what the code under test writes to standard error to
// /dev/null until the test ends: a fuzz target's inputs are mostly bad
// ones, each with its complaint.
func Quiet(t testing.TB) {
	null, err := unix.Open("/dev/null", unix.O_WRONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	saved, err := unix.Dup(2)
	if err != nil {
		t.Fatal(err)
	}
	unix.Dup2(null, 2)
	unix.Close(null)
	t.Cleanup(func() {
		unix.Dup2(saved, 2)
		unix.Close(saved)
	})
}

// SkipOnBigEndian skips a test whose bytes were captured on a
// little-endian host: netlink is in host byte order.
func SkipOnBigEndian(t testing.TB) {
	t.Helper()
	if binary.NativeEndian.Uint16([]byte{1, 0}) != 1 {
		t.Skip("the bytes are a little-endian capture; nl's golden tests hold the layout on this host")
	}
}
