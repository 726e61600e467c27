package ip

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"

	"nsip/internal/cli"
	"nsip/internal/output"
	"nsip/internal/testenv"
	"nsip/internal/unix"
	"nsip/nl"
)

// kernelWithNothing is a Socket that answers as a kernel with nothing to
// show and nothing it accepts: an empty dump, or EOPNOTSUPP. Commands run
// against it reach no real kernel.
type kernelWithNothing struct{ queue [][]byte }

const fakePID = 4242

func (k *kernelWithNothing) Send(b []byte) error {
	msgs, err := nl.ParseMessages(b)
	if err != nil {
		return err
	}
	for _, m := range msgs {
		reply := nl.Message{Header: nl.Header{Sequence: m.Header.Sequence, PID: fakePID}}
		if m.Header.Flags&nl.Dump == nl.Dump {
			reply.Header.Type, reply.Header.Flags = nl.Done, nl.Multi
			reply.Data = []byte{0, 0, 0, 0}
		} else {
			reply.Header.Type = nl.Error
			errno := -int32(unix.EOPNOTSUPP)
			reply.Data = append(binary.NativeEndian.AppendUint32(nil, uint32(errno)), m.Marshal()[:16]...)
		}
		k.queue = append(k.queue, reply.Marshal())
	}
	return nil
}

func (k *kernelWithNothing) Receive([]byte) ([]byte, error) {
	if len(k.queue) == 0 {
		return nil, unix.EAGAIN
	}
	b := k.queue[0]
	k.queue = k.queue[1:]
	return b, nil
}

func (k *kernelWithNothing) Close() error { return nil }

// touchesTheSystem tells the command lines the fuzzer must not run: netns
// changes /run/netns and runs programs, "netns NAME" of link set opens
// any path, the route cache flush writes to /proc, tuntap makes devices
// through /dev/net/tun (FuzzTuntapArgs has its parser), save, restore
// and showdump (rule's too) use the test's standard output and input, and
// monitor listens until it is killed (or reads any file).
func touchesTheSystem(words []string) bool {
	if len(words) > 0 && isTuntapObject(words[0]) {
		return true
	}
	for _, w := range words {
		if cli.Matches(w, "netns") || cli.Matches(w, "monitor") || cli.Matches(w, "cached") || cli.Matches(w, "cloned") || w == "cache" ||
			len(w) > 1 && (cli.Matches(w, "save") || cli.Matches(w, "restore") || cli.Matches(w, "showdump")) {
			return true
		}
	}
	return false
}

// isTuntapObject is whether runObject takes word for tuntap: tunnel and
// tunl come first.
func isTuntapObject(word string) bool {
	return cli.Matches(word, "tap") ||
		cli.Matches(word, "tuntap") && !cli.Matches(word, "tunnel") && !cli.Matches(word, "tunl")
}

// FuzzCommandLine runs every ip command line against a kernel that has
// nothing: no input may panic. Words are separated by NUL, so that empty
// words (dev "") come up too.
func FuzzCommandLine(f *testing.F) {
	for _, s := range []string{
		"route\x00show\x00realms\x00", "route\x00flush\x00realms\x00/", "address\x00flush\x00dev\x00",
		"link\x00set\x00d0\x00type\x00", "route\x00add\x0010.0.0.0/8\x00rtt\x001.5e400",
		"link\x00add\x00v0\x00type\x00veth\x00peer\x00name\x00v1\x00mtu\x00-1",
		"address\x00add\x0010.0.0.1/33\x00dev\x00lo\x00valid_lft\x00forever\x00preferred_lft\x001",
		"route\x00get\x00fd00::1/64\x00from\x00::\x00iif\x00lo\x00sport\x0065536",
		"link\x00show\x00dev\x00\x00group\x004294967296", "route\x00add\x00default\x00nexthop\x00via\x001.2.3.4\x00weight\x000",
		"address\x00show\x00to\x00::/129\x00label\x00[", "route\x00show\x00table\x00all\x00type\x00nat\x00mark\x00-",
		"rule\x00add\x00not\x00from\x00all\x00sport\x0070000-\x00uidrange\x00 1- 2\x00nat\x001.2.3\x00type\x00goto\x001",
		"rule\x00flush\x00protocol\x00all\x00fwmark\x001/\x00to\x00fd00::/8",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		words := strings.Split(line, "\x00")
		if len(words) > 64 || touchesTheSystem(words) {
			return
		}
		var out bytes.Buffer
		s := &session{}
		s.out = output.NewPrinter(&out, false, false, false)
		s.useConn(nl.NewConn(&kernelWithNothing{}, fakePID))
		testenv.Quiet(t)
		status := 0
		func() {
			defer cli.Recover(&status)
			s.command(words)
		}()
	})
}
