package ip

import (
	"strconv"

	"nsip/internal/cli"
	"nsip/internal/endian"
	"nsip/internal/output"
	"nsip/internal/unix"
	"nsip/nl"
	"nsip/proc"
)

// ip address save and ip route save write a dump file: a magic number
// (host byte order), then the dump's messages exactly as the kernel sent
// them, headers included. restore sends them back as requests, showdump
// prints them. Both objects share this code; only the magic and what
// they do with each message differ.

type dumpFile struct {
	magic uint32
	// object is "address" or "route", as ip names it when it refuses to
	// read a terminal.
	object string
}

var (
	addressDumpFile = dumpFile{0x47361222, "address"}
	routeDumpFile   = dumpFile{0x45311224, "route"}
)

// maxDumpMessage is the buffer ip reads each message of a dump file into.
const maxDumpMessage = 16384

func isTerminal(fd int) bool {
	_, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	return err == nil
}

// startSave refuses a terminal as standard output and writes the magic.
func (df dumpFile) startSave() bool {
	if isTerminal(int(cli.Stdout)) {
		cli.Stderr("Not sending a binary stream to stdout\n")
		return false
	}
	if _, err := cli.Stdout.Write(endian.Native.AppendUint32(nil, df.magic)); err != nil {
		cli.Stderr("Can't write magic to dump file\n")
		return false
	}
	return true
}

// saveMessage writes one message of the dump as it came.
func saveMessage(m nl.Message) bool {
	_, err := cli.Stdout.Write(m.Marshal())
	return err == nil
}

// dumpInput is standard input, read as far as a command needs it: ip
// reads it with stdio and stops at the first bad message, however much
// follows. What was read is kept for route restore's passes. pos is where
// ip's ftell would say the messages start: -1 when standard input is a
// pipe, which cannot tell.
type dumpInput struct {
	data    []byte // after the magic
	eof     bool   // nothing more to read: the end, or an error, as for fread
	pos     int64
	seekErr error
}

// readDumpInput checks that standard input is not a terminal and starts
// with the magic. It fills in, zero and on the caller's stack: on the
// heap, dumpInput would need a type descriptor.
func (df dumpFile) readDumpInput(in *dumpInput) bool {
	if isTerminal(int(cli.Stdin)) {
		cli.Stderr("Can't restore ", df.object, " dump from a terminal\n")
		return false
	}
	start, seekErr := unix.Seek(int(cli.Stdin), 0, unix.SEEK_CUR)
	in.pos, in.seekErr = -1, seekErr
	in.fill(4)
	// ip's fread of the magic leaves whatever bytes there were in it.
	var magic [4]byte
	elems := copy(magic[:], in.data) / 4
	if got := endian.Native.Uint32(magic[:]); got != df.magic {
		cli.Stderr("Magic mismatch (", itoa(elems), " elems, ", strconv.FormatUint(uint64(got), 16), " magic)\n")
		return false
	}
	in.data = in.data[4:]
	if seekErr == nil {
		in.pos = start + 4
	}
	return true
}

// fill reads standard input until n bytes are in or it ends.
func (in *dumpInput) fill(n int) {
	buf := make([]byte, 16<<10)
	for len(in.data) < n && !in.eof {
		got, err := proc.Read(int(cli.Stdin), buf)
		if err != nil || got <= 0 {
			in.eof = true
		}
		in.data = append(in.data, buf[:max(got, 0)]...)
	}
}

// each hands every message to fn, as rtnl_from_file does, and says
// whether the file was read to its end without fn refusing a message. fn
// gets a pointer to each's own copy of the message, which it may change
// (restore sets a flag): the next message overwrites it.
func (in *dumpInput) each(fn func(*nl.Message) bool) bool {
	var m nl.Message
	for at := 0; ; {
		// The header, then the padded payload its length asks for.
		in.fill(at + nl.HeaderLen)
		if len(in.data) >= at+nl.HeaderLen {
			if n := int32(endian.Native.Uint32(in.data[at:])); n >= nl.HeaderLen && n <= maxDumpMessage {
				in.fill(at + nl.HeaderLen + (int(n)-nl.HeaderLen+3)&^3)
			}
		}
		if at == len(in.data) {
			return true
		}
		rest, complaint := splitDumpMessage(in.data[at:], &m)
		switch {
		case complaint == "":
		case complaint[len(complaint)-1] == '@':
			// ip says where in the file it was: after the header.
			pos := in.pos
			if pos >= 0 {
				pos += int64(at + nl.HeaderLen)
			}
			cli.Stderr(complaint, utoa(uint64(pos)), "\n")
			return false
		default:
			cli.Stderr(complaint)
			return false
		}
		if !fn(&m) {
			return false
		}
		at = len(in.data) - len(rest)
	}
}

