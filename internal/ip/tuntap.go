package ip

import (
	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/internal/output"
	"nsip/internal/unix"
	"nsip/nl"
	"nsip/ns"
	"nsip/proc"
)

// ip tuntap (also ip tap) makes and removes persistent tun and tap devices
// through /dev/net/tun, as ip does, and lists them from a link dump and
// the devices' sysfs files.

const tunDevice = "/dev/net/tun"

// tuntapRequest is what ip tuntap add and del parse: the ifreq that
// TUNSETIFF takes, and the owner and group add sets.
type tuntapRequest struct {
	name  string
	flags uint16
	// uid and gid are uid_t and gid_t; all ones means "leave it".
	uid, gid uint32
}

// ipTuntap is ip tuntap; without a command it shows the devices.
func (s *session) ipTuntap(a args) int {
	if a.empty() {
		return s.tuntapShow()
	}
	cmd := a.cur()
	a.skip()
	switch matchIndex(cmd, "add delete show lst list help", false) {
	case 0, 1: // add, delete, below
	case 2, 3, 4: // show, lst, list
		return s.tuntapShow()
	case 5: // help
		tuntapUsage()
	default:
		cli.Stderr(`Command "`, cmd, "\" is unknown, try \"ip tuntap help\".\n")
		cli.Fail(statusUsage)
	}
	// add makes the device persistent, so that it outlives the file ip
	// opened, after setting its owner and group; IFF_TUN_EXCL refuses a
	// device that exists already. del attaches to the device and drops its
	// persistence: it goes when ip closes the file. Like ip, del makes the
	// device first when there is none, and so succeeds. A device belongs
	// to the network namespace its file was opened in: under -netns the
	// file is opened there.
	add := cmd[0] == 'a'
	var req tuntapRequest
	if !parseTuntap(a, add, &req) {
		return cli.StatusFailure
	}
	persist := 0
	if add {
		req.flags |= unix.IFF_TUN_EXCL
		persist = 1
	}
	ifr, err := unix.NewIfreq(req.name)
	if err != nil {
		return cli.StatusFailure // validIfName has ruled this out
	}
	ifr.SetUint16(req.flags)
	fd := -1
	open := func() (err error) {
		fd, err = unix.Open(tunDevice, unix.O_RDWR|unix.O_CLOEXEC, 0)
		return err
	}
	if s.netnsPath == "" {
		err = open()
	} else {
		err = ns.Do(s.netnsPath, unix.CLONE_NEWNET, open)
	}
	if err != nil {
		errorLine("open: ", err)
		return cli.StatusFailure
	}
	// del never sets the owner or the group: they stay all ones.
	op, err := "TUNSETIFF", unix.IoctlIfreq(fd, unix.TUNSETIFF, ifr)
	if err == nil && req.uid != ^uint32(0) {
		op, err = "TUNSETOWNER", unix.IoctlSetInt(fd, unix.TUNSETOWNER, int(req.uid))
	}
	if err == nil && req.gid != ^uint32(0) {
		op, err = "TUNSETGROUP", unix.IoctlSetInt(fd, unix.TUNSETGROUP, int(req.gid))
	}
	if err == nil {
		op, err = "TUNSETPERSIST", unix.IoctlSetInt(fd, unix.TUNSETPERSIST, persist)
	}
	unix.Close(fd)
	if err != nil {
		errorLineAbout("ioctl(", op, "): ", err)
		return cli.StatusFailure
	}
	return 0
}

