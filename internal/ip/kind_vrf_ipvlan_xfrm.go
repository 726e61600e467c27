package ip

import (
	"nsip/internal/cli"
	"nsip/internal/unix"
)

const vrfHelp = "Usage: ... vrf table TABLEID\n"

func parseVrfOptions(s *session, a args, req *linkRequest) int {
	for ; !a.empty(); a.skip() {
		word := a.cur()
		if !cli.Matches(word, "table") {
			return unknownKindOption("vrf", "option", word, vrfHelp)
		}
		req.attrs.Uint32(unix.IFLA_VRF_TABLE, nextArg(&a, tableID, "invalid table ID\n"))
	}
	return 0
}

const ipvlanHelp, ipvlanHelpTail = "Usage: ... ", ` [ mode MODE ] [ FLAGS ]

MODE: l3 | l3s | l2
FLAGS: bridge | private | vepa
(first values are the defaults if nothing is specified).
`

// ipvlan flags (IPVLAN_F_*).
const (
	ipvlanFlagPrivate = 1
	ipvlanFlagVEPA    = 2
)

// parseIpvlanOptions reads ipvlan's and ipvtap's options; only the first
// of bridge, private and vepa counts as a flag, a second is unknown.
func parseIpvlanOptions(s *session, a args, req *linkRequest) int {
	var flags uint16
	flagGiven := false
	for ; !a.empty(); a.skip() {
		word := a.cur()
		switch {
		case cli.Matches(word, "mode"):
			// ipvlanModes name the modes by number (IPVLAN_MODE_*).
			mode := indexOf(ipvlanModes[:], a.next())
			if mode < 0 {
				return failure(`Error: argument of "mode" must be either "l2", "l3" or "l3s"` + "\n")
			}
			req.attrs.Uint16(unix.IFLA_IPVLAN_MODE, uint16(mode))
		case cli.Matches(word, "private") && !flagGiven:
			flags |= ipvlanFlagPrivate
			flagGiven = true
		case cli.Matches(word, "vepa") && !flagGiven:
			flags |= ipvlanFlagVEPA
			flagGiven = true
		case cli.Matches(word, "bridge") && !flagGiven:
			flagGiven = true
		default:
			return unknownKindOption(req.kind, "option", word, ipvlanHelp+req.kind+ipvlanHelpTail)
		}
	}
	req.attrs.Uint16(unix.IFLA_IPVLAN_FLAGS, flags)
	return 0
}

const xfrmHelp = `Usage: ... xfrm dev [ PHYS_DEV ] [ if_id IF-ID ]
		[ external ]

Where: IF-ID := { 0x1..0xffffffff }
`

func parseXfrmOptions(s *session, a args, req *linkRequest) int {
	var link int32
	var ifID uint32
	external := false
	for ; !a.empty(); a.skip() {
		switch word := a.cur(); {
		case cli.Matches(word, "dev"):
			link = int32(s.linkIndex(a.next()))
		case cli.Matches(word, "if_id"):
			arg := a.next()
			var ok bool
			if ifID, ok = getU32(arg, 0); !ok || ifID == 0 {
				invarg("if_id value is invalid", arg)
			}
			req.attrs.Uint32(unix.IFLA_XFRM_IF_ID, ifID)
		case word == "external":
			external = true
		default:
			// xfrm has no help word: anything else prints the usage.
			return failure(xfrmHelp)
		}
	}
	if external {
		if ifID != 0 || link != 0 {
			return failure("xfrmi: both 'external' and if_id/link cannot be specified\n")
		}
		req.attrs.Bytes(unix.IFLA_XFRM_COLLECT_METADATA, nil)
		return 0
	}
	if ifID == 0 {
		fatal(statusUsage, `Error: argument "IF_ID" is required`+"\n")
	}
	if link != 0 {
		req.attrs.Uint32(unix.IFLA_XFRM_LINK, uint32(link))
	}
	return 0
}
