package ip

import (
	"nsip/internal/unix"
	"nsip/nl"
)

// A kernel built without a feature answers tersely: EINVAL from unshare
// for a kind of namespace it lacks, EOPNOTSUPP ("Unknown device type") for
// a kind of link. On the small kernels nsip is made for that is common, so
// after the message the reference tool prints, nsip adds one line naming
// what is missing.

// linkKindSupport are the kinds of link whose module and kernel option nsip
// can name.
var linkKindSupport = [...]struct{ kind, module, config string }{
	{"veth", "veth", "CONFIG_VETH"}, {"bridge", "bridge", "CONFIG_BRIDGE"},
	{"macvlan", "macvlan", "CONFIG_MACVLAN"}, {"macvtap", "macvtap", "CONFIG_MACVTAP"},
	{"ipvlan", "ipvlan", "CONFIG_IPVLAN"}, {"ifb", "ifb", "CONFIG_IFB"},
	{"dummy", "dummy", "CONFIG_DUMMY"}, {"vlan", "8021q", "CONFIG_VLAN_8021Q"},
	{"vxlan", "vxlan", "CONFIG_VXLAN"}, {"bond", "bonding", "CONFIG_BONDING"},
	{"vrf", "vrf", "CONFIG_NET_VRF"}, {"gre", "ip_gre", "CONFIG_NET_IPGRE"},
	{"geneve", "geneve", "CONFIG_GENEVE"}, {"wireguard", "wireguard", "CONFIG_WIREGUARD"},
	{"ipvtap", "ipvtap", "CONFIG_IPVTAP"}, {"xfrm", "xfrm_interface", "CONFIG_XFRM_INTERFACE"},
	{"nlmon", "nlmon", "CONFIG_NLMON"},
}

// linkKindHint explains the kernel's refusal to create a link of a kind
// it does not know ("Unknown device type"): its module is not loaded and
// could not be, or the kernel was built without it. Kinds nsip does not
// know of get no hint: a typo is no missing feature.
func linkKindHint(kind string, err error) string {
	opErr, ok := err.(*nl.OpError)
	if !ok || opErr.Errno != unix.EOPNOTSUPP || opErr.Message != "Unknown device type" {
		return ""
	}
	for i := range linkKindSupport {
		k := &linkKindSupport[i]
		if k.kind == kind {
			return "the kernel has no " + kind + " links: load the " + k.module + " module (modprobe " + k.module +
				") or build the kernel with " + k.config
		}
	}
	return ""
}
