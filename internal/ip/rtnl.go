package ip

import (
	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/internal/output"
	"nsip/internal/unix"
	"nsip/nl"
)

// noCompare, as a struct's first field, takes == away from the struct:
// the compiler then does not build it an equality function nothing calls.
type noCompare [0]func()

// session is one run of `ip`: the global options and the rtnetlink socket
// every command of the run (or of a -batch file) shares.
type session struct {
	family  int // -4, -6, -0, -f
	oneline bool
	brief   bool
	json    bool
	pretty  bool
	force   bool
	all     bool
	details int // -details, as often as given
	// timestamp (-t) stamps each ip monitor event; tshort (-ts) in
	// the short form.
	timestamp, tshort bool
	stats             int  // -s, given once or more
	human             bool // -h: counters scaled with a unit
	iec               bool // -iec: units of 1024
	resolve           bool // -r: addresses as host names
	echo              bool // -echo: print what the kernel made
	color             int  // -color: output.ColorNever, ColorAuto or ColorAlways
	// hosts is /etc/hosts, read when -resolve first needs it.
	hosts *[]byte

	conn  *nl.Conn
	links linkCache
	out   *output.Printer

	// netnsPath is the namespace -netns named; nsip's own threads stay
	// where they are, only its sockets live there.
	netnsPath string
	// inBatch is set while a -batch file runs.
	inBatch bool

	// linkModeStuck is iproute2's static do_link: set by the first ip
	// link show and never cleared.
	linkModeStuck bool

	// nsidNames is ip's netns name cache: the nsids this namespace has
	// for the /run/netns entries, read once when first needed and, as in
	// ip, not refreshed by netns set; netns list-id takes out each entry
	// it prints.
	nsidNames       map[int32]string
	nsidNamesLoaded bool

	// errnoERANGE is C's errno being ERANGE, which ip's reading of rtt
	// values tests without clearing it: an accepted underflow earlier in
	// the run makes a later ULONG_MAX a failure.
	errnoERANGE bool
}

// extackText is how iproute2 shows a kernel extended-ack message: with a
// full stop, added when the kernel's text lacks one.
//
//go:noinline
func extackText(kind, msg string) string {
	if !ascii.HasSuffix(msg, ".") {
		msg += "."
	}
	return kind + ": " + msg + "\n"
}

// warn prints an extended-ack warning that came with a success.
func warn(msg string) { cli.Stderr(extackText("Warning", msg)) }

// reportRequestError prints a refused request as rtnl_talk does: the
// kernel's own message when it sent one, else "RTNETLINK answers". A
// non-empty context adds the perror line iproute2's caller prints.
func (s *session) reportRequestError(err error, context string) {
	if opErr, ok := err.(*nl.OpError); ok {
		if opErr.Message != "" {
			cli.Stderr(extackText("Error", opErr.Message))
		} else {
			errorLine("RTNETLINK answers: ", err)
		}
	}
	if context != "" {
		cli.Stderr(context, ": ", cli.Strerror(err), "\n")
	}
}

// modify sends a change (a family header and attributes) and waits for
// the kernel's answer. A refusal is printed as ip prints it and gives
// ip's exit status for a failed request, 2.
func (s *session) modify(typ nl.HeaderType, flags nl.HeaderFlags, header []byte, ae *nl.AttributeEncoder) int {
	_, err := s.conn.Execute(nl.Message{Header: nl.Header{Type: typ, Flags: flags}, Data: append(header, ae.Encode()...)})
	if err != nil {
		s.reportRequestError(err, "")
		return 2
	}
	return 0
}

// dump runs a dump request and reports failures as rtnl_dump_filter and
// its callers do, ending with "Dump terminated". A dump still inconsistent
// after the retries is used anyway, with iproute2's warning.
func (s *session) dump(req nl.Message) ([]nl.Message, bool) {
	msgs, err := s.conn.Dump(req)
	return msgs, s.dumpUsable(err)
}

// dumpUsable reports a dump's error, if any, and says whether what the
// dump returned can still be used.
func (s *session) dumpUsable(err error) bool {
	if err == nil {
		return true
	}
	if err == nl.ErrDumpInterrupted {
		cli.Stderr("Dump was interrupted and may be inconsistent.\n")
		return true
	}
	opErr, ok := err.(*nl.OpError)
	switch {
	case !ok:
		errorLine("netlink receive error ", err)
	case opErr.Message != "":
		cli.Stderr(extackText("Error", opErr.Message))
	case opErr.Errno == unix.ENOENT, opErr.Errno == unix.EOPNOTSUPP:
	case opErr.Errno == unix.EMSGSIZE:
		cli.Stderr("Error: Buffer too small for object.\n")
	default:
		errorLine("RTNETLINK answers: ", err)
	}
	cli.Stderr("Dump terminated\n")
	return false
}

// failure prints msg and returns the failure status, the end of many of
// ip's commands.
//
//go:noinline
func failure(msg string) int {
	cli.Stderr(msg)
	return cli.StatusFailure
}

// wrongLength is ip's complaint about a message too short for its header:
// n is the message's length less the header's.
//
//go:noinline
func wrongLength(n int) { cli.Stderr("BUG: wrong nlmsg len ", itoa(n), "\n") }

// errorLine prints what and err's text on a line, the shape of many of
// ip's complaints.
//
//go:noinline
func errorLine(what string, err error) { cli.Stderr(what, cli.Strerror(err), "\n") }

// errorLineAbout is errorLine for a complaint that names its subject
// between two pieces of text.
//
//go:noinline
func errorLineAbout(before, subject, after string, err error) {
	cli.Stderr(before, subject, after, cli.Strerror(err), "\n")
}

// notImplemented answers a command nsip does not have yet, rather than
// doing something else than ip would.
//
//go:noinline
func notImplemented(command string) int {
	cli.Stderr("nsip: \"", command, "\" is not implemented yet\n")
	return cli.StatusFailure
}
