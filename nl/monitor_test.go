package nl

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"syscall"
	"testing"
	"unsafe"

	"nsip/internal/testenv"
	"nsip/internal/unix"
	"nsip/ns"
)

// rtmonFields are the start of a file iproute2's rtmon wrote: its
// NLMSG_TSTAMP (seconds, microseconds), then an RTM_NEWNSID of 28 bytes
// and an RTM_NEWLINK of 21 bytes whose padding the file keeps.
const rtmonFields = `u32:24 u16:15 u16:0 u32:0 u32:0 u32:3000000000 u32:123456
	u32:28 u16:88 u16:0 u32:0 u32:0 pad:4 u16:8 u16:1 u32:3
	u32:21 u16:16 u16:0 u32:0 u32:0 x:0102030405 pad:3`

func TestMessageFileReadsEachMessage(t *testing.T) {
	rtmonFile := nativeBytes(t, rtmonFields)
	f := NewMessageFile(bytes.NewReader(rtmonFile))
	want := []struct {
		typ  HeaderType
		data int
	}{{TimestampType, 8}, {unix.RTM_NEWNSID, 12}, {unix.RTM_NEWLINK, 5}}
	for i, w := range want {
		m, err := f.Next()
		if err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		if m.Header.Type != w.typ || len(m.Data) != w.data || int(m.Header.Length) != HeaderLen+w.data {
			t.Errorf("message %d: type %d, %d bytes, length %d; want type %d, %d bytes",
				i, m.Header.Type, len(m.Data), m.Header.Length, w.typ, w.data)
		}
	}
	if string(f.buf[HeaderLen:HeaderLen+5]) != "\x01\x02\x03\x04\x05" {
		t.Errorf("the last payload is % x", f.buf[HeaderLen:HeaderLen+5])
	}
	if _, err := f.Next(); err != io.EOF {
		t.Errorf("after the last message: %v, want io.EOF", err)
	}
}

func TestMessageFileFaults(t *testing.T) {
	rtmonFile := nativeBytes(t, rtmonFields)
	tests := []struct {
		name   string
		file   []byte
		length int32
		offset int64
		err    error
	}{
		{"cut in the header", rtmonFile[:6], 0, 0, ErrFileTruncated},
		{"cut in the payload", rtmonFile[:20], 0, 0, ErrFileTruncated},
		{"cut in the padding", rtmonFile[:len(rtmonFile)-1], 0, 0, ErrFileTruncated},
		{"shorter than a header", append(rtmonFile[:24:24], nativeBytes(t, "u32:5 u16:16 pad:10")...), 5, 40, nil},
		{"larger than ip reads", nativeBytes(t, "u32:16385 u16:16 pad:10"), 16385, 16, nil},
		{"negative", nativeBytes(t, "u32:0x80000000 u16:16 pad:10"), -1 << 31, 16, nil},
	}
	for _, tt := range tests {
		f := NewMessageFile(bytes.NewReader(tt.file))
		var err error
		for err == nil {
			_, err = f.Next()
		}
		var malformed *MalformedError
		switch {
		case tt.err != nil && err != tt.err:
			t.Errorf("%s: %v, want %v", tt.name, err, tt.err)
		case tt.err == nil && !errors.As(err, &malformed):
			t.Errorf("%s: %v, want a MalformedError", tt.name, err)
		case tt.err == nil && (malformed.Length != tt.length || malformed.Offset != tt.offset):
			t.Errorf("%s: length %d at %d, want %d at %d", tt.name, malformed.Length, malformed.Offset, tt.length, tt.offset)
		}
	}
}

func TestSplitDatagram(t *testing.T) {
	rtmonFile := nativeBytes(t, rtmonFields)
	msgs, err := SplitDatagram(rtmonFile)
	if err != nil || len(msgs) != 3 || msgs[2].Header.Type != unix.RTM_NEWLINK || len(msgs[2].Data) != 5 {
		t.Fatalf("%d messages, %v", len(msgs), err)
	}
	// The kernel pads each message but the last one may end unpadded.
	if msgs, err := SplitDatagram(rtmonFile[:len(rtmonFile)-3]); err != nil || len(msgs) != 3 {
		t.Errorf("unpadded last message: %d messages, %v", len(msgs), err)
	}
	var remnant *RemnantError
	if _, err := SplitDatagram(append(append([]byte{}, rtmonFile...), 1, 2, 3)); !errors.As(err, &remnant) || remnant.Size != 3 {
		t.Errorf("three bytes after the messages: %v", err)
	}
	var malformed *MalformedError
	if _, err := SplitDatagram(rtmonFile[:40]); !errors.As(err, &malformed) || malformed.Length != 0x1c {
		t.Errorf("a message longer than the datagram: %v", err)
	}
}

func TestBindMask(t *testing.T) {
	// ip monitor with every object subscribes with this bind address
	// (strace) and joins groups 32 and 36 after it.
	groups := []uint32{unix.RTNLGRP_LINK, unix.RTNLGRP_IPV4_IFADDR, unix.RTNLGRP_IPV6_IFADDR,
		unix.RTNLGRP_IPV4_ROUTE, unix.RTNLGRP_IPV6_ROUTE, unix.RTNLGRP_MPLS_ROUTE,
		unix.RTNLGRP_IPV4_MROUTE, unix.RTNLGRP_IPV6_MROUTE, unix.RTNLGRP_IPV6_PREFIX, unix.RTNLGRP_NEIGH,
		unix.RTNLGRP_IPV4_NETCONF, unix.RTNLGRP_IPV6_NETCONF, unix.RTNLGRP_MPLS_NETCONF,
		unix.RTNLGRP_IPV4_RULE, unix.RTNLGRP_IPV6_RULE, unix.RTNLGRP_NSID,
		unix.RTNLGRP_NEXTHOP, unix.RTNLGRP_STATS}
	mask, later := bindMask(groups)
	if mask != 0x1d8607f5 || len(later) != 2 || later[0] != 32 || later[1] != 36 {
		t.Errorf("mask %#x, then %v", mask, later)
	}
}

