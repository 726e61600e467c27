// A command runs for milliseconds on a thread or two: the runtime need not
// read the cgroup's CPU limit at start, nor watch it for changes after,
// nor name each of its memory mappings (a prctl per mmap).

//go:debug containermaxprocs=0
//go:debug updatemaxprocs=0
//go:debug decoratemappings=0

// Command nsip does the jobs of iproute2's ip (netns, link, address,
// route) and util-linux's lsns, unshare and nsenter in one static binary,
// with the same grammar, output and exit statuses.
package main

import (
	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/internal/ip"
	"nsip/internal/nsip"
	"nsip/internal/ul"
	"nsip/internal/unix"
)

func main() {
	cli.GrowStack()
	unix.Exit(run(cli.CommandLine()))
}

// run picks the tool by the name nsip was started as: a link named ip
// (or anything else) behaves as ip. The tools end with cli.Fail from
// wherever they are; run turns that into the exit status.
func run(argv []string) (status int) {
	defer cli.Recover(&status)
	cli.DeferGC()
	name := cli.ProgramName(argv[0])
	if tool := toolNamed(name); tool != nil {
		return tool(argv)
	}
	if ascii.HasPrefix(name, "nsip") {
		// nsip-linux-amd64 and the like are nsip too.
		return runAsNsip(name, argv)
	}
	return ip.Main(name, argv[1:])
}

// runAsNsip is nsip under its own name: its help and --install, the tool
// its first word names, and otherwise ip.
func runAsNsip(name string, argv []string) int {
	if len(argv) < 2 {
		return nsip.Usage(name)
	}
	switch word := argv[1]; {
	case nsip.IsHelp(word) && len(argv) == 2:
		return nsip.Help(name)
	case word == "--install":
		return nsip.Install(name, argv[2:])
	case word == "ip":
		return ip.Main(name+" ip", argv[2:])
	}
	if tool := toolNamed(argv[1]); tool != nil {
		return tool(argv[1:])
	}
	return ip.Main(name, argv[1:])
}

// toolNamed is ul.Tool, called out of line: inlined at both calls its
// switch would only grow the binary.
//
//go:noinline
func toolNamed(name string) func(argv []string) int { return ul.Tool(name) }
