package ip

import (
	"io"
	"strconv"

	"nsip/internal/cli"
	"nsip/internal/endian"
	"nsip/internal/help"
	"nsip/internal/output"
	"nsip/internal/unix"
	"nsip/nl"
	"nsip/ns"
)

// monitorObjects are the objects `ip monitor` can be asked for, in ip's
// order, which settles what an abbreviation means: "r" is route, not rule.
// The monitor constants are their bits, 1 << their place here (iproute2's
// IPMON_L*). "stats" must be given whole.
const monitorObjects = "link address route mroute prefix neigh netconf rule nsid nexthop stats "

const (
	monitorLink = 1 << iota
	monitorAddress
	monitorRoute
	monitorMroute
	monitorPrefix
	monitorNeigh
	monitorNetconf
	monitorRule
	monitorNsid
	monitorNexthop
	monitorStats
)

// monitorRequest is a parsed `ip monitor` command line.
type monitorRequest struct {
	_       noCompare
	objects int  // monitor* bits the command named; 0 for all
	label   bool // print [LINK], [ADDR] ... before each event
	allNsid bool // listen to the namespaces that have an nsid here too
	file    *string
	ifindex int32 // dev DEV; 0 for any
}

// parseMonitor reads `ip monitor [all | OBJECTS] [file FILE] [label]
// [all-nsid] [dev DEV]` into r, zero and on the caller's stack.
func (s *session) parseMonitor(a args, r *monitorRequest) {
	for ; !a.empty(); a.skip() {
		word := a.cur()
		switch {
		case cli.Matches(word, "file"):
			file := a.next()
			r.file = &file
			continue
		case cli.Matches(word, "label"):
			r.label = true
			continue
		}
		if i := wordIndex(word, monitorObjects); i >= 0 && (1<<i != monitorStats || word == "stats") {
			r.objects |= 1 << i
			continue
		}
		switch {
		case word == "all":
			r.label = true
		case cli.Matches(word, "all-nsid"):
			r.allNsid = true
		case cli.Matches(word, "help"):
			usage(help.IPMonitor)
		case word == "dev":
			dev := a.next()
			if r.ifindex = s.links.nameToIndex(dev); r.ifindex == 0 {
				invarg("Device does not exist\n", dev)
			}
		default:
			cli.Stderr(`Argument "`, word, "\" is unknown, try \"ip monitor help\".\n")
			cli.Fail(statusUsage)
		}
	}
}

// monitorGroups are the multicast groups of each object; family is the
// -family the group belongs to, AF_UNSPEC for groups of every family.
// The fields are as small as their values: the table is data.
var monitorGroups = [...]struct {
	object uint16
	family uint8
	group  uint8
}{
	{monitorLink, unix.AF_UNSPEC, unix.RTNLGRP_LINK},
	{monitorAddress, unix.AF_INET, unix.RTNLGRP_IPV4_IFADDR},
	{monitorAddress, unix.AF_INET6, unix.RTNLGRP_IPV6_IFADDR},
	{monitorRoute, unix.AF_INET, unix.RTNLGRP_IPV4_ROUTE},
	{monitorRoute, unix.AF_INET6, unix.RTNLGRP_IPV6_ROUTE},
	{monitorRoute, unix.AF_MPLS, unix.RTNLGRP_MPLS_ROUTE},
	{monitorMroute, unix.AF_INET, unix.RTNLGRP_IPV4_MROUTE},
	{monitorMroute, unix.AF_INET6, unix.RTNLGRP_IPV6_MROUTE},
	{monitorPrefix, unix.AF_INET6, unix.RTNLGRP_IPV6_PREFIX},
	{monitorNeigh, unix.AF_UNSPEC, unix.RTNLGRP_NEIGH},
	{monitorNetconf, unix.AF_INET, unix.RTNLGRP_IPV4_NETCONF},
	{monitorNetconf, unix.AF_INET6, unix.RTNLGRP_IPV6_NETCONF},
	{monitorNetconf, unix.AF_MPLS, unix.RTNLGRP_MPLS_NETCONF},
	{monitorRule, unix.AF_INET, unix.RTNLGRP_IPV4_RULE},
	{monitorRule, unix.AF_INET6, unix.RTNLGRP_IPV6_RULE},
	{monitorNsid, unix.AF_UNSPEC, unix.RTNLGRP_NSID},
}