// parseTuntap reads add's or del's words into req, the caller's, zero;
// only add knows user and group, del takes them for the name. It returns
// false when no mode was given, which ip reports only after reading every
// word.
func parseTuntap(a args, add bool, req *tuntapRequest) bool {
	req.flags, req.uid, req.gid = unix.IFF_NO_PI, ^uint32(0), ^uint32(0)
	for ; !a.empty(); a.skip() {
		word := a.cur()
		i := matchIndex(word, "mode user group pi one_queue vnet_hdr multi_queue dev name help", false)
		if !add && (i == 1 || i == 2) {
			i = -1 // del takes user and group for the name
		}
		switch i {
		case 0: // mode
			var flag, other uint16
			switch mode := a.next(); matchIndex(mode, "tun tap", false) {
			case 0: // tun
				flag, other = unix.IFF_TUN, unix.IFF_TAP
			case 1: // tap
				flag, other = unix.IFF_TAP, unix.IFF_TUN
			default:
				cli.Stderr(`Unknown tunnel mode "`, mode, "\"\n")
				cli.Fail(statusUsage)
			}
			if req.flags&other != 0 {
				fatal(statusUsage, "You managed to ask for more than one tunnel mode.\n")
			}
			req.flags |= flag
		case 1, 2: // user, group
			// A number as strtol takes it, cut to 32 bits as C's uid_t
			// is, else a name from the file getpwnam or getgrnam would
			// read. nsip has no libc and so no NSS: the files are the
			// database.
			what, file, id := "user", "/etc/passwd", &req.uid
			if i == 2 {
				what, file, id = "group", "/etc/group", &req.gid
			}
			arg := a.next()
			if n, used, _ := cli.Strtol(arg, 10); arg != "" && used == len(arg) {
				*id = uint32(n)
				break
			}
			if data, err := proc.ReadFile(file); err == nil {
				if named, ok := idOfName(arg, string(data)); ok {
					*id = named
					break
				}
			}
			cli.Stderr("invalid ", what, ` "`, arg, "\"\n")
			cli.Fail(statusUsage)
		case 3: // pi
			req.flags &^= unix.IFF_NO_PI
		case 4: // one_queue
			req.flags |= unix.IFF_ONE_QUEUE
		case 5: // vnet_hdr
			req.flags |= unix.IFF_VNET_HDR
		case 6: // multi_queue
			req.flags |= unix.IFF_MULTI_QUEUE
		case 7: // dev
			// dev replaces a name given before it, where name refuses.
			if word = a.next(); !validIfName(word) {
				invarg(`"dev" not a valid ifname`, word)
			}
			req.name = word
		case 9: // help
			tuntapUsage()
		default:
			if i == 8 { // name
				word = a.next()
			}
			if req.name != "" {
				duparg2("name", word)
			}
			if !validIfName(word) {
				invarg(`"name" not a valid ifname`, word)
			}
			req.name = word
		}
	}
	if req.flags&(unix.IFF_TUN|unix.IFF_TAP) == 0 {
		cli.Stderr("You failed to specify a tunnel mode\n")
		return false
	}
	return true
}

// idOfName finds name in the text of a passwd or group file, whose lines
// both hold name:password:id:...
func idOfName(name, text string) (uint32, bool) {
	if name == "" {
		return 0, false
	}
	for _, line := range ascii.Split(text, "\n") {
		fields := ascii.SplitN(line, ":", 4)
		if len(fields) < 4 || fields[0] != name {
			continue
		}
		if id, ok := cli.ParseUint(fields[2], 10); ok && id <= 0xffffffff {
			return uint32(id), true
		}
	}
	return 0, false
}

// tuntapShow lists the tun and tap devices of a link dump. -details adds
// the processes that have each one open. The devices' files are read
// where /sys shows the devices of the namespace -netns named: ip moves
// itself there and mounts a sysfs of the namespace; nsip does that on a
// thread of its own, in a mount namespace of its own, and throws the
// thread away afterwards.
func (s *session) tuntapShow() int {
	msgs, ok := s.dump(tuntapDumpRequest())
	if !ok {
		return cli.StatusFailure
	}
	details, netnsPath := s.details > 0, s.netnsPath
	list := func() {
		// The session's printer, not one captured: a closure that runs on
		// another goroutine lives on the heap, and one holding a
		// *output.Printer would bring that type's descriptor, with some
		// thirty method names, into the binary.
		out := theSession.out
		out.Begin()
		for i := range msgs {
			printTuntap(out, details, &msgs[i])
		}
		out.End()
	}
	if netnsPath == "" {
		list()
		return 0
	}
	err := ns.Discarded(func() error {
		err := ns.SwitchNetns(netnsPath, "sysfs")
		if err == nil {
			list()
		}
		return err
	})
	if err != nil {
		errorLine("mount of /sys failed: ", err)
		return cli.StatusFailure
	}
	return 0
}

