// Package ul is what nsip does as util-linux 2.38's lsns, unshare and
// nsenter, with their grammar, output, messages and exit statuses, and
// nsip's own namespace command, nsip ns.
package ul

// Tool finds the util-linux tool nsip stands in for under name, and
// nsip's own namespace command.
func Tool(name string) func(argv []string) int {
	switch name {
	case "lsns":
		return lsnsMain
	case "unshare", unshareChild:
		return unshareMain
	case "nsenter":
		return nsenterMain
	case "ns":
		return nsMain
	}
	return nil
}