// groups lists the groups a request listens to under -family.
func (r *monitorRequest) groups(family int) []uint32 {
	var groups []uint32
	for i := range monitorGroups {
		g := &monitorGroups[i]
		if r.listens(int(g.object)) && (g.family == unix.AF_UNSPEC || family == unix.AF_UNSPEC || family == int(g.family)) {
			groups = append(groups, uint32(g.group))
		}
	}
	return groups
}

// listens reports whether the command asked for object's events.
//
//go:noinline
func (r *monitorRequest) listens(object int) bool { return r.objects == 0 || r.objects&object != 0 }

// ipMonitor is `ip monitor`: it prints each change the kernel announces,
// or each message of a file rtmon wrote, until killed or the file ends.
// The output is always text: ip never opens JSON for it.
func (s *session) ipMonitor(a args) int {
	r := new(monitorRequest)
	s.parseMonitor(a, r)
	cli.RestoreGC()
	s.out = output.NewPrinter(stdoutOrSIGPIPE{}, false, false, s.oneline)
	if r.file != nil {
		return s.monitorFile(r, *r.file)
	}
	m := s.listen(r)
	// The link cache gets every link, as ip's ll_init_map fills it before
	// it listens: events about links that go later still name them.
	links, ok := s.dump(linkDumpRequest(unix.AF_UNSPEC, &noLinkFilter))
	if !ok {
		cli.Fail(1)
	}
	for _, l := range links {
		s.links.remember(l)
	}
	s.loadNsidNames()
	// The loop runs until a failure; after it, m is closed (no defer).
	status := 0
	for status == 0 {
		b, nsid, err := m.Receive()
		switch {
		case err != nil:
			errno, _ := cli.ErrnoOf(err)
			cli.Stderr("netlink receive error ", cli.Strerror(err), " (", itoa(int(errno)), ")\n")
			if errno != unix.ENOBUFS {
				status = 2
			}
			// With ENOBUFS events were lost; ip says so and goes on.
		case len(b) == 0:
			cli.Stderr("EOF on netlink\n")
			status = 2
		default:
			msgs, err := nl.SplitDatagram(b)
			for _, msg := range msgs {
				if !s.monitorMessage(r, msg, nsid) {
					status = 2
					break
				}
			}
			if status != 0 {
				break
			}
			// A datagram ip's listener would not split cleanly.
			switch e := err.(type) {
			case *nl.MalformedError:
				cli.Stderr("!!!malformed message: len=", itoa(int(e.Length)), "\n")
				status = 1
			case *nl.RemnantError:
				cli.Stderr("!!!Remnant of size ", itoa(e.Size), "\n")
				status = 1
			}
		}
	}
	m.Close()
	return status
}

// stdoutOrSIGPIPE is standard output for events. Once nobody reads it, ip
// dies of SIGPIPE at its next write, and so does nsip.
type stdoutOrSIGPIPE struct{}

func (stdoutOrSIGPIPE) Write(b []byte) (int, error) {
	n, err := cli.Stdout.Write(b)
	if cli.IsErrno(err, unix.EPIPE) {
		cli.DieOfSIGPIPE()
	}
	return n, err
}

