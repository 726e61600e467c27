package ip

import (
	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/internal/unix"
	"nsip/nl"
)

// kindParser reads the options after "type KIND" into IFLA_INFO_DATA. It
// returns a non-zero exit status on bad input, having said why.
type kindParser func(s *session, a args, req *linkRequest) int

// dataPrinter prints a kind's IFLA_INFO_DATA, or a port kind's
// IFLA_INFO_SLAVE_DATA: iproute2 6.1's link_util print_opt of that kind.
type dataPrinter func(s *session, data nl.Attributes)

// linkKind is a kind iproute2 6.1 knows, with its option parser and its
// printer.
type linkKind struct {
	kind  string
	parse kindParser
	print dataPrinter
}

// linkKinds are the kinds iproute2 6.1 knows, with their option parser
// and their printer. A nil parser is a kind without options of its own:
// ip ignores the words after it. An unknown kind takes none either, and
// ip calls anything after it garbage. A nil printer is a kind iproute2
// prints no data of. A table, not a map: a map is built when nsip
// starts, whatever the command.
var linkKinds = [...]linkKind{
	{"veth", parseVethOptions, nil},
	{"macvlan", parseMacvlanOptions, printMacvlanData}, {"macvtap", parseMacvlanOptions, printMacvlanData},
	{"vlan", parseVlanOptions, printVlanData},
	{"bridge", parseBridgeOptions, printBridgeData}, {"bridge_slave", parseBridgeSlaveOptions, printBridgePortData},
	{"vxlan", parseVxlanOptions, printVxlanData}, {"geneve", parseGeneveOptions, printGeneveData},
	{"bond", parseBondOptions, printBondData}, {"bond_slave", parseBondSlaveOptions, printBondPortData},
	{"ipvlan", parseIpvlanOptions, printIpvlanData}, {"ipvtap", parseIpvlanOptions, printIpvlanData},
	{"vrf", parseVrfOptions, printVrfData}, {"xfrm", parseXfrmOptions, printXfrmData},
	{"ipip", parseIPTunnelOptions, printIPTunnelData}, {"sit", parseIPTunnelOptions, printIPTunnelData},
	{"vti", parseVtiOptions, printVti4Data}, {"vti6", parseVtiOptions, printVti6Data},
	{"ip6tnl", parseIP6TunnelOptions, printIP6TunnelData},
	{"gre", parseGreOptions, printGre4Data}, {"gretap", parseGreOptions, printGre4Data},
	{"erspan", parseGreOptions, printGre4Data},
	{"ip6gre", parseGreOptions, printGre6Data}, {"ip6gretap", parseGreOptions, printGre6Data},
	{"ip6erspan", parseGreOptions, printGre6Data},
	{"dummy", nil, nil}, {"ifb", nil, nil}, {"netdevsim", nil, nil}, {"nlmon", nil, nil}, {"team", nil, nil},
	{"tun", nil, printTunData}, {"vcan", nil, nil}, {"virt_wifi", nil, nil}, {"vrf_slave", nil, printVrfData},
}

// findKind is the row of linkKinds of kind, nil for a kind iproute2 6.1
// does not know.
//
//go:noinline
func findKind(kind string) *linkKind {
	for i := range linkKinds {
		if linkKinds[i].kind == kind {
			return &linkKinds[i]
		}
	}
	return nil
}

// kindOptions finds the option parser of a kind iproute2 6.1 knows.
func kindOptions(kind string) (parse kindParser, known bool) {
	if k := findKind(kind); k != nil {
		return k.parse, true
	}
	return nil, false
}

// kindPrinter is the printer of a kind, nil for one iproute2 prints no
// data of (veth, dummy, wireguard and the like).
func kindPrinter(kind string) dataPrinter {
	if k := findKind(kind); k != nil {
		return k.print
	}
	return nil
}

// kindsWithoutNsipOptions are kinds whose options iproute2 parses and nsip
// does not yet.
var kindsWithoutNsipOptions = []string{"amt", "bareudp", "batadv", "can", "dsa",
	"gtp", "hsr", "ipoib", "macsec", "rmnet",
	"vxcan", "wwan"}

// garbage is ip's complaint about the words after a link's type that it
// cannot take, and the status ip then exits with.
//
//go:noinline
func garbage(word string) int {
	cli.Stderr(`Garbage instead of arguments "`, word, ` ...". Try "`, program, ` link help".`+"\n")
	return cli.StatusFailure
}

// parseKindOptions reads what follows "type KIND ...".
func (s *session) parseKindOptions(kind string, a args, req *linkRequest) int {
	parse, known := kindOptions(kind)
	if !known {
		if indexOf(kindsWithoutNsipOptions, kind) >= 0 {
			return notImplemented("options of link type " + kind)
		}
		if cli.Matches(a[0], "help") {
			linkUsage()
		}
		return garbage(a[0])
	}
	data := uint16(unix.IFLA_INFO_DATA)
	// The port kinds, bond_slave, bridge_slave and vrf_slave, fill the
	// port's data.
	if ascii.HasSuffix(kind, "_slave") {
		data = unix.IFLA_INFO_SLAVE_DATA
	}
	req.kind = kind
	req.attrs.Nest(data)
	// ip ignores the words after a kind that has no options. A parser
	// that ends ip leaves the request unsent: no need to end the nest.
	status := 0
	if parse != nil {
		status = parse(s, a, req)
	}
	req.attrs.End()
	return status
}
