// Command nsip does the jobs of iproute2's ip (netns, link, address,
// route) and util-linux's lsns, unshare and nsenter in one static binary,
// with the same grammar, output and exit statuses.
package main

import (
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"nsip/nl"
	"nsip/ns"
)

// version is what -Version reports next to the iproute2 release nsip
// follows.
const version = "0.1.0"

func main() {
	unix.Exit(run(commandLine()))
}

// run picks the tool by the name nsip was started as: a link named ip
// (or anything else) behaves as ip.
func run(argv []string) (status int) {
	name := argv[0]
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	s := &ipSession{}
	defer func() {
		if r := recover(); r != nil {
			code, ok := r.(exitStatus)
			if !ok {
				panic(r)
			}
			status = int(code)
		}
		if s.out != nil {
			s.out.Flush()
		}
	}()
	if name == "nsip" && len(argv) > 1 {
		// nsip's own name also reaches the tools beside ip.
		if tool := utilTool(argv[1]); tool != nil {
			return tool(argv[1:])
		}
	}
	if tool := utilTool(name); tool != nil {
		return tool(argv)
	}
	return s.main(name, argv[1:])
}

// utilTool finds the util-linux tool nsip stands in for under name, and
// nsip's own namespace command.
func utilTool(name string) func(argv []string) int {
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

// main is ip's main: global options, then the object.
func (s *ipSession) main(name string, argv []string) int {
	var batchFile *string // nil: no -batch
options:
	for len(argv) > 0 {
		opt := argv[0]
		switch {
		case opt == "--":
			argv = argv[1:]
			break options
		case opt == "" || opt[0] != '-':
			break options
		case len(opt) > 1 && opt[1] == '-':
			opt = opt[1:]
		}
		// The order of the cases decides what an abbreviation means, as
		// in ip: -b is -batch, -f is -family.
		switch {
		case matches(opt, "-loops"):
			argv = optionValue(argv)
		case matches(opt, "-family"):
			argv = optionValue(argv)
			if argv[0] == "help" {
				ipUsage()
			}
			if s.family = familyID(argv[0]); s.family == unix.AF_UNSPEC {
				invarg("invalid protocol family", argv[0])
			}
			s.checkFamily()
		case opt == "-4":
			s.family = unix.AF_INET
		case opt == "-6":
			s.family = unix.AF_INET6
		case opt == "-0":
			s.family = unix.AF_PACKET
		case opt == "-M", opt == "-B":
			unsupportedOption(opt)
		case matches(opt, "-human"), matches(opt, "-human-readable"), matches(opt, "-iec"):
			// They change how statistics print, and nsip prints none.
		case matches(opt, "-stats"), matches(opt, "-statistics"), matches(opt, "-details"),
			matches(opt, "-resolve"):
			unsupportedOption(opt)
		case matches(opt, "-oneline"):
			s.oneline = true
		case matches(opt, "-timestamp"), matches(opt, "-tshort"):
			// They only stamp `ip monitor` events.
		case matches(opt, "-Version"):
			stdoutFile.WriteString("ip utility, iproute2-6.1.0, nsip " + version + "\n")
			fail(0)
		case matches(opt, "-force"):
			s.force = true
		case matches(opt, "-batch"):
			argv = optionValue(argv)
			batchFile = &argv[0]
		case matches(opt, "-brief"):
			s.brief = true
		case matches(opt, "-json"):
			s.json = true
		case matches(opt, "-pretty"):
			s.pretty = true
		case matches(opt, "-rcvbuf"):
			argv = optionValue(argv)
			if _, ok := getU32(argv[0], 0); !ok {
				stderr("Invalid rcvbuf size '", argv[0], "'\n")
				fail(statusUsage)
			}
		case isColorOption(opt):
			unsupportedOption(opt)
		case matches(opt, "-help"):
			ipUsage()
		case matches(opt, "-netns"):
			if len(argv) < 2 {
				// ip passes on the missing name as a null pointer.
				stderr(`Cannot open network namespace "(null)": No such file or directory`, "\n")
				fail(statusUsage)
			}
			argv = argv[1:]
			s.enterNetns(argv[0])
		case matches(opt, "-Numeric"):
			numeric = true
		case matches(opt, "-all"):
			s.all = true
		case opt == "-echo":
			unsupportedOption(opt)
		default:
			stderr(`Option "`, opt, `" is unknown, try "ip -help".`, "\n")
			fail(statusUsage)
		}
		argv = argv[1:]
	}

	s.out = NewPrinter(stdoutFile, s.json, s.pretty, s.oneline)
	if batchFile != nil {
		return s.batch(*batchFile)
	}
	if s.conn == nil {
		s.dial()
	}
	if len(name) > 2 {
		// ip run as ipaddr, iproute and the like: the rest names the object.
		if cmd := ipObject(name[2:]); cmd != nil {
			if status := cmd(s, argv); status != statusFailure {
				return status
			}
		}
	}
	if len(argv) == 0 {
		ipUsage()
	}
	return s.command(argv)
}

// optionValue moves to an option's value, which must be there.
func optionValue(argv []string) []string {
	if len(argv) < 2 {
		ipUsage()
	}
	return argv[1:]
}

// checkFamily refuses the families ip knows but nsip has no commands for.
func (s *ipSession) checkFamily() {
	if s.family == unix.AF_MPLS || s.family == unix.AF_BRIDGE {
		unsupportedOption("-family " + familyName(s.family))
	}
}

// isColorOption is ip's -color[=always|auto|never].
func isColorOption(opt string) bool {
	name, value, _ := strings.Cut(opt, "=")
	if !matches(name, "-color") {
		return false
	}
	switch value {
	case "", "always", "auto", "never":
		return true
	}
	return false
}

func unsupportedOption(opt string) {
	stderr(`nsip: option "`, opt, `" is not supported yet`, "\n")
	fail(statusUsage)
}

// dial opens the session's rtnetlink socket in nsip's own namespace.
func (s *ipSession) dial() {
	conn, err := nl.Dial()
	if err != nil {
		stderr("Cannot open netlink socket: ", strerror(err), "\n")
		fail(statusFailure)
	}
	s.useConn(conn)
}

func (s *ipSession) useConn(conn *nl.Conn) {
	if s.conn != nil {
		s.conn.Close()
	}
	conn.Warn = warn
	s.conn = conn
	s.links = newLinkCache(conn)
	s.nsidNames, s.nsidNamesLoaded = nil, false
}

// enterNetns is -netns NAME. Where ip moves itself into the namespace,
// nsip opens its socket there from a throwaway thread and stays put.
func (s *ipSession) enterNetns(name string) {
	var conn *nl.Conn
	err := ns.Do(netnsRunDir+"/"+name, unix.CLONE_NEWNET, func() error {
		var err error
		conn, err = nl.Dial()
		return err
	})
	nsErr, isNsErr := err.(*ns.Error)
	switch {
	case isNsErr && nsErr.Op == "open":
		stderr(`Cannot open network namespace "`, name, `": `, strerror(err), "\n")
		fail(statusUsage)
	case isNsErr:
		stderr(`setting the network namespace "`, name, `" failed: `, strerror(err), "\n")
		fail(statusUsage)
	case err != nil:
		stderr("Cannot open netlink socket: ", strerror(err), "\n")
		fail(statusFailure)
	}
	s.useConn(conn)
	s.netnsPath = netnsRunDir + "/" + name
}

// command runs one `OBJECT COMMAND...` line.
func (s *ipSession) command(argv []string) int {
	cmd := ipObject(argv[0])
	if cmd == nil {
		stderr(`Object "`, argv[0], `" is unknown, try "ip help".`, "\n")
		return statusFailure
	}
	return cmd(s, argv[1:])
}

// ipObject finds the object a word names or abbreviates. The cases keep
// ip's order, which settles abbreviations: "n" is neighbor, not netns.
func ipObject(word string) func(*ipSession, args) int {
	switch {
	case matches(word, "address"):
		return (*ipSession).ipAddress
	case matches(word, "addrlabel"), matches(word, "maddress"):
	case matches(word, "route"):
		return (*ipSession).ipRoute
	case matches(word, "rule"), matches(word, "neighbor"), matches(word, "neighbour"),
		matches(word, "ntable"), matches(word, "ntbl"):
	case matches(word, "link"):
		return (*ipSession).ipLink
	case matches(word, "l2tp"), matches(word, "fou"), matches(word, "ila"), matches(word, "macsec"),
		matches(word, "tunnel"), matches(word, "tunl"), matches(word, "tuntap"), matches(word, "tap"),
		matches(word, "token"), matches(word, "tcpmetrics"), matches(word, "tcp_metrics"),
		matches(word, "monitor"), matches(word, "xfrm"), matches(word, "mroute"), matches(word, "mrule"):
	case matches(word, "netns"):
		return (*ipSession).ipNetns
	case matches(word, "netconf"), matches(word, "vrf"), matches(word, "sr"),
		matches(word, "nexthop"), matches(word, "mptcp"), matches(word, "ioam"):
	case matches(word, "help"):
		return func(*ipSession, args) int { ipUsage(); return 0 }
	case matches(word, "stats"):
	default:
		return nil
	}
	return func(_ *ipSession, a args) int { return notImplemented("ip " + word) }
}

// itoa is strconv.Itoa, short for the error messages that need it.
func itoa(n int) string { return strconv.Itoa(n) }
