package ul

import (
	"syscall"

	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/internal/unix"
	"nsip/proc"
)

// unshare --map-users, --map-groups and --map-auto map ranges of ids
// into the new user namespace. util-linux 2.38 has newuidmap and
// newgidmap (from the shadow suite) write the maps, which lets an
// unprivileged user map the ranges /etc/subuid and /etc/subgid grant it.
// nsip runs them the same way; on a host without them, a caller
// privileged enough writes the maps itself.

// idRange is util-linux's struct map_range: count ids from outer, outside
// the namespace, are inner and up inside it.
type idRange struct {
	outer, inner, count uint32
}

// idRangeOption reads --map-users or --map-groups: OUTER,INNER,COUNT as
// util-linux's get_map_range, or "auto" for the caller's line of file
// (/etc/subuid or /etc/subgid) as read_subid_range: the first for the
// user, by name or by number.
func (u *unshareRun) idRangeOption(arg, file string) idRange {
	prog := u.prog
	if arg != "auto" {
		ids, n := idArray(arg, 3, func(name string) int { return idOf(prog, name) })
		switch {
		case n < 0:
			cli.Errx(prog, "too many elements for mapping '", arg, "'")
		case n != 3:
			cli.Errx(prog, "mapping '", arg, "' contains only ", itoa(n), " elements")
		}
		return idRange{outer: uint32(ids[0]), inner: uint32(ids[1]), count: uint32(ids[2])}
	}
	if u.isChild {
		return idRange{}
	}
	// The user's name, as getpwuid's pw_name, from /etc/passwd.
	uid := unix.Geteuid()
	user, ok := "", false
	passwd, _ := proc.ReadFile("/etc/passwd")
	for _, line := range ascii.Split(string(passwd), "\n") {
		if fields := ascii.Split(line, ":"); len(fields) > 2 && fields[2] == itoa(uid) {
			user, ok = fields[0], true
			break
		}
	}
	if !ok {
		cli.Errx(prog, "you (user ", itoa(uid), ") don't exist.")
	}
	data, err := proc.ReadFile(file)
	if err != nil {
		cli.Err(cli.StatusFailure, prog, err, "could not open '", file, "'")
	}
	for _, line := range ascii.Split(string(data), "\n") {
		// NAME:OUTER:COUNT, split at bytes: ascii.Cut's substring search
		// costs more code.
		i := ascii.IndexByte(line, ':')
		if i < 0 {
			continue
		}
		name, rest := line[:i], line[i+1:]
		// strtoul reads a name as 0, so for root any name matches.
		if n, _, _ := cli.Strtoul(name, 10); name != user && n != uint64(uid) {
			continue
		}
		if i = ascii.IndexByte(rest, ':'); i < 0 {
			continue
		}
		return idRange{
			outer: uint32(utilUint(prog, rest[:i], "failed to parse subid map")),
			count: uint32(utilUint(prog, rest[i+1:], "failed to parse subid map")),
		}
	}
	cli.Err(cli.StatusFailure, prog, syscall.Errno(0), "no line matching user \"", user, "\" in ", file)
	return idRange{}
}

// idOf is util-linux's uint_to_id: the number, copied first into a buffer
// the size of the text of ULONG_MAX's definition,
// "(0x7fffffffffffffffL * 2UL + 1UL)", and returned as an int, so that
// "-1" or 4294967295 is -1, which idArray takes for a failure.
func idOf(prog, name string) int {
	const buffer = len("(0x7fffffffffffffffL * 2UL + 1UL)")
	if len(name) > buffer {
		name = name[:buffer]
	}
	return int(int32(uint32(utilUint(prog, name, "could not parse ID"))))
}

