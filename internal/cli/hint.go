package cli

import (
	"nsip/internal/unix"
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

// NamespaceHint explains an error from unshare or setns for the
// kinds in flags (CLONE_NEW*) when the kernel has no namespaces of one of
// them: its /proc/self/ns file is missing while others are there. exists
// tells whether a path exists.
func NamespaceHint(flags int, err error, exists func(string) bool) string {
	if !IsErrno(err, unix.EINVAL) || !exists("/proc/self/ns") {
		return ""
	}
	for kind, name := range ns.Kinds[:] {
		if flags&ns.CloneFlag(kind) != 0 && !exists("/proc/self/ns/"+name) {
			return "the kernel has no " + namespaceWords[kind] + " namespaces: it was built without " +
				namespaceConfigs[kind]
		}
	}
	return ""
}

// PrintHint prints a hint, if there is one, as nsip's own line.
//
//go:noinline
func PrintHint(hint string) {
	if hint != "" {
		Stderr("nsip: ", hint, "\n")
	}
}

// PathExists is the exists of NamespaceHint for the real /proc.
func PathExists(path string) bool { return unix.Access(path, unix.F_OK) == nil }
