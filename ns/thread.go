package ns

import "nsip/internal/unix"

// These change the namespaces of the calling thread, which must be locked
// to its goroutine and never go back to the pool: call them inside
// Discarded, on the way to an exec or a fork.

// UnshareThread moves the calling thread into new namespaces of the kinds
// in flags (CLONE_NEW*, and CLONE_FS to stop sharing the filesystem
// state with the other threads).
func UnshareThread(flags int) error {
	if err := unix.Unshare(flags); err != nil {
		return failure("unshare", "", err)
	}
	return nil
}

// EnterThread moves the calling thread into the namespace open at fd, of
// the kind of the CLONE_NEW* flag nstype. A Go thread can enter a mount
// namespace only after UnshareThread(unix.CLONE_FS).
func EnterThread(fd, nstype int) error {
	if err := unix.Setns(fd, nstype); err != nil {
		return failure("setns", "", err)
	}
	return nil
}

// SwitchNetns is what ip netns exec does before it runs the command: the
// calling thread joins the network namespace pinned at path, takes a
// mount namespace of its own in which / is a slave (mounts made there do
// not reach the parent), and gets a sysfs of the namespace on /sys,
// mounted under the name sysfsName. Op is "open", "setns", "unshare",
// "make-rslave" or "mount".
func SwitchNetns(path, sysfsName string) error {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return failure("open", path, err)
	}
	err = unix.Setns(fd, unix.CLONE_NEWNET)
	unix.Close(fd)
	if err != nil {
		return failure("setns", path, err)
	}
	if err := UnshareThread(unix.CLONE_NEWNS); err != nil {
		return err
	}
	if err := unix.Mount("", "/", "none", unix.MS_SLAVE|unix.MS_REC, ""); err != nil {
		return failure("make-rslave", "/", err)
	}
	return RemountSysfs(sysfsName)
}
