package ip

import (
	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/internal/help"
	"nsip/internal/unix"
)

// macvlan modes and flags (MACVLAN_MODE_*, MACVLAN_FLAG_*).
const (
	macvlanModePassthru  = 8
	macvlanModeSource    = 16
	macvlanFlagNoPromisc = 1
	macvlanFlagNoDst     = 2
)

// macvlanFlagNames are the values of "flag" by their flags: null is 0,
// nopromisc macvlanFlagNoPromisc, nodst macvlanFlagNoDst.
var macvlanFlagNames = [...]string{"null", "nopromisc", "nodst"}

// macvlanModeNames are the modes by bit: mode 1<<i is named
// macvlanModeNames[i].
var macvlanModeNames = [...]string{"private", "vepa", "bridge", "passthru", "source"}

func parseMacvlanOptions(s *session, a args, req *linkRequest) int {
	kind := req.kind
	var mode uint32
	var flags uint16
	hasFlags := false
	for ; !a.empty(); a.skip() {
		switch word := a.cur(); {
		case cli.Matches(word, "mode"):
			arg := a.next()
			bit := indexOf(macvlanModeNames[:], arg)
			if bit < 0 {
				return badArgument("mode", `"private", "vepa", "bridge", "passthru" or "source"`, arg)
			}
			mode = 1 << bit
		case cli.Matches(word, "flag"):
			arg := a.next()
			flag := indexOf(macvlanFlagNames[:], arg)
			if flag < 0 {
				return badArgument("flag", `"nopromisc", "nodst" or "null"`, arg)
			}
			flags |= uint16(flag)
			hasFlags = true
		case cli.Matches(word, "macaddr"):
			// "macaddr { add|del ADDR | set [ADDR...] | flush }": ip prints
			// the usage for an unknown mode; a bad address ends it with
			// status 1.
			mode := indexOf(macaddrModes[:], a.next())
			if mode < 0 {
				return macvlanUsage(kind)
			}
			req.attrs.Uint32(unix.IFLA_MACVLAN_MACADDR_MODE, uint32(mode))
			switch macaddrModes[mode] {
			case "add", "del":
				mac, ok := parseMAC(a.next())
				if !ok {
					cli.Fail(cli.StatusFailure)
				}
				req.attrs.Bytes(unix.IFLA_MACVLAN_MACADDR, mac)
			case "set":
				// The addresses run up to the first word that is not one,
				// which is read again as an option, as C's parser left
				// it: cut at its first colon.
				req.attrs.Nest(unix.IFLA_MACVLAN_MACADDR_DATA)
				for len(a) >= 2 {
					mac, ok := parseMAC(a[1])
					if !ok {
						if colon := ascii.IndexByte(a[1], ':'); colon >= 0 && ascii.IndexByte(a[1], '.') < 0 {
							a[1] = a[1][:colon]
						}
						break
					}
					a.skip()
					req.attrs.Bytes(unix.IFLA_MACVLAN_MACADDR, mac)
				}
				req.attrs.End()
			}
		case cli.Matches(word, "nopromisc"):
			flags |= macvlanFlagNoPromisc
			hasFlags = true
		case cli.Matches(word, "nodst"):
			flags |= macvlanFlagNoDst
			hasFlags = true
		case cli.Matches(word, "bcqueuelen"):
			arg := a.next()
			n, ok := getU32(arg, 0)
			if !ok {
				return badArgument("bcqueuelen", "a positive integer [0-4294967295]", arg)
			}
			req.attrs.Uint32(unix.IFLA_MACVLAN_BC_QUEUE_LEN, n)
		default:
			return unknownKindOption(kind, "option", word, "Usage: ... "+kind+help.Text(help.LinkMacvlan))
		}
	}
	if mode != 0 {
		req.attrs.Uint32(unix.IFLA_MACVLAN_MODE, mode)
	}
	if hasFlags {
		if flags&macvlanFlagNoPromisc != 0 && mode != macvlanModePassthru {
			kindRefusal(kind, "nopromisc flag only valid in passthru mode")
			return macvlanUsage(kind)
		}
		req.attrs.Uint16(unix.IFLA_MACVLAN_FLAGS, flags)
	}
	return 0
}

// macvlanUsage is explain: the usage of kind, status 1. macvlan and
// macvtap share it, so the packed text starts after the kind's name.
//
//go:noinline
func macvlanUsage(kind string) int {
	cli.Stderr("Usage: ... ", kind, help.Text(help.LinkMacvlan))
	return cli.StatusFailure
}

// Ways of changing a source-mode macvlan's list (MACVLAN_MACADDR_*).
var macaddrModes = [...]string{"add", "del", "flush", "set"}

// parseMAC is ll_addr_a2n into a 6-byte buffer: the first six parts are
// read, the rest ignored, and fewer than six fail without a word.
func parseMAC(arg string) ([]byte, bool) {
	if ascii.IndexByte(arg, '.') < 0 {
		// Cut at the sixth colon, if there is one.
		colons := 0
		for i := 0; i < len(arg); i++ {
			if arg[i] == ':' {
				if colons++; colons == 6 {
					arg = arg[:i]
					break
				}
			}
		}
	}
	mac, ok := parseLinkAddr(arg)
	return mac, ok && len(mac) == 6
}
