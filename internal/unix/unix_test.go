package unix_test

import (
	"os"
	"path/filepath"
	"testing"
	"unsafe"

	xunix "golang.org/x/sys/unix"

	"nsip/internal/unix"
)

// The hand-written functions and types must answer as x/sys/unix's do.

func TestSignalNum(t *testing.T) {
	names := []string{"", "SIG", "HUP", "SIGhup", "SIGIOT", "SIGCLD", "SIGPOLL", "SIGRTMIN", "SIGSIGHUP", "SIGEMT", "SIGSTKFLT"}
	for sig := xunix.Signal(1); sig < 65; sig++ {
		names = append(names, xunix.SignalName(sig))
	}
	for _, name := range names {
		if got, want := unix.SignalNum(name), xunix.SignalNum(name); got != want {
			t.Errorf("SignalNum(%q) = %d, x/sys/unix says %d", name, got, want)
		}
	}
}

func TestByteSliceToString(t *testing.T) {
	for _, s := range []string{"", "\x00", "abc", "abc\x00", "abc\x00def", "\x00abc"} {
		if got, want := unix.ByteSliceToString([]byte(s)), xunix.ByteSliceToString([]byte(s)); got != want {
			t.Errorf("ByteSliceToString(%q) = %q, x/sys/unix says %q", s, got, want)
		}
	}
}

func TestSizes(t *testing.T) {
	for _, c := range []struct {
		name      string
		got, want uintptr
	}{
		{"Ifreq", unsafe.Sizeof(unix.Ifreq{}), unsafe.Sizeof(xunix.Ifreq{})},
		{"Winsize", unsafe.Sizeof(unix.Winsize{}), unsafe.Sizeof(xunix.Winsize{})},
		{"CPUSet", unsafe.Sizeof(unix.CPUSet{}), unsafe.Sizeof(xunix.CPUSet{})},
		{"CapUserHeader", unsafe.Sizeof(unix.CapUserHeader{}), unsafe.Sizeof(xunix.CapUserHeader{})},
		{"CapUserData", unsafe.Sizeof(unix.CapUserData{}), unsafe.Sizeof(xunix.CapUserData{})},
	} {
		if c.got != c.want {
			t.Errorf("%s: %d bytes, x/sys/unix's has %d", c.name, c.got, c.want)
		}
	}
	// The kernel writes x/sys/unix's Termios; syscall's may be larger.
	if got, want := unsafe.Sizeof(unix.Termios{}), unsafe.Sizeof(xunix.Termios{}); got < want {
		t.Errorf("Termios: %d bytes, x/sys/unix's has %d", got, want)
	}
}

func TestIfreq(t *testing.T) {
	ours, err := unix.NewIfreq("tun0")
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := xunix.NewIfreq("tun0")
	if err != nil {
		t.Fatal(err)
	}
	ours.SetUint16(0x1002)
	theirs.SetUint16(0x1002)
	n := unsafe.Sizeof(*ours)
	if got, want := unsafe.Slice((*byte)(unsafe.Pointer(ours)), n), unsafe.Slice((*byte)(unsafe.Pointer(theirs)), n); string(got) != string(want) {
		t.Errorf("ifreq bytes % x, x/sys/unix's % x", got, want)
	}
	long := "0123456789abcdef"
	if _, err := unix.NewIfreq(long); err != unix.EINVAL {
		t.Errorf("NewIfreq(%q): %v, want EINVAL", long, err)
	}
}

func TestCPUSet(t *testing.T) {
	var ours unix.CPUSet
	var theirs xunix.CPUSet
	if err := unix.SchedGetaffinity(0, &ours); err != nil {
		t.Fatal(err)
	}
	if err := xunix.SchedGetaffinity(0, &theirs); err != nil {
		t.Fatal(err)
	}
	for cpu := 0; cpu < 1100; cpu++ {
		if ours.IsSet(cpu) != theirs.IsSet(cpu) {
			t.Errorf("CPU %d: IsSet %v, x/sys/unix says %v", cpu, ours.IsSet(cpu), theirs.IsSet(cpu))
		}
	}
	var one unix.CPUSet
	one.Set(70)
	one.Set(5000)
	if !one.IsSet(70) || one.IsSet(69) || one.IsSet(5000) {
		t.Errorf("Set(70), Set(5000): %v", one)
	}
}

