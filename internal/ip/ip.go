package ip

import (
	"strconv"

	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/internal/output"
	"nsip/internal/unix"
	"nsip/nl"
	"nsip/ns"
)

// program is the command that error messages tell the user to ask for
// help: ip, or nsip under the name it was called by.
var program = "ip"

// theSession is the process's one session. A package variable costs no
// type descriptor: one allocated on the heap would bring along *session's,
// with the names of all its ~180 methods (6 KB of binary).
var theSession session

// Main is ip run under name (ip, or ipaddr and the like, which name the
// object) with the arguments after the name, once per process.
func Main(name string, argv []string) int {
	if ascii.HasPrefix(name, "nsip") {
		// Called as nsip, the hints in error messages name nsip: a
		// host without iproute2 has no ip to ask for help.
		program, name = name, "ip"
	}
	s := &theSession
	// Output printed before an exit ip takes from deep inside a command
	// still goes out.
	defer func() {
		if s.out != nil {
			s.out.Flush()
		}
	}()
	return s.main(name, argv)
}

// main is ip's main: global options, then the object.
func (s *session) main(name string, argv []string) int {
	var batchFile *string // nil: no -batch
	// The words stay in memory behind a: as registers, every case below
	// would load them back before the loop goes on.
	a := args(argv)
options:
	for !a.empty() {
		opt := a.cur()
		switch {
		case opt == "--":
			a.skip()
			break options
		case opt == "" || opt[0] != '-':
			break options
		case len(opt) > 1 && opt[1] == '-':
			opt = opt[1:]
		}
		// The order of the cases decides what an abbreviation means, as
		// in ip: -b is -batch, -f is -family.
		switch {
		case cli.Matches(opt, "-loops"):
			optionValue(&a)
		case cli.Matches(opt, "-family"):
			family := optionValue(&a)
			if family == "help" {
				ipUsage()
			}
			if s.family = familyID(family); s.family == unix.AF_UNSPEC {
				invarg("invalid protocol family", family)
			}
		case opt == "-4":
			s.family = unix.AF_INET
		case opt == "-6":
			s.family = unix.AF_INET6
		case opt == "-0":
			s.family = unix.AF_PACKET
		case opt == "-M":
			s.family = unix.AF_MPLS
		case opt == "-B":
			s.family = unix.AF_BRIDGE
		case cli.Matches(opt, "-human"), cli.Matches(opt, "-human-readable"):
			s.human = true
		case cli.Matches(opt, "-iec"):
			s.iec = true
		case cli.Matches(opt, "-stats"), cli.Matches(opt, "-statistics"):
			s.stats++
		case cli.Matches(opt, "-details"):
			s.details++
		case cli.Matches(opt, "-resolve"):
			s.resolve = true
		case cli.Matches(opt, "-oneline"):
			s.oneline = true
		case cli.Matches(opt, "-timestamp"):
			s.timestamp = true
		case cli.Matches(opt, "-tshort"):
			s.timestamp, s.tshort = true, true
		case cli.Matches(opt, "-Version"):
			cli.Stdout.WriteString("ip utility, iproute2-6.1.0, nsip " + cli.Version + "\n")
			cli.Fail(0)
		case cli.Matches(opt, "-force"):
			s.force = true
		case cli.Matches(opt, "-batch"):
			file := optionValue(&a)
			batchFile = &file
		case cli.Matches(opt, "-brief"):
			s.brief = true
		case cli.Matches(opt, "-json"):
			s.json = true
		case cli.Matches(opt, "-pretty"):
			s.pretty = true
		case cli.Matches(opt, "-rcvbuf"):
			size := optionValue(&a)
			if _, ok := getU32(size, 0); !ok {
				cli.Stderr("Invalid rcvbuf size '", size, "'\n")
				cli.Fail(statusUsage)
			}
		case isColorOption(opt, &s.color):
		case cli.Matches(opt, "-help"):
			ipUsage()
		case cli.Matches(opt, "-netns"):
			if len(a) < 2 {
				// ip passes on the missing name as a null pointer.
				fatal(statusUsage, "Cannot open network namespace \"(null)\": No such file or directory\n")
			}
			a.skip()
			s.enterNetns(a.cur())
		case cli.Matches(opt, "-Numeric"):
			numeric = true
		case cli.Matches(opt, "-all"):
			s.all = true
		case opt == "-echo":
			s.echo = true
		default:
			cli.Stderr(`Option "`, opt, `" is unknown, try "`, program, " -help\".\n")
			cli.Fail(statusUsage)
		}
		a.skip()
	}

	s.out = output.NewPrinter(cli.Stdout, s.json, s.pretty, s.oneline)
	s.out.EnableColor(s.color, int(cli.Stdout), cli.Getenv("COLORFGBG"))
	cli.BeforeStderr = s.out.BatchRecords()
	if batchFile != nil {
		return s.batch(*batchFile)
	}
	if s.conn == nil {
		s.dial()
	}
	if len(name) > 2 {
		// ip run as ipaddr, iproute and the like: the rest names the object.
		if cmd := ipObject(name[2:]); cmd != nil {
			if status := cmd(s, a); status != cli.StatusFailure {
				return status
			}
		}
	}
	if a.empty() {
		ipUsage()
	}
	return s.command(a)
}

