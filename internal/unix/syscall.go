package unix

import (
	"syscall"
	"unsafe"
)

// The types that x/sys/unix shares with syscall.
type (
	Errno              = syscall.Errno
	Signal             = syscall.Signal
	RawSockaddrNetlink = syscall.RawSockaddrNetlink
	Stat_t             = syscall.Stat_t
	Statfs_t           = syscall.Statfs_t
	Timespec           = syscall.Timespec
	Timeval            = syscall.Timeval
	Termios            = syscall.Termios
	WaitStatus         = syscall.WaitStatus
	Rusage             = syscall.Rusage

	Cmsghdr = syscall.Cmsghdr
)

// errnoErr is e as an error: nil when it is 0.
func errnoErr(e syscall.Errno) error {
	if e != 0 {
		return e
	}
	return nil
}

func Syscall(trap, a1, a2, a3 uintptr) (r1, r2 uintptr, err syscall.Errno) {
	return syscall.Syscall(trap, a1, a2, a3)
}

func RawSyscall6(trap, a1, a2, a3, a4, a5, a6 uintptr) (r1, r2 uintptr, err syscall.Errno) {
	return syscall.RawSyscall6(trap, a1, a2, a3, a4, a5, a6)
}

func Exit(code int) { syscall.Exit(code) }

// Files and directories.

//go:noinline
func Close(fd int) error { return syscall.Close(fd) }

func Open(path string, mode int, perm uint32) (int, error) { return syscall.Open(path, mode, perm) }
func Read(fd int, p []byte) (int, error)                   { return syscall.Read(fd, p) }
func Write(fd int, p []byte) (int, error)                  { return syscall.Write(fd, p) }
func Seek(fd int, offset int64, whence int) (int64, error) { return syscall.Seek(fd, offset, whence) }
func Dup(fd int) (int, error)                              { return syscall.Dup(fd) }
func Pipe2(p []int, flags int) error                       { return syscall.Pipe2(p, flags) }
func Flock(fd int, how int) error                          { return syscall.Flock(fd, how) }
func Stat(path string, st *Stat_t) error                   { return syscall.Stat(path, st) }
func Lstat(path string, st *Stat_t) error                  { return syscall.Lstat(path, st) }
func Fstat(fd int, st *Stat_t) error                       { return syscall.Fstat(fd, st) }
func Statfs(path string, buf *Statfs_t) error              { return syscall.Statfs(path, buf) }
func Access(path string, mode uint32) error                { return syscall.Access(path, mode) }
func Mkdir(path string, mode uint32) error                 { return syscall.Mkdir(path, mode) }
func Rmdir(path string) error                              { return syscall.Rmdir(path) }
func Unlink(path string) error                             { return syscall.Unlink(path) }
func Link(oldpath, newpath string) error                   { return syscall.Link(oldpath, newpath) }
func Symlink(oldpath, newpath string) error                { return syscall.Symlink(oldpath, newpath) }
func Readlink(path string, buf []byte) (int, error)        { return syscall.Readlink(path, buf) }
func Chdir(path string) error                              { return syscall.Chdir(path) }
func Fchdir(fd int) error                                  { return syscall.Fchdir(fd) }
func Chroot(path string) error                             { return syscall.Chroot(path) }
func ReadDirent(fd int, buf []byte) (int, error)           { return syscall.ReadDirent(fd, buf) }

func Openat(dirfd int, path string, flags int, mode uint32) (int, error) {
	return syscall.Openat(dirfd, path, flags, mode)
}

func Faccessat(dirfd int, path string, mode uint32, flags int) error {
	return syscall.Faccessat(dirfd, path, mode, flags)
}

func Readlinkat(dirfd int, path string, buf []byte) (int, error) {
	p, err := syscall.BytePtrFromString(path)
	if err != nil {
		return 0, err
	}
	var zero byte
	b := &zero
	if len(buf) > 0 {
		b = &buf[0]
	}
	n, _, e := syscall.Syscall6(syscall.SYS_READLINKAT, uintptr(dirfd), uintptr(unsafe.Pointer(p)),
		uintptr(unsafe.Pointer(b)), uintptr(len(buf)), 0, 0)
	return int(n), errnoErr(e)
}

func Mount(source, target, fstype string, flags uintptr, data string) error {
	return syscall.Mount(source, target, fstype, flags, data)
}

func Unmount(target string, flags int) error { return syscall.Unmount(target, flags) }