func TestFstatatReadlinkat(t *testing.T) {
	dir := t.TempDir()
	if err := os.Symlink("target/of/link", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	for _, name := range []string{"link", "sub", "missing"} {
		for _, flags := range []int{0, unix.AT_SYMLINK_NOFOLLOW} {
			var ours unix.Stat_t
			var theirs xunix.Stat_t
			err, xerr := unix.Fstatat(fd, name, &ours, flags), xunix.Fstatat(fd, name, &theirs, flags)
			if err != xerr || ours.Mode != theirs.Mode || ours.Ino != theirs.Ino || ours.Size != theirs.Size {
				t.Errorf("Fstatat(%s, %#x): %v mode %o ino %d size %d, x/sys/unix: %v mode %o ino %d size %d",
					name, flags, err, ours.Mode, ours.Ino, ours.Size, xerr, theirs.Mode, theirs.Ino, theirs.Size)
			}
		}
		buf, xbuf := make([]byte, 64), make([]byte, 64)
		n, err := unix.Readlinkat(fd, name, buf)
		xn, xerr := xunix.Readlinkat(fd, name, xbuf)
		if n != xn || err != xerr || string(buf[:max(n, 0)]) != string(xbuf[:max(xn, 0)]) {
			t.Errorf("Readlinkat(%s) = %d %v %q, x/sys/unix: %d %v %q", name, n, err, buf[:max(n, 0)], xn, xerr, xbuf[:max(xn, 0)])
		}
	}
}

func TestNamespaceIoctls(t *testing.T) {
	fd, err := unix.Open("/proc/self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Skip(err)
	}
	defer unix.Close(fd)
	nstype, err := unix.IoctlRetInt(fd, unix.NS_GET_NSTYPE)
	xnstype, xerr := xunix.IoctlRetInt(fd, xunix.NS_GET_NSTYPE)
	if nstype != xnstype || err != xerr {
		t.Errorf("NS_GET_NSTYPE: %d %v, x/sys/unix: %d %v", nstype, err, xnstype, xerr)
	}
	if err == nil && nstype != unix.CLONE_NEWNET {
		t.Errorf("NS_GET_NSTYPE of a network namespace: %#x", nstype)
	}
}

// SYS_RECVMSG and SYS_BIND are written by hand (386's syscall lacks
// them); this does not compile where they are not x/sys/unix's.
var _ = [1]struct{}{}[unix.SYS_RECVMSG-xunix.SYS_RECVMSG]
var _ = [1]struct{}{}[unix.SYS_BIND-xunix.SYS_BIND]

// BindNetlink binds as x/sys/unix's Bind with a SockaddrNetlink does.
func TestBindNetlink(t *testing.T) {
	fd, err := xunix.Socket(xunix.AF_NETLINK, xunix.SOCK_RAW|xunix.SOCK_CLOEXEC, xunix.NETLINK_ROUTE)
	if err != nil {
		t.Skip(err)
	}
	defer xunix.Close(fd)
	if err := unix.BindNetlink(fd, 1<<(xunix.RTNLGRP_LINK-1)); err != nil {
		t.Fatal(err)
	}
	sa, err := xunix.Getsockname(fd)
	if nl, ok := sa.(*xunix.SockaddrNetlink); err != nil || !ok || nl.Groups != 1<<(xunix.RTNLGRP_LINK-1) {
		t.Errorf("bound to %#v, %v", sa, err)
	}
	if err := unix.BindNetlink(-1, 0); err != xunix.EBADF {
		t.Errorf("bad descriptor: %v, want EBADF", err)
	}
}

// Recvmsg peeks at a datagram's whole length with MSG_TRUNC, then reads it
// with its control messages, as x/sys/unix's does.
func TestRecvmsg(t *testing.T) {
	fds, err := xunix.Socketpair(xunix.AF_UNIX, xunix.SOCK_DGRAM|xunix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer xunix.Close(fds[0])
	defer xunix.Close(fds[1])
	if err := xunix.SetsockoptInt(fds[0], xunix.SOL_SOCKET, xunix.SO_PASSCRED, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := xunix.Write(fds[1], []byte("hello")); err != nil {
		t.Fatal(err)
	}
	n, oobn, err := unix.Recvmsg(fds[0], nil, nil, unix.MSG_PEEK|unix.MSG_TRUNC)
	if n != 5 || oobn != 0 || err != nil {
		t.Fatalf("peek: %d, %d, %v; want 5, 0, nil", n, oobn, err)
	}
	buf, oob := make([]byte, 8), make([]byte, 64)
	n, oobn, err = unix.Recvmsg(fds[0], buf, oob, 0)
	if n != 5 || string(buf[:n]) != "hello" || err != nil {
		t.Fatalf("read: %d %q, %v", n, buf[:n], err)
	}
	msgs, err := xunix.ParseSocketControlMessage(oob[:oobn])
	if err != nil || len(msgs) != 1 || msgs[0].Header.Type != xunix.SCM_CREDENTIALS {
		t.Errorf("control messages %v, %v; want the sender's credentials", msgs, err)
	}
	if _, _, err := unix.Recvmsg(fds[0], buf, nil, xunix.MSG_DONTWAIT); err != unix.EAGAIN {
		t.Errorf("nothing to read: %v, want EAGAIN", err)
	}
}
