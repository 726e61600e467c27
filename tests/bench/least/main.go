// Command least is make bench's floor of a cheap command: a static Go
// program that does the command's kernel work and nothing else, built as
// lean as hello (package syscall alone, no os). "show lo" asks for lo by
// name and writes its reply's size, "up lo" sets lo up by name in one
// request, "netns" reads /run/netns. Its time over hello's is what the
// kernel's work costs a process: the least any Go program can take for
// the command, which a per-process target has to leave room for.
//
//	least show NAME | up NAME | netns
package main

import (
	"syscall"
	"unsafe"
)

// commandLine is os.Args, without package os and its start-up work.
//
//go:linkname commandLine os.runtime_args
func commandLine() []string

func main() {
	args := commandLine()
	switch {
	case len(args) == 3 && (args[1] == "show" || args[1] == "up"):
		ask(args[1] == "up", args[2])
	case len(args) == 2 && args[1] == "netns":
		readNetns()
	default:
		fail("usage: least show NAME | up NAME | netns", 2)
	}
}

// ask sends one request about the link named name and reads its one
// answer: RTM_GETLINK, whose reply's size it writes, or RTM_NEWLINK
// setting the link up, acknowledged.
func ask(up bool, name string) {
	if len(name) >= syscall.IFNAMSIZ {
		fail("least: name too long", 2)
	}
	fd, err := syscall.Socket(syscall.AF_NETLINK, syscall.SOCK_RAW|syscall.SOCK_CLOEXEC, syscall.NETLINK_ROUTE)
	if err != nil {
		fail("least: "+err.Error(), 1)
	}
	attrLen := syscall.SizeofRtAttr + len(name) + 1
	var req [syscall.NLMSG_HDRLEN + syscall.SizeofIfInfomsg + syscall.SizeofRtAttr + syscall.IFNAMSIZ]byte
	size := syscall.NLMSG_HDRLEN + syscall.SizeofIfInfomsg + (attrLen+3)&^3
	hdr := (*syscall.NlMsghdr)(unsafe.Pointer(&req[0]))
	hdr.Len, hdr.Type, hdr.Flags, hdr.Seq = uint32(size), syscall.RTM_GETLINK, syscall.NLM_F_REQUEST, 1
	if up {
		hdr.Type, hdr.Flags = syscall.RTM_NEWLINK, syscall.NLM_F_REQUEST|syscall.NLM_F_ACK
		ifi := (*syscall.IfInfomsg)(unsafe.Pointer(&req[syscall.NLMSG_HDRLEN]))
		ifi.Flags, ifi.Change = syscall.IFF_UP, syscall.IFF_UP
	}
	attr := (*syscall.RtAttr)(unsafe.Pointer(&req[syscall.NLMSG_HDRLEN+syscall.SizeofIfInfomsg]))
	attr.Len, attr.Type = uint16(attrLen), syscall.IFLA_IFNAME
	copy(req[syscall.NLMSG_HDRLEN+syscall.SizeofIfInfomsg+syscall.SizeofRtAttr:], name)
	if err := syscall.Sendto(fd, req[:size], 0, &syscall.SockaddrNetlink{Family: syscall.AF_NETLINK}); err != nil {
		fail("least: "+err.Error(), 1)
	}
	var buf [4096]byte
	n, err := syscall.Read(fd, buf[:])
	if err != nil || n < syscall.NLMSG_HDRLEN+4 {
		fail("least: no answer", 1)
	}
	reply := (*syscall.NlMsghdr)(unsafe.Pointer(&buf[0]))
	if reply.Type == syscall.NLMSG_ERROR && *(*int32)(unsafe.Pointer(&buf[syscall.NLMSG_HDRLEN])) != 0 {
		fail("least: the kernel refused the request", 1)
	}
	if !up {
		syscall.Write(1, []byte(itoa(n)+" bytes\n"))
	}
}

// readNetns reads the names in /run/netns, as ip netns list does before
// it prints them; there may be none.
func readNetns() {
	fd, err := syscall.Open("/run/netns", syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return
	}
	var buf [4096]byte
	for {
		if n, err := syscall.ReadDirent(fd, buf[:]); err != nil || n == 0 {
			break
		}
	}
	syscall.Close(fd)
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		if n /= 10; n == 0 {
			return string(b[i:])
		}
	}
}

func fail(why string, status int) {
	syscall.Write(2, []byte(why+"\n"))
	syscall.Exit(status)
}