// optionValue moves to an option's value, which must be there.
//
//go:noinline
func optionValue(a *args) string {
	if len(*a) < 2 {
		ipUsage()
	}
	a.skip()
	return a.cur()
}

// isColorOption is ip's -color[=always|auto|never]; a bare -color is
// always.
func isColorOption(opt string, setting *int) bool {
	name, value, _ := ascii.Cut(opt, "=")
	if !cli.Matches(name, "-color") {
		return false
	}
	switch value {
	case "", "always":
		*setting = output.ColorAlways
	case "auto":
		*setting = output.ColorAuto
	case "never":
		*setting = output.ColorNever
	default:
		return false
	}
	return true
}

func unsupportedOption(opt string) {
	cli.Stderr(`nsip: option "`, opt, "\" is not supported yet\n")
	cli.Fail(statusUsage)
}

// dial opens the session's rtnetlink socket in nsip's own namespace.
func (s *session) dial() {
	conn, err := nl.Dial()
	if err != nil {
		errorLine("Cannot open netlink socket: ", err)
		cli.Fail(cli.StatusFailure)
	}
	s.useConn(conn)
}

func (s *session) useConn(conn *nl.Conn) {
	if s.conn != nil {
		s.conn.Close()
	}
	conn.Warn = warn
	s.conn = conn
	s.links.reset(conn)
	s.nsidNames, s.nsidNamesLoaded = nil, false
}

// enterNetns is -netns NAME. Where ip moves itself into the namespace,
// nsip opens its socket there and stays put.
func (s *session) enterNetns(name string) {
	conn, err := dialIn(netnsFile(name))
	nsErr, isNsErr := err.(*ns.Error)
	switch {
	case isNsErr && nsErr.Op == "open":
		errorLineAbout(`Cannot open network namespace "`, name, `": `, err)
		cli.Fail(statusUsage)
	case isNsErr:
		errorLineAbout(`setting the network namespace "`, name, `" failed: `, err)
		cli.Fail(statusUsage)
	case err != nil:
		errorLine("Cannot open netlink socket: ", err)
		cli.Fail(cli.StatusFailure)
	}
	s.useConn(conn)
	s.netnsPath = netnsFile(name)
}

// command runs one `OBJECT COMMAND...` line.
func (s *session) command(argv []string) int {
	cmd := ipObject(argv[0])
	if cmd == nil {
		cli.Stderr(`Object "`, argv[0], `" is unknown, try "`, program, " help\".\n")
		return cli.StatusFailure
	}
	// A link looked up by an earlier command of a batch may have changed.
	s.links.fetched = nl.Message{}
	return cmd(s, argv[1:])
}

// ipObjects are ip's objects in ip's order, which settles abbreviations:
// "n" is neighbor, not netns. Those without a command are not implemented.
var ipObjects = [...]struct {
	name string
	cmd  func(*session, args) int
}{
	{"address", (*session).ipAddress}, {"addrlabel", nil}, {"maddress", nil},
	{"route", (*session).ipRoute}, {"rule", (*session).ipRule},
	{"neighbor", (*session).ipNeigh}, {"neighbour", (*session).ipNeigh}, {"ntable", nil}, {"ntbl", nil},
	{"link", (*session).ipLink},
	{"l2tp", nil}, {"fou", nil}, {"ila", nil}, {"macsec", nil}, {"tunnel", nil}, {"tunl", nil},
	{"tuntap", (*session).ipTuntap}, {"tap", (*session).ipTuntap},
	{"token", nil}, {"tcpmetrics", nil}, {"tcp_metrics", nil},
	{"monitor", (*session).ipMonitor},
	{"xfrm", nil}, {"mroute", nil}, {"mrule", nil},
	{"netns", (*session).ipNetns},
	{"netconf", nil}, {"vrf", nil}, {"sr", nil}, {"nexthop", nil}, {"mptcp", nil}, {"ioam", nil},
	{"help", func(*session, args) int { ipUsage(); return 0 }},
	{"stats", nil},
}

// ipObject finds the object a word names or abbreviates; nil for none.
func ipObject(word string) func(*session, args) int {
	for _, o := range ipObjects {
		if !cli.Matches(word, o.name) {
			continue
		}
		if o.cmd == nil {
			return func(*session, args) int { return notImplemented("ip " + word) }
		}
		return o.cmd
	}
	return nil
}

// itoa and utoa are strconv.Itoa and strconv.FormatUint(n, 10), called
// once here instead of inlined at every printer and message that needs one.
//
//go:noinline
func itoa(n int) string { return strconv.Itoa(n) }

//go:noinline
func utoa(n uint64) string { return strconv.FormatUint(n, 10) }