// idArray is util-linux's string_to_idarray: the comma-separated ids of
// list, at most max of them, and their number, or -1 for an empty list,
// an empty element or an id of -1, and -2 for too many.
func idArray(list string, max int, id func(string) int) ([]int, int) {
	if list == "" {
		return nil, -1
	}
	var ids []int
	begin := -1
	for p := 0; p < len(list); p++ {
		if len(ids) >= max {
			return nil, -2
		}
		if begin < 0 {
			begin = p
		}
		end := -1
		if list[p] == ',' {
			end = p
		}
		if p+1 == len(list) {
			end = p + 1
		}
		if end < 0 {
			continue
		}
		if end <= begin {
			return nil, -1
		}
		n := id(list[begin:end])
		if n == -1 {
			return nil, -1
		}
		ids = append(ids, n)
		begin = -1
		if end == len(list) {
			break
		}
	}
	return ids, len(ids)
}

// idMapLines is what util-linux's map_ids gives newuidmap or newgidmap
// after the pid: triples of inside, outside and count. The id outer
// (nsip's own) is mapped to inner when inner is not -1, and the range
// around it, one id shorter where they overlap.
func idMapLines(outer uint32, inner int64, r idRange) [][3]uint32 {
	// Room for all four lines up front: a slice that would start on the
	// stack and grow would cost the binary the runtime's code for that,
	// and a literal for the one line an array type's descriptor.
	lines := make([][3]uint32, 1, 4)
	if inner < 0 {
		lines[0] = [3]uint32{r.inner, r.outer, r.count}
		return lines
	}
	in := uint32(inner)
	if outer >= r.outer && outer <= r.outer+r.count || in >= r.inner && in <= r.inner+r.count {
		r.count--
	}
	outerOffset := min(sub0(outer, r.outer), r.count)
	innerOffset := min(sub0(in, r.inner), r.count)
	lo := idRange{outer: r.outer, inner: r.inner, count: min(innerOffset, outerOffset)}
	mid := idRange{outer: lo.outer + lo.count, inner: lo.inner + lo.count}
	mid.outer += b2u(mid.outer == outer)
	mid.inner += b2u(mid.inner == in)
	mid.count = max(outerOffset, innerOffset) - min(outerOffset, innerOffset)
	hi := idRange{outer: mid.outer + mid.count, inner: mid.inner + mid.count}
	hi.outer += b2u(hi.outer == outer)
	hi.inner += b2u(hi.inner == in)
	hi.count = r.count - lo.count - mid.count
	lines[0] = [3]uint32{in, outer, 1}
	for _, m := range []idRange{lo, mid, hi} {
		// new[gu]idmap refuses empty ranges.
		if m.count != 0 {
			lines = append(lines, [3]uint32{m.inner, m.outer, m.count})
		}
	}
	return lines
}

func sub0(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return 0
}

func b2u(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}

// mapIDRange writes the map of pid's user namespace with mapper
// (newuidmap or newgidmap), as util-linux does. Where mapper is missing
// and nsip may write procFile (uid_map or gid_map) itself, it does.
// It returns a non-zero exit status on failure, having said why.
func (u *unshareRun) mapIDRange(mapper string, pid int, procFile string, lines [][3]uint32) int {
	// Made, not a literal {mapper, pid}: that would bring [2]string's type
	// descriptor and equality function into the binary.
	argv := make([]string, 2, 2+3*len(lines))
	argv[0], argv[1] = mapper, itoa(pid)
	text := ""
	for _, l := range lines {
		for i, n := range l {
			id := utoa(uint64(n))
			argv = append(argv, id)
			sep := " "
			if i == len(l)-1 {
				sep = "\n"
			}
			text += id + sep
		}
	}
	var child int
	err := cli.Execvp(argv, func(path string, args []string) error {
		var err error
		child, err = forkExec(path, args, nil)
		return err
	})
	if err == unix.ENOENT {
		// No shadow suite here: the kernel decides whether nsip may.
		if werr := writeProcFile("/proc/"+itoa(pid)+"/"+procFile, text); werr == nil {
			return 0
		}
	}
	if err != nil {
		return cli.StatusOf(execFailure(u.prog, "", argv, err))
	}
	ws, err := cli.Wait(child, 0)
	if err != nil {
		return cli.StatusOf(cli.Failure(cli.StatusFailure, u.prog, err, "waitpid failed"))
	}
	if ws.Exited() {
		return ws.ExitStatus()
	}
	return 0
}
