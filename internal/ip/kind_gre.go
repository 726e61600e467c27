package ip

import (
	"encoding/binary"

	"nsip/internal/cli"
	"nsip/internal/unix"
)

// IFLA_GRE_* (linux/if_tunnel.h).
const (
	greLink = iota + 1
	greIFlags
	greOFlags
	greIKey
	greOKey
	greLocal
	greRemote
	greTTL
	greTOS
	grePMTUDisc
	greEncapLimit
	greFlowinfo
	greFlags
	greEncapType
	greEncapFlags
	greEncapSport
	greEncapDport
	greCollectMetadata
	greIgnoreDF
	greFwmark
	greErspanIndex
	greErspanVer
	greErspanDir
	greErspanHwid
)

// GRE header flags, as the kernel takes them: in network order.
const (
	greFlagCsum = 0x8000
	greFlagKey  = 0x2000
	greFlagSeq  = 0x1000
)

const greHelp = `			[ local ADDR ]
			[ [no][i|o]seq ]
			[ [i|o]key KEY | no[i|o]key ]
			[ [no][i|o]csum ]
			[ ttl TTL ]
			[ tos TOS ]
			[ [no]pmtudisc ]
			[ [no]ignore-df ]
` + tunnelEncapHelp + ``

const greHelpErspan = `			[ erspan_ver version ]
			[ erspan IDX ]
			[ erspan_dir { ingress | egress } ]
			[ erspan_hwid hwid ]
`

const greHelpTail = `
Where:	ADDR := { IP_ADDRESS | any }
	TOS  := { NUMBER | inherit }
	TTL  := { 1..255 | inherit }
	KEY  := { DOTTED_QUAD | NUMBER }
	MARK := { 0x0..0xffffffff }
`

// greTunnel is what ip sends for a gre, gretap or erspan tunnel; a change
// starts from the tunnel's settings.
type greTunnel struct {
	iflags, oflags       uint16
	ikey, okey           [4]byte
	local, remote        inetPrefix // family 0: none
	pmtudisc, ignoreDF   uint8
	tos, ttl             uint8
	link, fwmark         uint32
	encap                tunnelEncap
	metadata             bool
	erspanIndex          uint32
	erspanVer, erspanDir uint8
	erspanHwid           uint16
}

// greKeyWords are the words before remote, in ip's order (which settles
// abbreviations): the keys, then sequence numbers and checksums, each for
// both directions, the input or the output.
var greKeyWords = []struct {
	name     string
	flag     uint16
	in, out  bool
	off, key bool
}{
	{"key", greFlagKey, true, true, false, true}, {"nokey", greFlagKey, true, true, true, false},
	{"ikey", greFlagKey, true, false, false, true}, {"noikey", greFlagKey, true, false, true, false},
	{"okey", greFlagKey, false, true, false, true}, {"nookey", greFlagKey, false, true, true, false},
	{"seq", greFlagSeq, true, true, false, false}, {"noseq", greFlagSeq, true, true, true, false},
	{"iseq", greFlagSeq, true, false, false, false}, {"noiseq", greFlagSeq, true, false, true, false},
	{"oseq", greFlagSeq, false, true, false, false}, {"nooseq", greFlagSeq, false, true, true, false},
	{"csum", greFlagCsum, true, true, false, false}, {"nocsum", greFlagCsum, true, true, true, false},
	{"icsum", greFlagCsum, true, false, false, false}, {"noicsum", greFlagCsum, true, false, true, false},
	{"ocsum", greFlagCsum, false, true, false, false}, {"noocsum", greFlagCsum, false, true, true, false},
}

