// Package nsip is what nsip does under its own name rather than as one of
// the tools it stands in for: it says what it is, and it makes the links
// that turn it into those tools.
package nsip

import (
	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/internal/unix"
)

// Tools are the names nsip answers to as another program, in the order
// --install makes their links. The help names them in its text, a constant
// (a test checks the two agree).
var Tools = []string{"ip", "lsns", "unshare", "nsenter"}

// IsHelp tells whether word, nsip's first argument, asks for nsip's help.
// -h stays ip's: it is -human there.
func IsHelp(word string) bool {
	return word == "help" || word == "--help" || word == "-help"
}

// Help prints nsip's help on standard output, for `nsip --help`.
func Help(prog string) int {
	cli.Stdout.WriteString(helpText(prog))
	return 0
}

// Usage is nsip run without arguments: the help, as a usage error.
func Usage(prog string) int {
	cli.Stderr(helpText(prog))
	return 255
}

// helpTemplate is nsip's help with PROG where the name nsip runs under
// goes: one constant and a loop cost the binary less than concatenating
// the name in six places.
const helpTemplate = "nsip " + cli.Version + ": network namespaces, links, addresses and routes in one static binary\n" +
	"\n" +
	"Usage: PROG [ ip-OPTIONS ] OBJECT { COMMAND | help }\n" +
	"       PROG TOOL [ ARGS ]\n" +
	"       PROG --install [ -s ] DIR\n" +
	"       PROG --help\n" +
	"\n" +
	"Run under the name of a tool (a link named ip, lsns, unshare or nsenter),\n" +
	"nsip is that tool. Under its own name it takes the tool as its first word,\n" +
	"and anything else is ip.\n" +
	"\n" +
	"Tools:\n" +
	"  ip        iproute2 6.1's ip: the objects below, with its options, output and errors\n" +
	"  lsns      util-linux 2.38's lsns; also lists namespaces held only by bind mounts,\n" +
	"            threads and open file descriptors\n" +
	"  unshare   util-linux 2.38's unshare\n" +
	"  nsenter   util-linux 2.38's nsenter\n" +
	"  ns        nsip's own: the namespaces of a process, and deleting a persisted one\n" +
	"  sandbox   nsip's own: a command in throwaway network, mount, PID, UTS and IPC\n" +
	"            namespaces (and a user namespace, without root), gone when it ends\n" +
	"\n" +
	"ip objects:\n" +
	"  netns     network namespaces in /run/netns: add, delete, list, exec, set, monitor\n" +
	"  link      network devices: veth pairs, bridges and more; show, add, set, delete\n" +
	"  address   protocol addresses: show, add, change, replace, delete, flush\n" +
	"  route     routing tables: show, add, change, replace, delete, flush, get\n" +
	"  neigh     neighbour (ARP and NDP) entries: show, add, change, replace, delete, flush, get\n" +
	"  rule      routing policy rules: show, add, delete, flush, save, restore\n" +
	"  tuntap    tun and tap devices: add, delete, show\n" +
	"  monitor   netlink events of links, addresses, routes, neighbours, rules, namespaces\n" +
	"\n" +
	"Options:\n" +
	"  --install DIR   make hard links named ip, lsns, unshare and nsenter to nsip in DIR\n" +
	"                  (-s: symbolic links): all of them or none; an existing\n" +
	"                  file is never replaced\n" +
	"  --help          this text; `PROG OBJECT help` and `PROG TOOL --help`\n" +
	"                  describe each object and tool\n" +
	"\n" +
	"See nsip(8).\n"

func helpText(prog string) string {
	text := ""
	for i, part := range ascii.Split(helpTemplate, "PROG") {
		if i > 0 {
			text += prog
		}
		text += part
	}
	return text
}

// Install is `nsip --install [-s] DIR`: a link named after each tool in
// DIR, to the running binary. It makes all of them or none: an existing
// file is an error, never replaced, and the links made before a failure
// are taken back.
func Install(prog string, args []string) int {
	symbolic := false
	if len(args) > 0 && args[0] == "-s" {
		symbolic = true
		args = args[1:]
	}
	if len(args) != 1 || args[0] == "" {
		cli.Stderr("Usage: ", prog, " --install [ -s ] DIR\n")
		return 255
	}
	// The path of the running binary, as /proc/self/exe names it: the
	// target a link must have wherever it is made.
	buf := make([]byte, unix.PathMax)
	n, err := unix.Readlink("/proc/self/exe", buf)
	if err != nil {
		cli.Failure(cli.StatusFailure, prog, err, "cannot find its own binary")
		return 1
	}
	self := string(buf[:n])
	var made []string
	for _, tool := range Tools {
		link := args[0] + "/" + tool
		if symbolic {
			err = unix.Symlink(self, link)
		} else {
			err = unix.Link(self, link)
		}
		if err != nil {
			cli.Failure(cli.StatusFailure, prog, err, link)
			for _, m := range made {
				unix.Unlink(m)
			}
			return 1
		}
		made = append(made, link)
	}
	return 0
}
