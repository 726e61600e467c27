package proc

import (
	"strconv"

	"nsip/internal/ascii"
	"nsip/internal/unix"
)

// Stat is what /proc/PID/stat says about a process.
type Stat struct {
	PID     int
	State   byte
	PPID    int
	Threads int
}

// ParseStat parses the text of a /proc/PID/stat file. The command name
// sits in parentheses and may hold anything, spaces and parentheses
// included, so the fields are counted from the last ')'.
func ParseStat(text string) (Stat, error) {
	var st Stat
	open := ascii.IndexByte(text, '(')
	end := ascii.LastIndexByte(text, ')')
	if open < 1 || end < open {
		return st, unix.EINVAL
	}
	pid, ok := Atoi(ascii.TrimSpace(text[:open]))
	// state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt
	// cmajflt utime stime cutime cstime priority nice num_threads
	var fields [18]string
	n := 0
	for rest := text[end+1:]; n < len(fields); n++ {
		rest = ascii.TrimLeft(rest, " \t\n\v\f\r")
		if rest == "" {
			break
		}
		i := ascii.IndexAny(rest, " \t\n\v\f\r")
		if i < 0 {
			i = len(rest)
		}
		fields[n], rest = rest[:i], rest[i:]
	}
	if !ok || n < len(fields) || len(fields[0]) != 1 || !isLetter(fields[0][0]) {
		return st, unix.EINVAL
	}
	st.PID, st.State = pid, fields[0][0]
	st.PPID, _ = Atoi(fields[1])
	st.Threads, _ = Atoi(fields[17])
	return st, nil
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// PIDPath is /proc/PID/name.
//
//go:noinline
func PIDPath(pid int, name string) string {
	return "/proc/" + strconv.Itoa(pid) + "/" + name
}

// CommandLine is the command line of pid as lsns shows it: the arguments
// joined by spaces, or the command name for a process without arguments
// (a kernel thread, a zombie). Like util-linux it reads at most 8 KiB and
// drops the last byte read, the final NUL or the newline after comm.
func CommandLine(pid int) string {
	for _, name := range [...]string{"cmdline", "comm"} {
		data, err := ReadFile(PIDPath(pid, name))
		if err != nil || len(data) == 0 {
			continue
		}
		data = data[:min(len(data), 8192)-1]
		for i, c := range data {
			if c == 0 {
				data[i] = ' '
			}
		}
		return string(data)
	}
	return ""
}

// Mount is a line of /proc/self/mountinfo.
type Mount struct {
	_          noCompare
	ID, Parent int
	Root       string // the path within the filesystem; "net:[4026532000]" for nsfs
	Target     string
	FSType     string
	Shared     bool // a member of a peer group: mounts beneath it propagate
}

// Mounts parses /proc/self/mountinfo.
func Mounts() ([]Mount, error) {
	data, err := ReadFile("/proc/self/mountinfo")
	if err != nil {
		return nil, err
	}
	return ParseMountinfo(string(data)), nil
}

// ParseMountinfo parses the text of a mountinfo file, skipping lines it
// cannot read.
func ParseMountinfo(text string) []Mount {
	var mounts []Mount
	for _, line := range ascii.Split(text, "\n") {
		fields := ascii.Fields(line)
		if len(fields) < 7 {
			continue
		}
		var m Mount
		m.ID, _ = Atoi(fields[0])
		m.Parent, _ = Atoi(fields[1])
		m.Root, m.Target = unescapeMountPath(fields[3]), unescapeMountPath(fields[4])
		rest := fields[6:]
		for len(rest) > 0 && rest[0] != "-" {
			m.Shared = m.Shared || ascii.HasPrefix(rest[0], "shared:")
			rest = rest[1:]
		}
		if len(rest) < 2 {
			continue
		}
		m.FSType = rest[1]
		mounts = append(mounts, m)
	}
	return mounts
}

// unescapeMountPath undoes the kernel's octal escapes (\040 for a space)
// in mountinfo paths.
func unescapeMountPath(s string) string {
	if ascii.IndexByte(s, '\\') < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+3 < len(s) {
			if n, ok := ParseUint(s[i+1:i+4], 8, 8); ok {
				c = byte(n)
				i += 3
			}
		}
		b = append(b, c)
	}
	return string(b)
}

// NamespaceInode is the inode in what a namespace file's link says when
// the namespace is of kind: NamespaceLink for a known kind, which keeps no
// part of link.
func NamespaceInode(link, kind string) (uint64, bool) {
	rest, ok := ascii.CutPrefix(link, kind)
	if !ok || !ascii.HasPrefix(rest, ":[") || !ascii.HasSuffix(rest, "]") {
		return 0, false
	}
	return ParseUint(rest[2:len(rest)-1], 10, 64)
}

// NamespaceLink parses what a namespace file's link says, "net:[4026531840]",
// into the kind and inode.
func NamespaceLink(target string) (kind string, ino uint64, ok bool) {
	// Split at the first ":[" by a byte loop: ascii.Cut's substring
	// search, inlined, costs more code.
	for i := 0; i+1 < len(target); i++ {
		if target[i] != ':' || target[i+1] != '[' {
			continue
		}
		rest := target[i+2:]
		if !ascii.HasSuffix(rest, "]") {
			return "", 0, false
		}
		if ino, ok = ParseUint(rest[:len(rest)-1], 10, 64); !ok {
			return "", 0, false
		}
		return target[:i], ino, true
	}
	return "", 0, false
}

// Readlink returns the target of the symbolic link at path.
func Readlink(path string) (string, error) {
	target, err := Here.Readlink(path, make([]byte, 256))
	return string(target), err
}