// splitDumpMessage takes the first message off a dump file's data into
// m: its header, then its payload padded to four bytes. It returns the
// data after it. A complaint ending in "@" wants the file position after
// it; the others are complete.
func splitDumpMessage(data []byte, m *nl.Message) ([]byte, string) {
	const truncated = "rtnl-from_file: truncated message\n"
	if len(data) < nl.HeaderLen {
		return nil, truncated
	}
	m.Header = nl.Header{
		Length:   endian.Native.Uint32(data[0:4]),
		Type:     nl.HeaderType(endian.Native.Uint16(data[4:6])),
		Flags:    nl.HeaderFlags(endian.Native.Uint16(data[6:8])),
		Sequence: endian.Native.Uint32(data[8:12]),
		PID:      endian.Native.Uint32(data[12:16]),
	}
	length := int32(m.Header.Length) // ip holds it in an int
	if length < nl.HeaderLen || length > maxDumpMessage {
		return nil, "!!!malformed message: len=" + itoa(int(length)) + " @"
	}
	end := nl.HeaderLen + (int(length)-nl.HeaderLen+3)&^3
	if len(data) < end {
		return nil, truncated
	}
	m.Data = data[nl.HeaderLen:length:length]
	return data[end:], ""
}

// restoreMessage sends a saved message back as a request to create what
// it describes. Something that exists already is reported, as ip
// reports it, but restoring goes on.
func (s *session) restoreMessage(m *nl.Message) bool {
	m.Header.Flags |= nl.Create
	if _, err := s.conn.Execute(*m); err != nil {
		s.reportRequestError(err, "")
		return cli.IsErrno(err, unix.EEXIST)
	}
	return true
}

// addressSave is ip address save: every address of the dump, filtered
// only by what the kernel filters by, the family and the device.
func (s *session) addressSave(a args) int {
	f := new(linkFilter)
	_, status := s.parseLinkFilter(a, false, f)
	if status != 0 {
		return status
	}
	if !addressDumpFile.startSave() {
		return cli.StatusFailure
	}
	msgs, err := s.conn.Dump(nl.Message{
		Header: nl.Header{Type: unix.RTM_GETADDR},
		Data:   nl.IfAddrMsg{Family: uint8(s.family), Index: uint32(f.ifindex)}.Marshal(),
	})
	if err != nil {
		s.reportRequestError(err, "")
		return failure("Save terminated\n")
	}
	for _, m := range msgs {
		if !saveMessage(m) {
			return failure("Save terminated\n")
		}
	}
	return 0
}

// restoreDump is ip address restore and ip rule restore: each saved
// message goes back to the kernel as a request to create it.
func (s *session) restoreDump(df dumpFile) int {
	in := new(dumpInput)
	if !df.readDumpInput(in) || !in.each(s.restoreMessage) {
		return statusUsage
	}
	return 0
}

// addressShowdump prints a saved file's addresses, each after the index
// of its link.
func (s *session) addressShowdump() int {
	in := new(dumpInput)
	if !addressDumpFile.readDumpInput(in) {
		return statusUsage
	}
	p := s.out
	p.Begin()
	p.OpenObject("")
	p.OpenJSONArray("addr_info")
	ok := in.each(func(m *nl.Message) bool {
		ifa, _, _ := nl.UnmarshalIfAddrMsg(m.Data)
		p.OpenObject("")
		p.Int("index", "if%d:", int64(int32(ifa.Index)))
		p.NL()
		if (m.Header.Type == unix.RTM_NEWADDR || m.Header.Type == unix.RTM_DELADDR) && len(m.Data) >= nl.IfAddrMsgLen {
			warnDeficit(m.Data, nl.IfAddrMsgLen)
		}
		s.printAddress(m, &noLinkFilter)
		p.CloseObject()
		return true
	})
	p.CloseJSONArray()
	p.CloseObject()
	p.End()
	if !ok {
		return statusUsage
	}
	return 0
}

