// Command floor is make bench's kernel floor for a listing: a static Go
// program that asks for the links, addresses, IPv4 routes or neighbours
// the way nsip does and reads the answers into one buffer, decoding only
// the message headers and printing nothing. No listing of the same dumps
// can take less: where a target ratio to ip sits below floor's ratio,
// nothing nsip does after the kernel answers can meet it.
//
//	floor OBJECT...    OBJECT: link, addr, route or neigh, dumped in turn
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
	for _, object := range os.Args[1:] {
		dump(request(object))
	}
}

// dump sends a dump request and reads the answer to its end.
func dump(req []byte) {
	fd, err := syscall.Socket(syscall.AF_NETLINK, syscall.SOCK_RAW|syscall.SOCK_CLOEXEC, syscall.NETLINK_ROUTE)
	if err != nil {
		os.Stderr.WriteString("floor: " + err.Error() + "\n")
		os.Exit(1)
	}
	defer syscall.Close(fd)
	if err := syscall.Sendto(fd, req, 0, &syscall.SockaddrNetlink{Family: syscall.AF_NETLINK}); err != nil {
		os.Stderr.WriteString("floor: " + err.Error() + "\n")
		os.Exit(1)
	}
	buf := make([]byte, 64<<10)
	for {
		n, _, errno := syscall.RawSyscall6(syscall.SYS_RECVFROM, uintptr(fd), uintptr(unsafe.Pointer(&buf[0])),
			uintptr(len(buf)), 0, 0, 0)
		if errno != 0 {
			os.Stderr.WriteString("floor: " + errno.Error() + "\n")
			os.Exit(1)
		}
		for b := buf[:n]; len(b) >= syscall.NLMSG_HDRLEN; {
			length := int(binary.NativeEndian.Uint32(b))
			switch binary.NativeEndian.Uint16(b[4:]) {
			case syscall.NLMSG_DONE, syscall.NLMSG_ERROR:
				return
			}
			if length < syscall.NLMSG_HDRLEN || length > len(b) {
				os.Stderr.WriteString("floor: a malformed message\n")
				os.Exit(1)
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
	b := make([]byte, syscall.NLMSG_HDRLEN, syscall.NLMSG_HDRLEN+len(body))
	binary.NativeEndian.PutUint32(b, uint32(syscall.NLMSG_HDRLEN+len(body)))
	binary.NativeEndian.PutUint16(b[4:], typ)
	binary.NativeEndian.PutUint16(b[6:], syscall.NLM_F_REQUEST|syscall.NLM_F_DUMP)
	binary.NativeEndian.PutUint32(b[8:], 1)
	return append(b, body...)
}
