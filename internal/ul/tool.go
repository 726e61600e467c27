// Package ul is what nsip does as util-linux 2.38's lsns, unshare and
// nsenter, with their grammar, output, messages and exit statuses, and
// nsip's own commands, nsip ns and nsip sandbox.
package ul

// Tool finds the util-linux tool nsip stands in for under name, and
// nsip's own commands, ns and sandbox.
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
	case "sandbox", sandboxInit:
		return sandboxMain
	}
	return nil
}
