package ip

import (
	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/internal/endian"
	"nsip/internal/unix"
)

// IFLA_VTI_* (linux/if_tunnel.h).
const (
	vtiLink = iota + 1
	vtiIKey
	vtiOKey
	vtiLocal
	vtiRemote
	vtiFwmark
)

const vtiHelp = `		[ local ADDR ]
		[ [i|o]key KEY ]
		[ dev PHYS_DEV ]
		[ fwmark MARK ]

Where:	ADDR := { `

const vtiHelpTail = ` }
	KEY  := { DOTTED_QUAD | NUMBER }
	MARK := { 0x0..0xffffffff }
`

// vtiTunnel is what ip sends for a vti or vti6 tunnel; for a change it
// starts from the tunnel's present settings. Keys are in network order.
type vtiTunnel struct {
	ikey, okey    [4]byte
	local, remote []byte // nil: not sent
	link, fwmark  uint32
}

func parseVtiOptions(s *session, a args, req *linkRequest) int {
	family, size, usageAddr := unix.AF_INET, 4, uint32(usageVtiAddr4)
	if req.kind == "vti6" {
		family, size, usageAddr = unix.AF_INET6, 16, usageVtiAddr6
	}
	t := &vtiTunnel{}
	if !req.create {
		// A change starts from the tunnel's present settings. Like ip,
		// nsip reads only the first byte of the lower link's index.
		data, ok := s.tunnelData(req.ifi.Index)
		t.local = nonZero(existingAddr(data, vtiLocal, size, &ok))
		t.remote = nonZero(existingAddr(data, vtiRemote, size, &ok))
		if !ok {
			return failure("Failed to get existing tunnel info.\n")
		}
		copy(t.ikey[:], data.Bytes(vtiIKey))
		copy(t.okey[:], data.Bytes(vtiOKey))
		t.link, t.fwmark = uint32(data.Uint8(vtiLink)), data.Uint32(vtiFwmark)
	}
	for ; !a.empty(); a.skip() {
		switch word := a.cur(); {
		case cli.Matches(word, "key"):
			t.ikey = tunnelKey("key", a.next())
			t.okey = t.ikey
		case cli.Matches(word, "ikey"):
			t.ikey = tunnelKey("ikey", a.next())
		case cli.Matches(word, "okey"):
			t.okey = tunnelKey("okey", a.next())
		case cli.Matches(word, "remote"):
			t.remote = tunnelAddr(a.next(), family, size)
		case cli.Matches(word, "local"):
			t.local = tunnelAddr(a.next(), family, size)
		case cli.Matches(word, "dev"):
			t.link = s.linkIndex(a.next())
		case word == "fwmark":
			t.fwmark = nextArg(&a, parseU32, "invalid fwmark\n")
		default:
			return tunnelUsage("Usage: ... %-4s\t[ remote ADDR ]\n", req.kind, usageVti|usageAddr|usageVtiTail)
		}
	}
	ae := req.attrs
	ae.Bytes(vtiIKey, t.ikey[:])
	ae.Bytes(vtiOKey, t.okey[:])
	if t.local != nil {
		ae.Bytes(vtiLocal, t.local)
	}
	if t.remote != nil {
		ae.Bytes(vtiRemote, t.remote)
	}
	ae.Uint32(vtiFwmark, t.fwmark)
	if t.link != 0 {
		ae.Uint32(vtiLink, t.link)
	}
	return 0
}

// tunnelAddr is get_addr of a tunnel's endpoint: nil when it is no
// address or all zeros, which ip does not send. p is on the heap: the
// tunnel keeps its bytes.
func tunnelAddr(arg string, family, size int) []byte {
	p := new(inetPrefix)
	p.mustSetAddr(arg, family)
	if !isInetAddr(p) {
		return nil
	}
	return nonZero(p.data[:size])
}

// addr32 is get_addr32: an IPv4 address, else ip ends with status 1.
func addr32(arg string) [4]byte {
	var p inetPrefix
	if !p.setAddr(arg, unix.AF_INET) {
		cli.Stderr(`Error: an IP address is expected rather than "`, arg, "\"\n")
		cli.Fail(cli.StatusFailure)
	}
	return [4]byte(p.data[:4])
}

// tunnelKey is tnl_parse_key: a dotted quad, or a number sent in network
// order.
func tunnelKey(name, arg string) [4]byte {
	var key [4]byte
	if ascii.IndexByte(arg, '.') >= 0 {
		return addr32(arg)
	}
	n, ok := getU32(arg, 0)
	if !ok {
		cli.Stderr(`invalid value for "`, name, `": "`, arg, "\"; it should be an unsigned integer\n")
		cli.Fail(statusUsage)
	}
	endian.Big.PutUint32(key[:], n)
	return key
}