// routeSave is ip route save SELECTOR: the routes ip route show would
// print. As in ip, the magic goes out before the selector is read.
func (s *session) routeSave(a args) int {
	if !routeDumpFile.startSave() {
		return cli.StatusFailure
	}
	return s.eachListedRoute(a, func(m nl.Message, f *routeFilter) bool {
		r, rest, err := nl.UnmarshalRtMsg(m.Data)
		if err != nil {
			return true
		}
		attrs, _ := nl.ParseAttributes(rest)
		return !s.routeSelected(&r, attrs, routeTable(&r, attrs), f) || saveMessage(m)
	})
}

// routeRestore sends a saved file's routes back in three passes, as ip
// does, so that a route finds what it needs: first routes without a
// gateway whose preferred source is their destination (or who have none),
// then the other routes without a gateway, then those with one. The
// passes read the file again, which must then be seekable.
func (s *session) routeRestore() int {
	in := new(dumpInput)
	if !routeDumpFile.readDumpInput(in) {
		return cli.StatusFailure
	}
	if in.seekErr != nil {
		errorLine("Failed to restore: ftell: ", in.seekErr)
		return cli.StatusFailure
	}
	for pass := 0; pass < 3; pass++ {
		if !in.each(func(m *nl.Message) bool { return routeRestorePass(m.Data) != pass || s.restoreMessage(m) }) {
			return 2
		}
	}
	return 0
}

func routeRestorePass(data []byte) int {
	warnDeficit(data, nl.RtMsgLen)
	_, rest, _ := nl.UnmarshalRtMsg(data)
	attrs, _ := nl.ParseAttributes(rest)
	switch src, dst := attrs.Bytes(unix.RTA_PREFSRC), attrs.Bytes(unix.RTA_DST); {
	case attrs.Has(unix.RTA_GATEWAY):
		return 2
	case src == nil || (dst != nil && string(src) == string(dst)):
		return 0
	}
	return 1
}

// routeShowdump prints a saved file's routes. ip starts no JSON here, so
// even with -json they print as text.
func (s *session) routeShowdump() int {
	in := new(dumpInput)
	if !routeDumpFile.readDumpInput(in) {
		return cli.StatusFailure
	}
	f := &noRouteFilter
	if !in.each(func(m *nl.Message) bool {
		if (m.Header.Type == unix.RTM_NEWROUTE || m.Header.Type == unix.RTM_DELROUTE) && len(m.Data) >= nl.RtMsgLen {
			warnDeficit(m.Data, nl.RtMsgLen)
		}
		s.printRoute(*m, f)
		return true
	}) {
		return 2
	}
	return 0
}

// hex08 is printf's %08x.
func hex08(v uint32) string { return output.FormatText("%08x", strconv.FormatUint(uint64(v), 16)) }

// warnDeficit prints what iproute2's parse_rtattr prints when the
// attributes after a family header of size header do not fill the
// message exactly. Only a hand-made file has such messages. When the
// message is shorter than the header, ip reads its buffer's stale bytes
// as the next attribute's length; nsip says 0, what a fresh buffer holds.
func warnDeficit(data []byte, header int) {
	left := len(data) - header
	at := header
	for left >= 4 {
		n := int(endian.Native.Uint16(data[at:]))
		if n < 4 || n > left {
			break
		}
		n = (n + 3) &^ 3
		left -= n
		at += n
	}
	if left == 0 {
		return
	}
	next := 0
	if at >= 0 && at+2 <= len(data) {
		next = int(endian.Native.Uint16(data[at:]))
	}
	cli.Stderr("!!!Deficit ", itoa(left), ", rta_len=", itoa(next), "\n")
}