// tuntapDumpRequest is ip's link dump for tuntap show, which the kernel
// filters to the links of kind tun.
func tuntapDumpRequest() nl.Message {
	ae := nl.NewAttributeEncoder()
	ae.Nest(unix.IFLA_LINKINFO)
	ae.Bytes(unix.IFLA_INFO_KIND, []byte("tun"))
	ae.End()
	return nl.Message{Header: nl.Header{Type: unix.RTM_GETLINK}, Data: append(nl.IfInfoMsg{}.Marshal(), ae.Encode()...)}
}

// tunProps are the sysfs files of a tun device ip tuntap show reads.
var tunProps = [3]string{"tun_flags", "owner", "group"}

// printTuntap prints one link of the dump if it is a tun or tap device
// whose sysfs files can be read.
func printTuntap(out *output.Printer, details bool, m *nl.Message) {
	ifi, rest, err := nl.UnmarshalIfInfoMsg(m.Data)
	if err != nil || (m.Header.Type != unix.RTM_NEWLINK && m.Header.Type != unix.RTM_DELLINK) ||
		(ifi.Type != unix.ARPHRD_NONE && ifi.Type != unix.ARPHRD_ETHER) {
		return
	}
	attrs, _ := nl.ParseAttributes(rest)
	info, _ := attrs.Nested(unix.IFLA_LINKINFO)
	if !attrs.Has(unix.IFLA_IFNAME) || info.String(unix.IFLA_INFO_KIND) != "tun" {
		return
	}
	name := attrs.String(unix.IFLA_IFNAME)
	// Each property is read as ip's read_prop reads it: the number in
	// a sysfs file of the device, with ip's complaints when it cannot be
	// had, which leave the device out.
	var props [3]int64
	for i, prop := range &tunProps {
		path := "/sys/class/net/" + name + "/" + prop
		data, err := proc.ReadFile(path)
		if err != nil {
			errorLineAbout("fopen ", path, ": ", err)
			return
		}
		// fgets into ip's 80-byte buffer reads the first line, or its start.
		line := string(data[:min(len(data), 79)])
		line, _, _ = ascii.Cut(line, "\n")
		n, used, overflow := cli.Strtol(line, 0)
		// What of the file could not be read, and why, for ip's complaint.
		var what, subject, why string
		switch {
		case len(data) == 0:
			what, subject, why = `property "`, prop, " is currently unknown\n"
		case used == 0 || used != len(line):
			what, subject, why = `value "`, line, " is not a number\n"
		case overflow:
			cli.Stderr("strtol ", path, ": ", cli.Strerror(unix.ERANGE))
		default:
			props[i] = n
			continue
		}
		if what != "" {
			cli.Stderr(what, subject, `" in file `, path, why)
		}
		cli.Stderr("Failed to parse ", path, "\n")
		return
	}
	out.OpenObject("")
	out.String("ifname", "%s:", name)
	printTunFlags(out, props[0])
	if props[1] != -1 {
		out.Int("user", " user %d", props[1])
	}
	if props[2] != -1 {
		out.Int("group", " group %d", props[2])
	}
	if details {
		out.Text(out.LineSep() + "\tAttached to processes:")
		printTunProcesses(out, name)
	}
	out.CloseObject()
	out.Text("\n")
}

