// Command floor is make bench's kernel floor for a listing: a static Go
// program that asks for the links, addresses, IPv4 routes or neighbours
// the way nsip does and reads the answers into one buffer, decoding only
// the message headers and printing nothing. No listing of the same dumps
// can take less: where a target ratio to ip sits below floor's ratio,
// nothing nsip does after the kernel answers can meet it.
//
// It is also the floor of a cheap command, the least a Go program can do
// for it: "show lo" asks for lo by name and writes its reply's size, "up
// lo" sets lo up by name in one request, "netns" reads /run/netns. Its
// time over hello's is what the kernel's work costs a process, which a
// per-process target has to leave room for.
//
//	floor OBJECT...    OBJECT: link, addr, route or neigh, dumped in turn
//	floor show lo | up lo | netns
package main

import (
	"encoding/binary"
	"os"
	"syscall"
	"unsafe"
)

func main() {
	if len(os.Args) < 2 {
		os.Stderr.WriteString("usage: floor link|addr|route|neigh...\n")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "show", "up":
		if len(os.Args) != 3 {
			os.Stderr.WriteString("usage: floor show|up NAME\n")
			os.Exit(2)
		}
		ask(os.Args[1] == "up", os.Args[2])
		return
	case "netns":
		readNetns()
		return
	}
	for _, object := range os.Args[1:] {
		dump(request(object))
	}
}

// ask sends one request about the link named name and reads its one
// answer: RTM_GETLINK, whose reply's size it writes, or RTM_NEWLINK
// setting the link up, acknowledged.
func ask(up bool, name string) {
	fd := open()
	body := make([]byte, syscall.SizeofIfInfomsg, syscall.SizeofIfInfomsg+24)
	typ, flags := uint16(syscall.RTM_GETLINK), uint16(syscall.NLM_F_REQUEST)
	if up {
		typ, flags = syscall.RTM_NEWLINK, syscall.NLM_F_REQUEST|syscall.NLM_F_ACK
		binary.NativeEndian.PutUint32(body[8:], syscall.IFF_UP)  // ifi_flags
		binary.NativeEndian.PutUint32(body[12:], syscall.IFF_UP) // ifi_change
	}
	attr := make([]byte, (syscall.SizeofRtAttr+len(name)+1+3)&^3)
	binary.NativeEndian.PutUint16(attr, uint16(syscall.SizeofRtAttr+len(name)+1))
	binary.NativeEndian.PutUint16(attr[2:], syscall.IFLA_IFNAME)
	copy(attr[syscall.SizeofRtAttr:], name)
	send(fd, message(typ, flags, append(body, attr...)))
	var buf [4096]byte
	n, err := syscall.Read(fd, buf[:])
	if err != nil || n < syscall.NLMSG_HDRLEN+4 {
		fail("no answer")
	}
	if binary.NativeEndian.Uint16(buf[4:]) == syscall.NLMSG_ERROR && binary.NativeEndian.Uint32(buf[syscall.NLMSG_HDRLEN:]) != 0 {
		fail("the kernel refused the request")
	}
	if !up {
		os.Stdout.WriteString(itoa(n) + " bytes\n")
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

func fail(why string) {
	os.Stderr.WriteString("floor: " + why + "\n")
	os.Exit(1)
}

func open() int {
	fd, err := syscall.Socket(syscall.AF_NETLINK, syscall.SOCK_RAW|syscall.SOCK_CLOEXEC, syscall.NETLINK_ROUTE)
	if err != nil {
		fail(err.Error())
	}
	return fd
}

func send(fd int, req []byte) {
	if err := syscall.Sendto(fd, req, 0, &syscall.SockaddrNetlink{Family: syscall.AF_NETLINK}); err != nil {
		fail(err.Error())
	}
}

// message puts a netlink header before body.
func message(typ, flags uint16, body []byte) []byte {
	b := make([]byte, syscall.NLMSG_HDRLEN, syscall.NLMSG_HDRLEN+len(body))
	binary.NativeEndian.PutUint32(b, uint32(syscall.NLMSG_HDRLEN+len(body)))
	binary.NativeEndian.PutUint16(b[4:], typ)
	binary.NativeEndian.PutUint16(b[6:], flags)
	binary.NativeEndian.PutUint32(b[8:], 1)
	return append(b, body...)
}

// dump sends a dump request and reads the answer to its end.
func dump(req []byte) {
	fd := open()
	defer syscall.Close(fd)
	send(fd, req)
	buf := make([]byte, 64<<10)
	for {
		n, _, errno := syscall.RawSyscall6(syscall.SYS_RECVFROM, uintptr(fd), uintptr(unsafe.Pointer(&buf[0])),
			uintptr(len(buf)), 0, 0, 0)
		if errno != 0 {
			fail(errno.Error())
		}
		for b := buf[:n]; len(b) >= syscall.NLMSG_HDRLEN; {
			length := int(binary.NativeEndian.Uint32(b))
			switch binary.NativeEndian.Uint16(b[4:]) {
			case syscall.NLMSG_DONE, syscall.NLMSG_ERROR:
				return
			}
			if length < syscall.NLMSG_HDRLEN || length > len(b) {
				fail("a malformed message")
			}
			b = b[min((length+3)&^3, len(b)):]
		}
	}
}

// request is the dump request for an object, as nsip sends it: links of
// every kind without their statistics, addresses and neighbours of every
// family, the IPv4 routes.
func request(object string) []byte {
	var typ uint16
	var body []byte
	switch object {
	case "link":
		typ = syscall.RTM_GETLINK
		body = make([]byte, syscall.SizeofIfInfomsg+8)
		body[0] = syscall.AF_PACKET
		// IFLA_EXT_MASK: RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS.
		binary.NativeEndian.PutUint16(body[16:], 8)
		binary.NativeEndian.PutUint16(body[18:], 29)
		binary.NativeEndian.PutUint32(body[20:], 1|8)
	case "addr":
		typ, body = syscall.RTM_GETADDR, make([]byte, syscall.SizeofIfAddrmsg)
	case "route":
		typ, body = syscall.RTM_GETROUTE, make([]byte, syscall.SizeofRtMsg)
		body[0] = syscall.AF_INET
	case "neigh":
		typ, body = syscall.RTM_GETNEIGH, make([]byte, 12)
	default:
		os.Stderr.WriteString("floor: no such object: " + object + "\n")
		os.Exit(2)
	}
	return message(typ, syscall.NLM_F_REQUEST|syscall.NLM_F_DUMP, body)
}
