// Command nsip does the jobs of iproute2's ip (netns, link, address,
// route) and util-linux's lsns, unshare and nsenter in one static binary,
// with the same grammar, output and exit statuses.
package main

import (
	"golang.org/x/sys/unix"

	"nsip/internal/cli"
	"nsip/internal/ip"
	"nsip/internal/ul"
)

func main() {
	unix.Exit(run(cli.CommandLine()))
}

// run picks the tool by the name nsip was started as: a link named ip
// (or anything else) behaves as ip. The tools end with cli.Fail from
// wherever they are; run turns that into the exit status.
func run(argv []string) (status int) {
	defer cli.Recover(&status)
	name := cli.ProgramName(argv[0])
	if name == "nsip" && len(argv) > 1 {
		// nsip's own name also reaches the tools beside ip.
		if tool := ul.Tool(argv[1]); tool != nil {
			return tool(argv[1:])
		}
	}
	if tool := ul.Tool(name); tool != nil {
		return tool(argv)
	}
	return ip.Main(name, argv[1:])
}