// tunFlagBits are the tun_flags bits ip names, in its order, and
// tunFlagWords their names, laid out alike (see linkTypes). IFF_NO_PI and
// IFF_NOFILTER, the same bit, are named when clear: pi and filter.
var tunFlagBits = [...]uint16{
	unix.IFF_TUN, unix.IFF_TAP, unix.IFF_NO_PI, unix.IFF_ONE_QUEUE,
	unix.IFF_MULTI_QUEUE, unix.IFF_VNET_HDR, unix.IFF_PERSIST, unix.IFF_NOFILTER,
}

const tunFlagWords = "tun tap pi one_queue multi_queue vnet_hdr persist filter"

func printTunFlags(out *output.Printer, flags int64) {
	out.OpenJSONArray("flags")
	rest := flags
	for i, bit := range &tunFlagBits {
		ifClear := bit == unix.IFF_NO_PI
		if (flags&int64(bit) != 0) != ifClear {
			out.String("", " %s", wordAt(tunFlagWords, i))
		}
		rest &^= int64(bit)
	}
	if rest != 0 {
		out.String("", " %s", hex0x(uint64(rest)))
	}
	out.CloseJSONArray()
}

// printTunProcesses lists, as "comm(pid)", the processes with a
// /dev/net/tun file attached to the device name, in the order ip's
// unsorted glob of /proc/[0-9]*/fd/[0-9]* finds them. As in ip, nsip's
// own files are left out.
func printTunProcesses(out *output.Printer, name string) {
	out.OpenJSONArray("processes")
	self := unix.Getpid()
	pids, _ := proc.ListDir("/proc")
	for _, pidName := range pids {
		pid, ok := proc.Atoi(pidName)
		if !ok || pidName[0] < '0' || pidName[0] > '9' || pid == self {
			continue
		}
		dir := "/proc/" + pidName + "/"
		fds, _ := proc.ListDir(dir + "fd")
		for _, fd := range fds {
			if fd[0] < '0' || fd[0] > '9' {
				continue
			}
			// ip reads the link into a buffer one byte longer than the
			// path it looks for, so longer targets are cut and differ.
			var target [len(tunDevice) + 1]byte
			n, err := unix.Readlink(dir+"fd/"+fd, target[:])
			if err != nil {
				errorLine("readlink: ", err)
				continue
			}
			if string(target[:n]) != tunDevice {
				continue
			}
			info, err := proc.ReadFile(dir + "fdinfo/" + fd)
			if err != nil {
				errorLine("fopen: ", err)
				continue
			}
			// The fdinfo of a file attached to a device names it as "iff:".
			attached := false
			scanFdinfo(string(info), func(key, value string) {
				attached = attached || (key == "iff" && value == name)
			})
			if !attached {
				continue
			}
			// iproute2's get_task_name: the process's comm, or <NULL>.
			task := "<NULL>"
			if comm, err := proc.ReadFile(dir + "comm"); err == nil && len(comm) != 0 {
				task, _, _ = ascii.Cut(string(comm), "\n")
			}
			out.String("name", "%s", task)
			out.Int("pid", "(%d)", int64(pid))
		}
	}
	out.CloseJSONArray()
}

// scanFdinfo reads fdinfo as ip's loop of fscanf(f, "%m[^:]: %ms\n")
// does: a key up to the colon, then the next word after blanks, which
// may be on a later line. Where ip's loop would stop or spin, it stops.
func scanFdinfo(text string, pair func(key, value string)) {
	for i := 0; i < len(text); {
		keyEnd := ascii.IndexByte(text[i:], ':')
		if keyEnd <= 0 {
			return
		}
		keyEnd += i
		valueStart := spanOf(text, keyEnd+1, true)
		valueEnd := spanOf(text, valueStart, false)
		if valueEnd == valueStart {
			return
		}
		pair(text[i:keyEnd], text[valueStart:valueEnd])
		i = spanOf(text, valueEnd, true)
	}
}

// spanOf is the end of the run of blanks (blank) or of other bytes in
// text from i. Out of line: it has three callers.
//
//go:noinline
func spanOf(text string, i int, blank bool) int {
	for i < len(text) && cli.IsSpace(text[i]) == blank {
		i++
	}
	return i
}