// listen opens the monitor socket in the session's namespace, subscribed
// as ip subscribes, and ends ip with its message when it cannot.
func (s *session) listen(r *monitorRequest) *nl.Monitor {
	var m *nl.Monitor
	groups := r.groups(s.family)
	open := func() (err error) {
		m, err = nl.Listen(groups)
		return err
	}
	var err error
	if s.netnsPath != "" {
		err = ns.Do(s.netnsPath, unix.CLONE_NEWNET, open)
	} else {
		err = open()
	}
	if err != nil {
		// ip's perror texts for each step of rtnl_open.
		text := "Cannot open netlink socket: "
		if e, ok := err.(*nl.ListenError); ok && e.Op == "SO_RCVBUF" {
			text = "SO_RCVBUF: "
		} else if ok && e.Op != "socket" {
			text = "Cannot bind netlink socket: "
		}
		errorLine(text, err)
		cli.Fail(1)
	}
	if r.listens(monitorNexthop) && m.Join(unix.RTNLGRP_NEXTHOP) != nil {
		fatal(1, "Failed to add nexthop group to list\n")
	}
	// Kernels without statistics notifications only fail a request that
	// named stats.
	if r.listens(monitorStats) && m.Join(unix.RTNLGRP_STATS) != nil && r.objects&monitorStats != 0 {
		fatal(1, "Failed to add stats group to list\n")
	}
	if r.allNsid {
		if err := m.ListenAllNsid(); err != nil {
			errorLine("NETLINK_LISTEN_ALL_NSID: ", err)
			cli.Fail(1)
		}
	}
	return m
}

// monitorFile prints the messages of a file rtmon wrote. Like ip, it
// stops at the first fault and then fails with status 1.
func (s *session) monitorFile(r *monitorRequest, path string) int {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		errorLine("Cannot fopen: ", err)
		return statusUsage
	}
	f := cli.File(fd)
	messages := nl.NewMessageFile(f)
	status := 0
	for {
		m, err := messages.Next()
		switch e := err.(type) {
		case nil:
			if s.monitorMessage(r, m, nl.NsidCurrent) {
				continue
			}
			status = 1
		case *nl.MalformedError:
			cli.Stderr("!!!malformed message: len=", itoa(int(e.Length)), " @", strconv.FormatInt(e.Offset, 10), "\n")
			status = 1
		default:
			switch {
			case err == io.EOF:
			case err == nl.ErrFileTruncated:
				cli.Stderr("rtnl-from_file: truncated message\n")
				status = 1
			default:
				errorLine("rtnl_from_file: fread: ", err)
				status = 1
			}
		}
		// The one way out of the loop, which closes the file: no defer.
		break
	}
	f.Close()
	return status
}

// hexAndSigned is ip's "0x%08x(%d)".
func hexAndSigned(v uint32) string {
	return "0x" + hex08(v) + "(" + itoa(int(int32(v))) + ")"
}

