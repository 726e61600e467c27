package ns

import (
	"io"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"testing"

	"nsip/internal/testenv"
	"nsip/internal/unix"
	"nsip/proc"
)

// TestMain doubles as the holder process of the tests' namespaces: run
// with NS_TEST_HOLD set, the test binary waits for its stdin to close.
func TestMain(m *testing.M) {
	if os.Getenv("NS_TEST_HOLD") != "" {
		io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// newNetns starts a child process in a new network namespace and returns
// the path of that namespace. The namespace is made in a child, not on one
// of the test's threads: a thread that unshared could be the main thread,
// which the Go runtime parks instead of destroying, and the test could then
// no longer tell where the process started.
func newNetns(t *testing.T) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to create a network namespace")
	}
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "NS_TEST_HOLD=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWNET}
	hold, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot make a network namespace: %v", err)
	}
	t.Cleanup(func() {
		hold.Close()
		cmd.Wait()
	})
	return "/proc/" + strconv.Itoa(cmd.Process.Pid) + "/ns/net"
}

func threadNetns(t *testing.T) proc.NamespaceID {
	t.Helper()
	id, err := proc.Namespace("/proc/thread-self/ns/net")
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestDoLeavesEveryThreadHome runs many Do calls at once and then checks
// that every thread of the test process is still in the namespace the
// process started in, while each fn ran in the target.
func TestDoLeavesEveryThreadHome(t *testing.T) {
	target := newNetns(t)
	home, err := proc.Namespace("/proc/self/ns/net")
	if err != nil {
		t.Fatal(err)
	}
	want, err := proc.Namespace(target)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- Do(target, unix.CLONE_NEWNET, func() error {
				if got := threadNetns(t); got != want {
					t.Errorf("fn ran in %v, want %v", got, want)
				}
				// A socket made here belongs to the target for good.
				fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
				if err == nil {
					unix.Close(fd)
				}
				return err
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	testenv.CheckThreadsInNetns(t, home.Dev, home.Ino)
	if got := threadNetns(t); got != home {
		t.Errorf("the test's own thread is in %v", got)
	}
}

func TestDoReportsWhichStepFailed(t *testing.T) {
	err := Do("/nonexistent/netns", unix.CLONE_NEWNET, func() error { return nil })
	if e, ok := err.(*Error); !ok || e.Op != "open" || e.Err != unix.ENOENT {
		t.Errorf("missing file: %v", err)
	}
	ran := false
	err = Do("/proc/self/ns/uts", unix.CLONE_NEWNET, func() error { ran = true; return nil })
	if e, ok := err.(*Error); !ok || e.Op != "setns" || e.Err != unix.EINVAL || e.Path != "/proc/self/ns/uts" {
		t.Errorf("not a network namespace: %v", err)
	}
	if ran {
		t.Error("fn ran although setns failed")
	}
}

func TestDoReturnsFnError(t *testing.T) {
	target := newNetns(t)
	if err := Do(target, unix.CLONE_NEWNET, func() error { return unix.EPERM }); err != unix.EPERM {
		t.Errorf("Do returned %v, want fn's EPERM", err)
	}
}
