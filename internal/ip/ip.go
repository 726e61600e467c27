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
		switch wordIndex(opt, ipOptions) {
		case optLoops:
			optionValue(&a)
		case optFamily:
			family := optionValue(&a)
			if family == "help" {
				ipUsage()
			}
			if s.family = familyID(family); s.family == unix.AF_UNSPEC {
				invarg("invalid protocol family", family)
			}
		case optHuman, optHumanReadable:
			s.human = true
		case optIEC:
			s.iec = true
		case optStats, optStatistics:
			s.stats++
		case optDetails:
			s.details++
		case optResolve:
			s.resolve = true
		case optOneline:
			s.oneline = true
		case optTimestamp:
			s.timestamp = true
		case optTshort:
			s.timestamp, s.tshort = true, true
		case optVersion:
			cli.Stdout.WriteString("ip utility, iproute2-6.1.0, nsip " + cli.Version + "\n")
			cli.Fail(0)
		case optForce:
			s.force = true
		case optBatch:
			file := optionValue(&a)
			batchFile = &file
		case optBrief:
			s.brief = true
		case optJSON:
			s.json = true
		case optPretty:
			s.pretty = true
		case optRcvbuf:
			size := optionValue(&a)
			if _, ok := getU32(size, 0); !ok {
				cli.Stderr("Invalid rcvbuf size '", size, "'\n")
				cli.Fail(statusUsage)
			}
		case optHelp:
			ipUsage()
		case optNetns:
			if len(a) < 2 {
				// ip passes on the missing name as a null pointer.
				fatal(statusUsage, "Cannot open network namespace \"(null)\": No such file or directory\n")
			}
			a.skip()
			s.enterNetns(a.cur())
		case optNumeric:
			numeric = true
		case optAll:
			s.all = true
		default:
			// Neither these nor -color abbreviate any other option, so
			// they need no place in ip's order.
			switch opt {
			case "-4":
				s.family = unix.AF_INET
			case "-6":
				s.family = unix.AF_INET6
			case "-0":
				s.family = unix.AF_PACKET
			case "-M":
				s.family = unix.AF_MPLS
			case "-B":
				s.family = unix.AF_BRIDGE
			case "-echo":
				s.echo = true
			default:
				if !isColorOption(opt, &s.color) {
					cli.Stderr(`Option "`, opt, `" is unknown, try "`, program, " -help\".\n")
					cli.Fail(statusUsage)
				}
			}
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
		if status, known := s.runObject(name[2:], a); known && status != cli.StatusFailure {
			return status
		}
	}
	if a.empty() {
		ipUsage()
	}
	return s.command(a)
}

// ipOptions are ip's options that may be abbreviated, in ip's order,
// which decides what an abbreviation means: -b is -batch, -f is -family.
// The opt constants number them for wordIndex.
const ipOptions = "-loops -family -human -human-readable -iec -stats -statistics -details -resolve -oneline " +
	"-timestamp -tshort -Version -force -batch -brief -json -pretty -rcvbuf -help -netns -Numeric -all "

const (
	optLoops = iota
	optFamily
	optHuman
	optHumanReadable
	optIEC
	optStats
	optStatistics
	optDetails
	optResolve
	optOneline
	optTimestamp
	optTshort
	optVersion
	optForce
	optBatch
	optBrief
	optJSON
	optPretty
	optRcvbuf
	optHelp
	optNetns
	optNumeric
	optAll
)

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
	// A link looked up by an earlier command of a batch may have changed.
	s.links.fetched = nl.Message{}
	status, known := s.runObject(argv[0], argv[1:])
	if !known {
		cli.Stderr(`Object "`, argv[0], `" is unknown, try "`, program, " help\".\n")
		return cli.StatusFailure
	}
	return status
}

// ipObjects are ip's objects in ip's order, which settles abbreviations:
// "n" is neighbor, not netns. The obj constants number those nsip has for
// wordIndex; the others are not implemented.
const ipObjects = "address addrlabel maddress route rule neighbor neighbour ntable ntbl link " +
	"l2tp fou ila macsec tunnel tunl tuntap tap token tcpmetrics tcp_metrics monitor " +
	"xfrm mroute mrule netns netconf vrf sr nexthop mptcp ioam help stats "

const (
	objAddress                = 0
	objRoute                  = 3
	objRule                   = 4
	objNeighbor, objNeighbour = 5, 6
	objLink                   = 9
	objTuntap, objTap         = 16, 17
	objMonitor                = 21
	objNetns                  = 25
	objHelp                   = 32
)

// runObject runs the object word names or abbreviates on the words after
// it; known is false when no object has such a name.
func (s *session) runObject(word string, a args) (status int, known bool) {
	switch wordIndex(word, ipObjects) {
	case -1:
		return 0, false
	case objAddress:
		return s.ipAddress(a), true
	case objRoute:
		return s.ipRoute(a), true
	case objRule:
		return s.ipRule(a), true
	case objNeighbor, objNeighbour:
		return s.ipNeigh(a), true
	case objLink:
		return s.ipLink(a), true
	case objTuntap, objTap:
		return s.ipTuntap(a), true
	case objMonitor:
		return s.ipMonitor(a), true
	case objNetns:
		return s.ipNetns(a), true
	case objHelp:
		ipUsage()
	}
	return notImplemented("ip " + word), true
}

// itoa and utoa are strconv.Itoa and strconv.FormatUint(n, 10), called
// once here instead of inlined at every printer and message that needs one.
//
//go:noinline
func itoa(n int) string { return strconv.Itoa(n) }

//go:noinline
func utoa(n uint64) string { return strconv.FormatUint(n, 10) }
