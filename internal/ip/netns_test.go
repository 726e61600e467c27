package ip

import (
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"testing"

	"nsip/internal/cli"
	"nsip/internal/output"
	"nsip/internal/testenv"
	"nsip/internal/unix"
	"nsip/ns"
	"nsip/proc"
)

// sandboxEnv marks the copy of the test binary that runs inside a private
// network and mount namespace.
const sandboxEnv = "NSIP_TEST_SANDBOX"

// inSandbox runs the calling test again in a child of its own, in a new
// network and mount namespace with a private tmpfs on /run, so that what
// the test does never reaches the host. It reports false in the parent,
// which must then return.
func inSandbox(t *testing.T) bool {
	t.Helper()
	if os.Getenv(sandboxEnv) == t.Name() {
		if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
			t.Fatalf("making / private: %v", err)
		}
		if err := unix.Mount("tmpfs", "/run", "tmpfs", 0, "mode=0755"); err != nil {
			t.Fatalf("mounting /run: %v", err)
		}
		return true
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root to make namespaces")
	}
	testenv.SkipIfEmulated(t, "a child cannot be cloned into new namespaces")
	cmd := exec.Command(os.Args[0], "-test.run", "^"+t.Name()+"$", "-test.v")
	cmd.Env = append(os.Environ(), sandboxEnv+"="+t.Name())
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWNS | syscall.CLONE_NEWNET}
	out, err := cmd.CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("--- PASS")) {
		t.Fatalf("in the sandbox: %v\n%s", err, out)
	}
	return false
}

func newTestSession(t *testing.T) *session {
	t.Helper()
	var out bytes.Buffer
	s := &session{}
	s.out = output.NewPrinter(&out, false, false, false)
	s.dial()
	return s
}

// runUnwound runs fn, turning an exit ip would take into a status.
func runUnwound(fn func() int) (status int) {
	defer cli.Recover(&status)
	return fn()
}

// TestThreadHygiene does 200 namespace operations from many goroutines at
// once: netns add (unshare on a borrowed thread), the namespace switch of
// netns exec (on a thread thrown away after), and -n NAME (a socket opened
// from another namespace). Afterwards every thread of the process is
// still in the network namespace it started in.
func TestThreadHygiene(t *testing.T) {
	if !inSandbox(t) {
		return
	}
	home, err := proc.Namespace("/proc/self/ns/net")
	if err != nil {
		t.Fatal(err)
	}
	setup := newTestSession(t)
	const names = 20
	for i := range names {
		if status := runUnwound(func() int { return setup.netnsAdd(args{"hyg" + strconv.Itoa(i)}, true) }); status != 0 {
			t.Fatalf("netns add: status %d", status)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan string, 200)
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := "hyg" + strconv.Itoa(i%names)
			s := newTestSession(t)
			switch i % 3 {
			case 0:
				fresh := "new" + strconv.Itoa(i)
				if status := runUnwound(func() int { return s.netnsAdd(args{fresh}, true) }); status != 0 {
					errs <- "netns add " + fresh + " failed"
				}
			case 1:
				err := ns.Discarded(func() error {
					if !switchNetns(name) {
						return errSwitchFailed
					}
					return nil
				})
				if err != nil {
					errs <- "switch into " + name + " failed"
				}
			case 2:
				if status := runUnwound(func() int { s.enterNetns(name); return 0 }); status != 0 {
					errs <- "-n " + name + " failed"
				}
				if _, ok := s.dump(linkDumpRequest(unix.AF_PACKET, &linkFilter{})); !ok {
					errs <- "link dump in " + name + " failed"
				}
			}
			s.conn.Close()
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	testenv.CheckThreadsInNetns(t, home.Dev, home.Ino)
	if now, _ := proc.Namespace("/proc/self/ns/net"); now != home {
		t.Errorf("the process's own namespace changed to %v", now)
	}
	entries, _ := proc.ListDir(netnsRunDir)
	if len(entries) != names+67 {
		t.Errorf("%d namespace files, want %d", len(entries), names+67)
	}
}

// TestNetnsAddLeavesNothingOnFailure makes netns add fail after the file
// exists and checks that neither the file nor a mount stays.
func TestNetnsAddLeavesNothingOnFailure(t *testing.T) {
	if !inSandbox(t) {
		return
	}
	s := newTestSession(t)
	// A PID that cannot be bound: the bind fails after the file is made.
	if status := runUnwound(func() int { return s.netnsAdd(args{"gone", "-7"}, false) }); status != cli.StatusFailure {
		t.Errorf("attach to a missing PID: status %d", status)
	}
	if _, err := os.Stat(netnsRunDir + "/gone"); !os.IsNotExist(err) {
		t.Errorf("the namespace file stayed: %v", err)
	}
	mounts, err := proc.ReadFile("/proc/self/mountinfo")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(mounts, []byte(netnsRunDir+"/gone")) {
		t.Error("a mount of the namespace file stayed")
	}
}