// monitorMessage prints one message as ip monitor's accept_msg does: the
// headers (time, namespace, label) and then the object, whose printer may
// still leave it out. It returns false for a message that ends ip.
func (s *session) monitorMessage(r *monitorRequest, m nl.Message, nsid int32) bool {
	switch m.Header.Type {
	case unix.RTM_NEWROUTE, unix.RTM_DELROUTE:
		rt, _, err := nl.UnmarshalRtMsg(m.Data)
		if err != nil {
			wrongLength(len(m.Data) - nl.RtMsgLen)
			return false
		}
		switch {
		case rt.Flags&unix.RTM_F_CLONED != 0:
		case rt.Family == rtnlFamilyIPMR || rt.Family == rtnlFamilyIP6MR:
			// [MROUTE]: nsip has no multicast route printer.
		default:
			s.monitorHeaders(r, "[ROUTE]", nsid)
			s.printRoute(m, &routeFilter{oif: uint32(r.ifindex), oifMask: maskIf(r.ifindex != 0)})
		}
	case unix.RTM_NEWLINK, unix.RTM_DELLINK:
		// The link cache is kept as ip monitor's ll_remember_index keeps
		// it. A link it knows keeps its name: ip renames the entry's hash
		// slot but not the name in it, so events after a rename still say
		// the old name.
		var l *cachedLink
		if ifi, _, err := nl.UnmarshalIfInfoMsg(m.Data); err == nil && m.Header.Type == unix.RTM_NEWLINK {
			if l = s.links.lookup(ifi.Index); l != nil {
				l.flags = ifi.Flags
			}
		}
		if l == nil {
			s.links.remember(m)
		}
		s.monitorHeaders(r, "[LINK]", nsid)
		// In a batch, an earlier ip link show leaves ip's do_link set.
		s.printLink(m, &linkFilter{doLink: s.linkModeStuck, oneline: true, group: -1, ifindex: r.ifindex, noQueue: true})
	case unix.RTM_NEWADDR, unix.RTM_DELADDR:
		s.monitorHeaders(r, "[ADDR]", nsid)
		s.printAddress(&m, &linkFilter{oneline: true, group: -1, ifindex: r.ifindex})
	case unix.RTM_NEWNEIGH, unix.RTM_DELNEIGH, unix.RTM_GETNEIGH:
		// ip skips another family before the header.
		if s.family == unix.AF_UNSPEC || len(m.Data) > 0 && int(m.Data[0]) == s.family {
			s.monitorHeaders(r, "[NEIGH]", nsid)
			s.printNeighMessage(m, r.ifindex)
			s.out.Flush()
		}
	case unix.RTM_NEWPREFIX:
		s.monitorHeaders(r, "[PREFIX]", nsid)
		s.printPrefix(&m)
	case unix.RTM_NEWRULE, unix.RTM_DELRULE:
		s.monitorHeaders(r, "[RULE]", nsid)
		s.printRuleMessage(m)
	case nl.TimestampType:
		// rtmon's record of when the next message came: two u32,
		// seconds and microseconds.
		var stamp [8]byte
		copy(stamp[:], m.Data)
		s.out.Text("Timestamp: " + asctime(int64(endian.Native.Uint32(stamp[0:4]))) + " " +
			utoa(uint64(endian.Native.Uint32(stamp[4:8]))) + " us\n")
	case unix.RTM_NEWNETCONF, unix.RTM_DELNETCONF:
		s.monitorHeaders(r, "[NETCONF]", nsid)
		s.printNetconf(&m, r.ifindex)
	case unix.RTM_NEWNSID, unix.RTM_DELNSID:
		s.monitorHeaders(r, "[NSID]", nsid)
		s.printNsid(&m)
	case unix.RTM_NEWNEXTHOP, unix.RTM_DELNEXTHOP, rtmNewNexthopBucket, rtmDelNexthopBucket,
		unix.RTM_NEWADDRLABEL, unix.RTM_DELADDRLABEL, unix.RTM_NEWSTATS:
		// [NEXTHOP], [NEXTHOPBUCKET], [ADDRLABEL], [STATS]: nsip has no
		// printers for these objects.
	case nl.Error, nl.Noop, nl.Done:
	default:
		cli.Stderr("Unknown message: type=", hexAndSigned(uint32(m.Header.Type)), " flags=",
			hexAndSigned(uint32(m.Header.Flags)), " len=", hexAndSigned(m.Header.Length), "\n")
	}
	return true
}

// The multicast routing families of route messages (RTNL_FAMILY_IPMR,
// RTNL_FAMILY_IP6MR).
const (
	rtnlFamilyIPMR  = 128
	rtnlFamilyIP6MR = 129
)

// The nexthop bucket messages (RTM_NEWNEXTHOPBUCKET, RTM_DELNEXTHOPBUCKET).
const (
	rtmNewNexthopBucket = 116
	rtmDelNexthopBucket = 117
)

func maskIf(set bool) uint32 {
	if set {
		return 0xffffffff
	}
	return 0
}

// monitorHeaders prints what goes before each event: the time (-t, -ts),
// the namespace it came from (all-nsid) and the object's label. The time
// is local: "Timestamp: <asctime> N usec" on a line of its own, or with
// -tshort "[YYYY-MM-DDTHH:MM:SS.UUUUUU] " before the event.
func (s *session) monitorHeaders(r *monitorRequest, label string, nsid int32) {
	p := s.out
	if s.timestamp {
		var now unix.Timeval
		unix.Gettimeofday(&now)
		if s.tshort {
			printShortTimestamp(p, int64(now.Sec), int(now.Usec))
		} else {
			p.Text("Timestamp: " + asctime(int64(now.Sec)) + " " + itoa(int(now.Usec)) + " usec\n")
		}
	}
	if r.allNsid {
		if nsid < 0 {
			p.Text("[nsid current]")
		} else {
			p.Text("[nsid " + itoa(int(nsid)) + "]")
		}
	}
	if r.label {
		p.Text(label)
	}
}
