package proc

import (
	"slices"

	"nsip/internal/endian"
	"nsip/internal/unix"
)

// ListDir returns the names in directory dir, without "." and "..", in the
// order the kernel lists them, which is the order C tools see with readdir.
// It reads the directory with getdents directly: package os would sort
// nothing either, but its FileInfo machinery costs the binary dearly.
func ListDir(dir string) ([]string, error) {
	d, err := OpenDir(Here, dir)
	if err != nil {
		return nil, err
	}
	names, err := d.List()
	d.Close()
	return names, err
}

func readDir(fd int) ([]string, error) {
	var names []string
	buf := make([]byte, 8192)
	for {
		n, err := unix.ReadDirent(fd, buf)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		if n <= 0 {
			return names, nil
		}
		names = direntNames(buf[:n], names)
	}
}

// direntNameOffset is where a linux_dirent64's name starts, after d_ino,
// d_off, d_reclen and d_type.
const direntNameOffset = 19

// direntNames appends the names of the records in buf, as getdents64
// fills it, but "." and "..". It reads them as syscall.ParseDirent does,
// without its generic field readers: a record that cannot be ends the
// walk.
func direntNames(buf []byte, names []string) []string {
	for len(buf) >= direntNameOffset {
		size := int(endian.Native.Uint16(buf[16:]))
		if size < direntNameOffset || size > len(buf) {
			break
		}
		name := buf[direntNameOffset:size]
		if end := slices.Index(name, 0); end >= 0 {
			name = name[:end]
		}
		if string(name) != "." && string(name) != ".." {
			names = append(names, string(name))
		}
		buf = buf[size:]
	}
	return names
}

// ReadFile returns the contents of the file at path.
//
//go:noinline
func ReadFile(path string) ([]byte, error) { return Here.ReadFile(path, nil) }

// Read is read(2), asked again when a signal interrupts it.
func Read(fd int, b []byte) (int, error) {
	for {
		n, err := unix.Read(fd, b)
		if err != unix.EINTR {
			return n, err
		}
	}
}

// Dir is an open directory, such as /proc or /proc/PID: a file named
// relative to it spares the kernel the walk to it, and /proc the lookup
// of the process, each time.
type Dir int

// Here is the working directory: OpenDir(Here, name) opens name as open(2)
// does.
const Here = Dir(unix.AT_FDCWD)

// OpenDir opens the directory name, relative to at unless name is
// absolute.
func OpenDir(at Dir, name string) (Dir, error) {
	fd, err := unix.Openat(int(at), name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	return Dir(fd), err
}

// Close closes the directory.
func (d Dir) Close() error { return unix.Close(int(d)) }

// List returns the names in the directory, as ListDir does, once: it
// reads on from where the directory's last List ended.
func (d Dir) List() ([]string, error) { return readDir(int(d)) }

// ReadFile reads the file name into buf, grown as it needs, and returns
// what it read.
func (d Dir) ReadFile(name string, buf []byte) ([]byte, error) {
	fd, err := unix.Openat(int(d), name, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	// Read to the end, growing data when it is full.
	data := buf[:0]
	for {
		if len(data) == cap(data) {
			data = append(data, make([]byte, max(4096, len(data)))...)[:len(data)]
		}
		var n int
		if n, err = Read(fd, data[len(data):cap(data)]); err != nil || n == 0 {
			break
		}
		data = data[:len(data)+n]
	}
	unix.Close(fd)
	if err != nil {
		return nil, err
	}
	return data, nil
}

// Readlink returns the target of the link name, read into buf when it
// fits.
func (d Dir) Readlink(name string, buf []byte) ([]byte, error) {
	for {
		n, err := unix.Readlinkat(int(d), name, buf)
		if err != nil {
			return nil, err
		}
		if n < len(buf) {
			return buf[:n], nil
		}
		buf = make([]byte, 2*len(buf)+64)
	}
}

// Stat is fstat of the directory, into st: a Stat_t returned would be
// copied through memory.
func (d Dir) Stat(st *unix.Stat_t) error { return unix.Fstat(int(d), st) }
