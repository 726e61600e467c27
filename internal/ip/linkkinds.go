package ip

import (
	"strings"

	"nsip/internal/cli"
	"nsip/internal/unix"
)

// kindParser reads the options after "type KIND" into IFLA_INFO_DATA. It
// returns a non-zero exit status on bad input, having said why.
type kindParser func(s *session, a args, req *linkRequest) int

// kindParsers are the option parsers of the kinds iproute2 6.1 knows. A
// nil parser is a kind without options of its own: ip ignores the words
// after it. An unknown kind takes none either, and ip calls anything
// after it garbage. A table, not a map: a map is built when nsip starts,
// whatever the command.
var kindParsers = []struct {
	kind  string
	parse kindParser
}{
	{"veth", parseVethOptions}, {"macvlan", parseMacvlanOptions}, {"macvtap", parseMacvlanOptions},
	{"vlan", parseVlanOptions}, {"bridge", parseBridgeOptions}, {"bridge_slave", parseBridgeSlaveOptions},
	{"vxlan", parseVxlanOptions}, {"geneve", parseGeneveOptions}, {"bond", parseBondOptions},
	{"bond_slave", parseBondSlaveOptions}, {"ipvlan", parseIpvlanOptions}, {"ipvtap", parseIpvlanOptions},
	{"vrf", parseVrfOptions}, {"xfrm", parseXfrmOptions}, {"ipip", parseIPTunnelOptions}, {"sit", parseIPTunnelOptions},
	{"vti", parseVtiOptions}, {"vti6", parseVtiOptions}, {"ip6tnl", parseIP6TunnelOptions},
	{"gre", parseGreOptions}, {"gretap", parseGreOptions}, {"erspan", parseGreOptions},
	{"ip6gre", parseGreOptions}, {"ip6gretap", parseGreOptions}, {"ip6erspan", parseGreOptions},
	{"dummy", nil}, {"ifb", nil}, {"netdevsim", nil}, {"nlmon", nil}, {"team", nil}, {"tun", nil}, {"vcan", nil},
	{"virt_wifi", nil}, {"vrf_slave", nil},
}

// kindOptions finds the option parser of a kind iproute2 6.1 knows.
//
//go:noinline
func kindOptions(kind string) (parse kindParser, known bool) {
	for _, k := range kindParsers {
		if k.kind == kind {
			return k.parse, true
		}
	}
	return nil, false
}

// kindsWithoutNsipOptions are kinds whose options iproute2 parses and nsip
// does not yet.
var kindsWithoutNsipOptions = []string{"amt", "bareudp", "batadv", "can", "dsa",
	"gtp", "hsr", "ipoib", "macsec", "rmnet",
	"vxcan", "wwan"}

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
		cli.Stderr(`Garbage instead of arguments "`, a[0], ` ...". Try "`, program, ` link help".`, "\n")
		return cli.StatusFailure
	}
	data := uint16(unix.IFLA_INFO_DATA)
	if _, suffix, ok := strings.Cut(kind, "_"); ok && suffix == "slave" {
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
