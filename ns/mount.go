package ns

import (
	"strconv"

	"nsip/internal/unix"
)

// A namespace outlives its processes while a file is bind-mounted on it:
// that is how ip netns and unshare --TYPE=FILE keep them. These are all
// the mounts nsip makes; each failure comes back as *Error, whose Op names
// the step for the tool to report in its reference's words.

// Bind bind-mounts the file source (a namespace file such as
// /proc/PID/ns/net) onto the existing file target.
func Bind(source, target string) error {
	if err := unix.Mount(source, target, "none", unix.MS_BIND, ""); err != nil {
		return failure("bind", target, err)
	}
	return nil
}

// Unbind lazily unmounts what is mounted on target, as ip netns delete
// does: the namespace lives on while a process is in it.
func Unbind(target string) error {
	if err := unix.Unmount(target, unix.MNT_DETACH); err != nil {
		return failure("unmount", target, err)
	}
	return nil
}

// UnbindAll unbinds every namespace stacked on file, until it is a plain
// file again.
func UnbindAll(file string) error {
	for {
		isNS, err := IsNamespaceFile(file)
		if err != nil || !isNS {
			return nil
		}
		if err := Unbind(file); err != nil {
			return err
		}
	}
}

// ShareDir makes dir a shared mount, so that a namespace file unmounted in
// one mount namespace goes away in all of them. A dir that is no mount
// point yet is bound onto itself first (bound reports that, also when a
// later step fails) and made private, so that the new mount starts a peer
// group of its own instead of joining its parent's, where the files would
// show up twice. Op is "make-shared", "bind" or "make-private".
func ShareDir(dir string) (bound bool, err error) {
	for {
		err := unix.Mount("", dir, "none", unix.MS_SHARED|unix.MS_REC, "")
		if err == nil {
			return bound, nil
		}
		if err != unix.EINVAL || bound {
			return bound, failure("make-shared", dir, err)
		}
		if err := unix.Mount(dir, dir, "none", unix.MS_BIND|unix.MS_REC, ""); err != nil {
			return false, failure("bind", dir, err)
		}
		bound = true
		if err := unix.Mount("", dir, "none", unix.MS_PRIVATE|unix.MS_REC, ""); err != nil {
			return true, failure("make-private", dir, err)
		}
	}
}

// SetPropagation changes the propagation of the mount at target to flags
// (MS_SHARED, MS_SLAVE, MS_PRIVATE, with MS_REC for the mounts below).
func SetPropagation(target string, flags uintptr) error {
	if err := unix.Mount("none", target, "", flags, ""); err != nil {
		return failure("propagation", target, err)
	}
	return nil
}

// MountProc mounts a proc filesystem on dir, for a new pid namespace.
func MountProc(dir string) error {
	if err := unix.Mount("proc", dir, "proc", unix.MS_NOSUID|unix.MS_NOEXEC|unix.MS_NODEV, ""); err != nil {
		return failure("mount", dir, err)
	}
	return nil
}

// RemountSysfs replaces /sys with a sysfs of the calling thread's network
// namespace, in a mount namespace of its own, so that it shows that
// namespace's devices; source names the mount. A /sys that cannot be
// unmounted but is read-only stays covered read-only. A missing /sys is
// made: an initramfs may have none.
func RemountSysfs(source string) error {
	var flags uintptr
	if err := unix.Unmount("/sys", unix.MNT_DETACH); err != nil {
		var st unix.Statfs_t
		if unix.Statfs("/sys", &st) == nil && st.Flags&unix.ST_RDONLY != 0 {
			flags = unix.MS_RDONLY
		}
	}
	err := unix.Mkdir("/sys", 0o555)
	if err == nil || err == unix.EEXIST {
		err = unix.Mount(source, "/sys", "sysfs", flags, "")
	}
	if err != nil {
		return failure("mount", "/sys", err)
	}
	return nil
}

// ShadowDir covers dir, in the calling thread's own mount namespace, with
// a tmpfs that holds a bind of each of entries (the names in dir) onto a
// namesake, a copy of each symbolic link among them, and an empty file or
// directory (add says which) for each name in add, replacing a link.
// Files can then be bound onto the names in add although dir lacks them,
// and nothing changes in dir itself or in any other namespace. If a step
// fails, the tmpfs goes again. Op is "open", "mount" or "bind".
func ShadowDir(dir string, entries []string, add map[string]bool) error {
	fd, err := unix.Open(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return failure("open", dir, err)
	}
	var st unix.Stat_t
	if err = unix.Fstat(fd, &st); err != nil {
		err = failure("open", dir, err)
	} else {
		err = shadowOnto(fd, dir, st.Mode, entries, add)
	}
	unix.Close(fd)
	return err
}

// shadowOnto is ShadowDir once dir is open at fd and its mode known.
func shadowOnto(fd int, dir string, mode uint32, entries []string, add map[string]bool) error {
	// The tmpfs is the mounter's: in a user namespace dir's owner may have
	// no id at all.
	options := "mode=" + strconv.FormatUint(uint64(mode&0o7777), 8)
	if err := unix.Mount("tmpfs", dir, "tmpfs", 0, options); err != nil {
		return failure("mount", dir, err)
	}
	// The directory below stays reachable through fd.
	below := "/proc/self/fd/" + strconv.Itoa(fd) + "/"
	for _, name := range entries {
		if _, adding := add[name]; adding {
			continue
		}
		// The entry goes to its namesake on the tmpfs: a symbolic link as
		// a copy, anything else as a bind.
		var st unix.Stat_t
		if err := unix.Fstatat(fd, name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
			continue // gone meanwhile
		}
		target := dir + "/" + name
		var err error
		if st.Mode&unix.S_IFMT == unix.S_IFLNK {
			buf := make([]byte, unix.PathMax)
			var n int
			if n, err = unix.Readlinkat(fd, name, buf); err == nil {
				err = unix.Symlink(string(buf[:n]), target)
			}
		} else if err = makeEmpty(target, st.Mode&unix.S_IFMT == unix.S_IFDIR); err == nil {
			err = unix.Mount(below+name, target, "", unix.MS_BIND|unix.MS_REC, "")
		}
		if err != nil {
			unix.Unmount(dir, unix.MNT_DETACH)
			return failure("bind", target, err)
		}
	}
	for name, isDir := range add {
		target := dir + "/" + name
		if err := makeEmpty(target, isDir); err != nil {
			unix.Unmount(dir, unix.MNT_DETACH)
			return failure("mount", target, err)
		}
	}
	return nil
}

// makeEmpty makes an empty directory or file at path.
func makeEmpty(path string, isDir bool) error {
	if isDir {
		return unix.Mkdir(path, 0o755)
	}
	fd, err := unix.Open(path, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0o644)
	if err == nil {
		unix.Close(fd)
	}
	return err
}
