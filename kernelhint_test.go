package main

import (
	"testing"

	"golang.org/x/sys/unix"

	"nsip/internal/cli"
	"nsip/nl"
	"nsip/ns"
)

func TestNamespaceSupportHint(t *testing.T) {
	// A /proc of a kernel without network or time namespaces.
	procWithout := func(missing ...string) func(string) bool {
		return func(path string) bool {
			for _, m := range missing {
				if path == "/proc/self/ns/"+m {
					return false
				}
			}
			return true
		}
	}
	noProc := func(string) bool { return false }
	tests := []struct {
		name   string
		flags  int
		err    error
		exists func(string) bool
		want   string
	}{
		{"no network namespaces", unix.CLONE_NEWNET, unix.EINVAL, procWithout("net"),
			"the kernel has no network namespaces: it was built without CONFIG_NET_NS"},
		{"through ns.Error", unix.CLONE_NEWNET, &ns.Error{Op: "unshare", Err: unix.EINVAL}, procWithout("net"),
			"the kernel has no network namespaces: it was built without CONFIG_NET_NS"},
		{"the missing one of several", unix.CLONE_NEWNET | unix.CLONE_NEWTIME, unix.EINVAL, procWithout("time"),
			"the kernel has no time namespaces: it was built without CONFIG_TIME_NS"},
		{"the kernel has them", unix.CLONE_NEWNET, unix.EINVAL, procWithout(), ""},
		{"another error", unix.CLONE_NEWNET, unix.EPERM, procWithout("net"), ""},
		{"no /proc to tell", unix.CLONE_NEWNET, unix.EINVAL, noProc, ""},
	}
	for _, tt := range tests {
		if got := cli.NamespaceHint(tt.flags, tt.err, tt.exists); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestLinkKindHint(t *testing.T) {
	unknown := &nl.OpError{Errno: unix.EOPNOTSUPP, Message: "Unknown device type"}
	tests := []struct {
		name, kind string
		err        error
		want       string
	}{
		{"veth", "veth", unknown,
			"the kernel has no veth links: load the veth module (modprobe veth) or build the kernel with CONFIG_VETH"},
		{"vlan's module has another name", "vlan", unknown,
			"the kernel has no vlan links: load the 8021q module (modprobe 8021q) or build the kernel with CONFIG_VLAN_8021Q"},
		{"bridge", "bridge", unknown,
			"the kernel has no bridge links: load the bridge module (modprobe bridge) or build the kernel with CONFIG_BRIDGE"},
		{"an option the kind refuses, without an extended ack", "bridge", &nl.OpError{Errno: unix.EOPNOTSUPP}, ""},
		{"a kind no kernel has", "foo", unknown, ""},
		{"another refusal", "veth", &nl.OpError{Errno: unix.EOPNOTSUPP, Message: "Operation not supported for this kind"}, ""},
		{"another error", "veth", &nl.OpError{Errno: unix.EEXIST}, ""},
		{"no kind", "", unknown, ""},
	}
	for _, tt := range tests {
		if got := linkKindHint(tt.kind, tt.err); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
