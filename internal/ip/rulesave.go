package ip

import (
	"bufio"
	"encoding/binary"
	"io"
	"strconv"

	"golang.org/x/sys/unix"

	"nsip/internal/cli"
	"nsip/nl"
)

// ruleDumpMagic starts the stream of ip rule save, in host byte order.
const ruleDumpMagic = 0x71706986

// maxSavedMessage is the largest message ip rule restore reads.
const maxSavedMessage = 16384

func isTerminal(fd int) bool {
	_, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	return err == nil
}

// saveRules is ip rule save: the magic, then every rule of the family as
// the kernel sent it, for ip rule restore.
func (s *session) saveRules(a args) int {
	if !a.empty() {
		cli.Stderr("\"ip rule save\" does not take any arguments.\n")
		return cli.StatusFailure
	}
	if isTerminal(int(cli.Stdout)) {
		cli.Stderr("Not sending a binary stream to stdout\n")
		return cli.StatusFailure
	}
	if _, err := cli.Stdout.Write(binary.NativeEndian.AppendUint32(nil, ruleDumpMagic)); err != nil {
		cli.Stderr("Can't write magic to dump file\n")
		return cli.StatusFailure
	}
	// With -json, ip's empty JSON array comes after the stream: it waits
	// in a buffer, as in ip's stdio.
	s.out.Begin()
	rules, ok := s.dump(ruleDumpRequest(s.family))
	if !ok {
		return statusUsage
	}
	for _, m := range rules {
		if _, err := cli.Stdout.Write(m.Marshal()); err != nil {
			cli.Stderr("Dump terminated\n")
			return statusUsage
		}
	}
	s.out.End()
	return 0
}

// restoreRules is ip rule restore: each saved message goes back to the
// kernel as a request to create it; a rule that exists already is no
// failure, though the kernel's answer is printed.
func (s *session) restoreRules() int {
	if isTerminal(int(cli.Stdin)) {
		cli.Stderr("Can't restore rule dump from a terminal\n")
		return statusUsage
	}
	// ftell's answer in ip's complaint about a malformed message: the
	// position in a file, -1 (as unsigned) on a pipe.
	start, seekErr := unix.Seek(int(cli.Stdin), 0, io.SeekCurrent)
	in := bufio.NewReader(cli.Stdin)
	var magic [4]byte
	n, _ := io.ReadFull(in, magic[:])
	if got := binary.NativeEndian.Uint32(magic[:]); n < 4 || got != ruleDumpMagic {
		elems := "0"
		if n == 4 {
			elems = "1"
		}
		cli.Stderr("Magic mismatch (", elems, " elems, ", strconv.FormatUint(uint64(got), 16), " magic)\n")
		return statusUsage
	}
	offset := 4
	for {
		var hdr [nl.HeaderLen]byte
		n, err := io.ReadFull(in, hdr[:])
		offset += n
		if n == 0 && err == io.EOF {
			return 0
		}
		if err != nil {
			cli.Stderr("rtnl-from_file: truncated message\n")
			return statusUsage
		}
		length := int(binary.NativeEndian.Uint32(hdr[:]))
		if length < nl.HeaderLen || length > maxSavedMessage {
			at := strconv.FormatUint(uint64(start)+uint64(offset), 10)
			if seekErr != nil {
				at = strconv.FormatUint(1<<64-1, 10)
			}
			cli.Stderr("!!!malformed message: len=", strconv.Itoa(int(int32(length))), " @", at, "\n")
			return statusUsage
		}
		body := make([]byte, (length-nl.HeaderLen+3)&^3)
		n, err = io.ReadFull(in, body)
		offset += n
		if err != nil {
			cli.Stderr("rtnl-from_file: truncated message\n")
			return statusUsage
		}
		m := nl.Message{Header: nl.Header{
			Type:  nl.HeaderType(binary.NativeEndian.Uint16(hdr[4:])),
			Flags: nl.HeaderFlags(binary.NativeEndian.Uint16(hdr[6:])) | nl.Create,
		}, Data: body[:length-nl.HeaderLen]}
		if _, err := s.conn.Execute(m); err != nil {
			s.reportRequestError(err, "")
			if !cli.IsErrno(err, unix.EEXIST) {
				return statusUsage
			}
		}
	}
}
