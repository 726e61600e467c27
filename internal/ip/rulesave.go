package ip

import (
	"nsip/internal/cli"
)

// ip rule save and restore (in ipRule) use the dump file of ip address and ip route
// (dumpfile.go), with a magic of their own.
var ruleDumpFile = dumpFile{0x71706986, "rule"}

// saveRules is ip rule save: the magic, then every rule of the family as
// the kernel sent it, for ip rule restore.
func (s *session) saveRules(a args) int {
	if !a.empty() {
		return failure("\"ip rule save\" does not take any arguments.\n")
	}
	if !ruleDumpFile.startSave() {
		return cli.StatusFailure
	}
	// With -json, ip's empty JSON array comes after the stream: it waits
	// in a buffer, as in ip's stdio.
	s.out.Begin()
	rules, ok := s.dump(ruleDumpRequest(s.family))
	if !ok {
		return statusUsage
	}
	for _, m := range rules {
		if !saveMessage(m) {
			cli.Stderr("Dump terminated\n")
			return statusUsage
		}
	}
	s.out.End()
	return 0
}