// Processes, namespaces and the rest.

func Getpid() int                            { return syscall.Getpid() }
func Gettid() int                            { return syscall.Gettid() }
func Getpgrp() int                           { return syscall.Getpgrp() }
func Getuid() int                            { return syscall.Getuid() }
func Geteuid() int                           { return syscall.Geteuid() }
func Getgid() int                            { return syscall.Getgid() }
func Getegid() int                           { return syscall.Getegid() }
func Kill(pid int, sig Signal) error         { return syscall.Kill(pid, sig) }
func Tgkill(tgid, tid int, sig Signal) error { return syscall.Tgkill(tgid, tid, sig) }
func Unshare(flags int) error                { return syscall.Unshare(flags) }
func Sethostname(p []byte) error             { return syscall.Sethostname(p) }
func Gettimeofday(tv *Timeval) error         { return syscall.Gettimeofday(tv) }
func Nanosleep(t, leftover *Timespec) error  { return syscall.Nanosleep(t, leftover) }

func Wait4(pid int, wstatus *WaitStatus, options int, rusage *Rusage) (int, error) {
	return syscall.Wait4(pid, wstatus, options, rusage)
}

func Setns(fd int, nstype int) error {
	_, _, e := syscall.Syscall(SYS_SETNS, uintptr(fd), uintptr(nstype), 0)
	return errnoErr(e)
}

func Prctl(option int, arg2, arg3, arg4, arg5 uintptr) error {
	_, _, e := syscall.Syscall6(syscall.SYS_PRCTL, uintptr(option), arg2, arg3, arg4, arg5, 0)
	return errnoErr(e)
}

// Sockets and inotify.

func Socket(domain, typ, proto int) (int, error) { return syscall.Socket(domain, typ, proto) }

// GetsockoptInt and Dup3 serve the bench's in-process profile.
func GetsockoptInt(fd, level, opt int) (int, error) { return syscall.GetsockoptInt(fd, level, opt) }
func Dup3(oldfd, newfd, flags int) error            { return syscall.Dup3(oldfd, newfd, flags) }
func CmsgSpace(datalen int) int                     { return syscall.CmsgSpace(datalen) }
func CmsgLen(datalen int) int                       { return syscall.CmsgLen(datalen) }

//go:noinline
func SetsockoptInt(fd, level, opt int, value int) error {
	return syscall.SetsockoptInt(fd, level, opt, value)
}

// BindNetlink binds the netlink socket fd with the multicast groups of
// mask, as Bind with a SockaddrNetlink does, without the Sockaddr
// interface: its method and types would come into the binary for this
// one call.
func BindNetlink(fd int, mask uint32) error {
	sa := RawSockaddrNetlink{Family: AF_NETLINK, Groups: mask}
	_, _, e := syscall.Syscall(SYS_BIND, uintptr(fd), uintptr(unsafe.Pointer(&sa)), SizeofSockaddrNetlink)
	return errnoErr(e)
}

// Recvmsg is recvmsg(2) into p, with the control messages into oob; with
// MSG_TRUNC n is the datagram's whole length. Unlike x/sys/unix's it does
// not decode the sender's address: that would bring the code and types of
// every kind of socket address into the binary, for netlink sockets whose
// sender is always the kernel.
func Recvmsg(fd int, p, oob []byte, flags int) (n, oobn int, err error) {
	var msg syscall.Msghdr
	var iov syscall.Iovec
	if len(p) > 0 {
		iov.Base = &p[0]
		iov.SetLen(len(p))
	}
	if len(oob) > 0 {
		msg.Control = &oob[0]
		msg.SetControllen(len(oob))
	}
	msg.Iov = &iov
	msg.Iovlen = 1
	r, _, e := syscall.Syscall(SYS_RECVMSG, uintptr(fd), uintptr(unsafe.Pointer(&msg)), uintptr(flags))
	if e != 0 {
		return 0, 0, e
	}
	return int(r), int(msg.Controllen), nil
}

func InotifyInit1(flags int) (int, error) { return syscall.InotifyInit1(flags) }

func InotifyAddWatch(fd int, pathname string, mask uint32) (int, error) {
	return syscall.InotifyAddWatch(fd, pathname, mask)
}

// ByteSliceToString is s up to its first NUL.
func ByteSliceToString(s []byte) string {
	for i, c := range s {
		if c == 0 {
			return string(s[:i])
		}
	}
	return string(s)
}
