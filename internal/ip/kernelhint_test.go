package ip

import (
	"testing"

	"nsip/internal/unix"
	"nsip/nl"
)

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
