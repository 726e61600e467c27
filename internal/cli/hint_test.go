package cli

import (
	"testing"

	"nsip/internal/unix"
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
		if got := NamespaceHint(tt.flags, tt.err, tt.exists); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
