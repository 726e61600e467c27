package unix

import "nsip/internal/ascii"

// SignalNum is the signal called s ("SIGTERM"), 0 when there is none. It
// knows the names x/sys/unix knows: one per number from 1 to 31.
func SignalNum(s string) Signal {
	name, ok := ascii.CutPrefix(s, "SIG")
	if !ok || name == "" {
		return 0
	}
	for i, n := range ascii.Split(signalNames, " ") {
		if n == name {
			return Signal(i + 1)
		}
	}
	return 0
}