func parseGreOptions(s *session, a args, req *linkRequest) int {
	t := &greTunnel{pmtudisc: 1, erspanVer: 1}
	if !req.create && !t.readExisting(s, req.ifi.Index) {
		cli.Stderr("Failed to get existing tunnel info.\n")
		return cli.StatusFailure
	}
	erspan := req.kind == "erspan"
	for ; !a.empty(); a.skip() {
		if !t.readKeyWord(&a) && !t.readWord(s, &a) && !t.encap.read(&a, a.cur()) && !(erspan && t.readErspan(&a)) {
			cli.Stderr("Usage: ... ", padRight(req.kind, 9), "\t[ remote ADDR ]\n", greHelp)
			if erspan {
				cli.Stderr(greHelpErspan)
			}
			cli.Stderr(greHelpTail)
			return cli.StatusFailure
		}
	}
	if isMulticastAddr(t.remote) {
		if t.ikey == [4]byte{} {
			copy(t.ikey[:], t.remote.data[:4])
			t.iflags |= greFlagKey
		}
		if t.okey == [4]byte{} {
			copy(t.okey[:], t.remote.data[:4])
			t.oflags |= greFlagKey
		}
		if nonZero(t.local.data[:4]) == nil {
			cli.Stderr("A broadcast tunnel requires a source address.\n")
			return cli.StatusFailure
		}
	}
	t.encode(req, erspan)
	return 0
}

func (t *greTunnel) readExisting(s *session, index int32) bool {
	data, ok := s.tunnelData(index)
	if !ok {
		return false
	}
	for _, f := range []struct {
		attr uint16
		dst  *inetPrefix
	}{{greLocal, &t.local}, {greRemote, &t.remote}} {
		if b := data.Bytes(f.attr); b != nil {
			if len(b) != 4 {
				return false
			}
			*f.dst = inetPrefix{family: unix.AF_INET, bytelen: 4, bitlen: -1}
			copy(f.dst.data[:], b)
		}
	}
	copy(t.ikey[:], data.Bytes(greIKey))
	copy(t.okey[:], data.Bytes(greOKey))
	if b := data.Bytes(greIFlags); len(b) == 2 {
		t.iflags = binary.BigEndian.Uint16(b)
	}
	if b := data.Bytes(greOFlags); len(b) == 2 {
		t.oflags = binary.BigEndian.Uint16(b)
	}
	if data.Has(grePMTUDisc) {
		t.pmtudisc = data.Uint8(grePMTUDisc)
	}
	if data.Has(greIgnoreDF) && data.Uint8(greIgnoreDF) != 0 {
		t.ignoreDF = 1
	}
	t.tos, t.ttl, t.link = data.Uint8(greTOS), data.Uint8(greTTL), data.Uint32(greLink)
	t.encap.readEncap(data, greEncapType)
	t.metadata = data.Has(greCollectMetadata)
	t.fwmark, t.erspanIndex = data.Uint32(greFwmark), data.Uint32(greErspanIndex)
	if data.Has(greErspanVer) {
		t.erspanVer = data.Uint8(greErspanVer)
	}
	t.erspanDir, t.erspanHwid = data.Uint8(greErspanDir), data.Uint16(greErspanHwid)
	return true
}

// readKeyWord reads a key, sequence or checksum word; false for others.
func (t *greTunnel) readKeyWord(a *args) bool {
	word := a.cur()
	for _, w := range greKeyWords {
		if !cli.Matches(word, w.name) {
			continue
		}
		var key [4]byte
		if w.key {
			key = tunnelKey(w.name, a.next())
		}
		if w.in {
			t.iflags = setBit16(t.iflags, w.flag, !w.off)
			if w.flag == greFlagKey {
				t.ikey = key
			}
		}
		if w.out {
			t.oflags = setBit16(t.oflags, w.flag, !w.off)
			if w.flag == greFlagKey {
				t.okey = key
			}
		}
		return true
	}
	return false
}

func setBit16(v, bit uint16, on bool) uint16 {
	if on {
		return v | bit
	}
	return v &^ bit
}