func TestNsidOfControlMessage(t *testing.T) {
	oob := make([]byte, unix.CmsgSpace(4))
	h := (*unix.Cmsghdr)(unsafe.Pointer(&oob[0]))
	h.Level, h.Type = unix.SOL_NETLINK, unix.NETLINK_LISTEN_ALL_NSID
	h.SetLen(unix.CmsgLen(4))
	binary.NativeEndian.PutUint32(oob[unix.CmsgLen(0):], 7)
	if got := nsidOf(oob); got != 7 {
		t.Errorf("nsid %d, want 7", got)
	}
	if got := nsidOf(nil); got != NsidCurrent {
		t.Errorf("no control message: nsid %d, want %d", got, NsidCurrent)
	}
}

// nsidOf reads control messages as syscall.ParseSocketControlMessage
// parses them, malformed ones included.
func FuzzNsidOf(f *testing.F) {
	nsidMessage := func(level, typ int32, data []byte) []byte {
		b := make([]byte, syscall.CmsgSpace(len(data)))
		h := (*syscall.Cmsghdr)(unsafe.Pointer(&b[0]))
		h.Level, h.Type = level, typ
		h.SetLen(syscall.CmsgLen(len(data)))
		copy(b[syscall.CmsgLen(0):], data)
		return b
	}
	seven := []byte{7, 0, 0, 0}
	f.Add([]byte(nil))
	f.Add(nsidMessage(unix.SOL_NETLINK, unix.NETLINK_LISTEN_ALL_NSID, seven))
	f.Add(nsidMessage(unix.SOL_NETLINK, unix.NETLINK_LISTEN_ALL_NSID, seven)[:syscall.CmsgLen(2)])
	f.Add(nsidMessage(unix.SOL_NETLINK, unix.NETLINK_LISTEN_ALL_NSID, []byte{1, 2, 3, 4, 5}))
	f.Add(append(nsidMessage(unix.SOL_NETLINK, unix.NETLINK_LISTEN_ALL_NSID, seven),
		nsidMessage(unix.SOL_NETLINK, unix.NETLINK_LISTEN_ALL_NSID, []byte{9, 0, 0, 0})...))
	f.Add(append(nsidMessage(unix.SOL_NETLINK, unix.NETLINK_LISTEN_ALL_NSID, seven), 1, 2, 3))
	f.Add(append(nsidMessage(unix.SOL_NETLINK, unix.NETLINK_LISTEN_ALL_NSID, seven), make([]byte, syscall.CmsgLen(0))...))
	f.Add(nsidMessage(unix.SOL_SOCKET, unix.NETLINK_LISTEN_ALL_NSID, seven))
	f.Fuzz(func(t *testing.T, oob []byte) {
		// Aligned as the kernel fills it.
		oob = append(make([]byte, 0, len(oob)+8), oob...)
		want := int32(NsidCurrent)
		if cmsgs, err := syscall.ParseSocketControlMessage(oob); err == nil {
			for _, c := range cmsgs {
				if c.Header.Level == unix.SOL_NETLINK && c.Header.Type == unix.NETLINK_LISTEN_ALL_NSID && len(c.Data) == 4 {
					want = int32(binary.NativeEndian.Uint32(c.Data))
				}
			}
		}
		if got := nsidOf(oob); got != want {
			t.Errorf("nsidOf(%x) = %d, want %d", oob, got, want)
		}
	})
}

// TestMonitorReceivesLinkChange listens in a new network namespace and
// sets its loopback up there: the notification comes from this namespace.
func TestMonitorReceivesLinkChange(t *testing.T) {
	if unix.Geteuid() != 0 {
		t.Skip("needs root to make a network namespace")
	}
	err := ns.Unshare(unix.CLONE_NEWNET, func(string) error {
		m, err := Listen([]uint32{unix.RTNLGRP_LINK, unix.RTNLGRP_NEXTHOP})
		if err != nil {
			return err
		}
		defer m.Close()
		if err := m.ListenAllNsid(); err != nil {
			return err
		}
		c, err := Dial()
		if err != nil {
			return err
		}
		defer c.Close()
		up := IfInfoMsg{Index: 1, Flags: unix.IFF_UP, Change: unix.IFF_UP}
		if _, err := c.Execute(Message{Header: Header{Type: unix.RTM_NEWLINK}, Data: up.Marshal()}); err != nil {
			return err
		}
		b, nsid, err := m.Receive()
		if err != nil {
			return err
		}
		msgs, err := SplitDatagram(b)
		if err != nil {
			return err
		}
		ifi, _, err := UnmarshalIfInfoMsg(msgs[0].Data)
		if msgs[0].Header.Type != unix.RTM_NEWLINK || err != nil || ifi.Index != 1 || ifi.Flags&unix.IFF_UP == 0 {
			t.Errorf("received type %d, %+v, %v", msgs[0].Header.Type, ifi, err)
		}
		if nsid != NsidCurrent {
			t.Errorf("nsid %d for this namespace's own event", nsid)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestListenRefusesUnknownGroup(t *testing.T) {
	testenv.SkipIfEmulated(t, "netlink sockets are the emulator's")
	m, err := Listen([]uint32{unix.RTNLGRP_LINK, 1000})
	var le *ListenError
	if !errors.As(err, &le) || le.Op != "join" || !errors.Is(err, unix.EINVAL) {
		if err == nil {
			m.Close()
		}
		t.Fatalf("group 1000: %v, want a join failing with EINVAL", err)
	}
}
