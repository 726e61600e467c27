package main

import (
	"golang.org/x/sys/unix"

	"nsip/nl"
	"nsip/ns"
)

// A kernel built without a feature answers tersely: EINVAL from unshare
// for a kind of namespace it lacks, EOPNOTSUPP ("Unknown device type") for
// a kind of link. On the small kernels nsip is made for that is common, so
// after the message the reference tool prints, nsip adds one line naming
// what is missing.

// namespaceWords and namespaceConfigs describe each of ns.Kinds.
var (
	namespaceWords   = [...]string{"mount", "network", "PID", "UTS", "IPC", "user", "cgroup", "time"}
	namespaceConfigs = [...]string{"CONFIG_NAMESPACES", "CONFIG_NET_NS", "CONFIG_PID_NS", "CONFIG_UTS_NS",
		"CONFIG_IPC_NS", "CONFIG_USER_NS", "CONFIG_CGROUPS", "CONFIG_TIME_NS"}
)

// namespaceSupportHint explains an error from unshare or setns for the
// kinds in flags (CLONE_NEW*) when the kernel has no namespaces of one of
// them: its /proc/self/ns file is missing while others are there. exists
// tells whether a path exists.
func namespaceSupportHint(flags int, err error, exists func(string) bool) string {
	if !errnoIs(err, unix.EINVAL) || !exists("/proc/self/ns") {
		return ""
	}
	for kind, name := range ns.Kinds {
		if flags&ns.CloneFlag(kind) != 0 && !exists("/proc/self/ns/"+name) {
			return "the kernel has no " + namespaceWords[kind] + " namespaces: it was built without " +
				namespaceConfigs[kind]
		}
	}
	return ""
}

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
	for _, k := range linkKindSupport {
		if k.kind == kind {
			return "the kernel has no " + kind + " links: load the " + k.module + " module (modprobe " + k.module +
				") or build the kernel with " + k.config
		}
	}
	return ""
}

// printHint prints a hint, if there is one, as nsip's own line.
func printHint(hint string) {
	if hint != "" {
		stderr("nsip: ", hint, "\n")
	}
}

// pathExists is the exists of namespaceSupportHint for the real /proc.
func pathExists(path string) bool { return unix.Access(path, unix.F_OK) == nil }