// readWord reads the words from nopmtudisc to fwmark; false for others.
func (t *greTunnel) readWord(s *session, a *args) bool {
	switch word := a.cur(); {
	case cli.Matches(word, "nopmtudisc"):
		t.pmtudisc = 0
	case cli.Matches(word, "pmtudisc"):
		t.pmtudisc = 1
	case cli.Matches(word, "remote"):
		t.remote = mustParseAddr(a.next(), unix.AF_INET)
	case cli.Matches(word, "local"):
		t.local = mustParseAddr(a.next(), unix.AF_INET)
	case cli.Matches(word, "dev"):
		arg := a.next()
		index := s.links.nameToIndex(arg)
		if index == 0 {
			exitNoDevice(arg)
		}
		t.link = uint32(index)
	case cli.Matches(word, "ttl"), cli.Matches(word, "hoplimit"), cli.Matches(word, "hlim"):
		t.ttl = 0
		if arg := a.next(); arg != "inherit" {
			t.ttl = nextArgValue(arg, parseU8, "invalid TTL\n")
		}
	case cli.Matches(word, "tos"), cli.Matches(word, "tclass"), cli.Matches(word, "dsfield"):
		t.tos = 1
		if arg := a.next(); arg != "inherit" {
			t.tos = nextArgValue(arg, dsfieldID, "bad TOS value")
		}
	case word == "external":
		t.metadata = true
	case word == "ignore-df":
		t.ignoreDF = 1
	case word == "noignore-df":
		// ip sends the lowest bit; 2 marks "given" without it.
		t.ignoreDF = 2
	case word == "fwmark":
		t.fwmark = nextArgValue(a.next(), parseU32, "invalid fwmark\n")
	default:
		return false
	}
	return true
}

// readErspan reads erspan's own words; false for others.
func (t *greTunnel) readErspan(a *args) bool {
	switch a.cur() {
	case "erspan":
		arg := a.next()
		t.erspanIndex = nextArgValue(arg, parseU32, "invalid erspan index\n")
		if t.erspanIndex&^(1<<20-1) != 0 || t.erspanIndex == 0 {
			invarg("erspan index must be > 0 and <= 20-bit\n", arg)
		}
	case "erspan_ver":
		arg := a.next()
		t.erspanVer = nextArgValue(arg, parseU8, "invalid erspan version\n")
		if t.erspanVer > 2 {
			invarg("erspan version must be 0/1/2\n", arg)
		}
	case "erspan_dir":
		switch arg := a.next(); {
		case cli.Matches(arg, "ingress"):
			t.erspanDir = 0
		case cli.Matches(arg, "egress"):
			t.erspanDir = 1
		default:
			invarg("Invalid erspan direction.", arg)
		}
	case "erspan_hwid":
		t.erspanHwid = nextArgValue(a.next(), parseU16, "invalid erspan hwid\n")
	default:
		return false
	}
	return true
}

// encode adds the attributes in ip's order.
func (t *greTunnel) encode(req *linkRequest, erspan bool) {
	ae := req.attrs
	if t.metadata {
		ae.Bytes(greCollectMetadata, nil)
		return
	}
	ae.Bytes(greIKey, t.ikey[:])
	ae.Bytes(greOKey, t.okey[:])
	ae.Bytes(greIFlags, bigEndian16(t.iflags))
	ae.Bytes(greOFlags, bigEndian16(t.oflags))
	for _, p := range []struct {
		attr uint16
		addr inetPrefix
	}{{greLocal, t.local}, {greRemote, t.remote}} {
		if isInetAddr(p.addr) && nonZero(p.addr.data[:4]) != nil {
			ae.Bytes(p.attr, p.addr.data[:p.addr.bytelen])
		}
	}
	ae.Uint8(grePMTUDisc, t.pmtudisc)
	if t.ignoreDF != 0 {
		ae.Uint8(greIgnoreDF, t.ignoreDF&1)
	}
	ae.Uint8(greTOS, t.tos)
	if t.link != 0 {
		ae.Uint32(greLink, t.link)
	}
	ae.Uint8(greTTL, t.ttl)
	ae.Uint32(greFwmark, t.fwmark)
	if erspan {
		ae.Uint8(greErspanVer, t.erspanVer)
		if t.erspanVer == 1 && t.erspanIndex != 0 {
			ae.Uint32(greErspanIndex, t.erspanIndex)
		} else if t.erspanVer == 2 {
			ae.Uint8(greErspanDir, t.erspanDir)
			ae.Uint16(greErspanHwid, t.erspanHwid)
		}
	}
	t.encap.encode(ae, greEncapType)
}
