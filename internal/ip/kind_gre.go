package ip

import (
	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/internal/endian"
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

// The usages of the gre kinds: the words of both families, then each
// family's own up to the device, then erspan's, then what the values are.
const (
	greHelpKeys = `			[ local ADDR ]
			[ [no][i|o]seq ]
			[ [i|o]key KEY | no[i|o]key ]
			[ [no][i|o]csum ]
`
	greHelp = `			[ ttl TTL ]
			[ tos TOS ]
			[ [no]pmtudisc ]
			[ [no]ignore-df ]
`
	gre6Help = `			[ hoplimit TTL ]
			[ encaplimit ELIM ]
`
	greHelpErspan = `			[ erspan_ver version ]
			[ erspan IDX ]
			[ erspan_dir { ingress | egress } ]
			[ erspan_hwid hwid ]
`
	greHelpTail = `
Where:	ADDR := { IP_ADDRESS | any }
	TOS  := { NUMBER | inherit }
	TTL  := { 1..255 | inherit }
	KEY  := { DOTTED_QUAD | NUMBER }
	MARK := { 0x0..0xffffffff }
`
	gre6HelpTail = `
Where:	ADDR	  := IPV6_ADDRESS
	TTL	  := { 0..255 } (default=64)
	KEY	  := { DOTTED_QUAD | NUMBER }
	ELIM	  := { none | 0..255 }(default=4)
	TCLASS	  := { 0x0..0xff | inherit }
`
)

// greTunnel is what ip sends for a tunnel of the gre kinds: gre, gretap
// and erspan over IPv4, ip6gre, ip6gretap and ip6erspan over IPv6. A
// change starts from the tunnel's settings.
type greTunnel struct {
	ip6Settings                 // the mark for both families, the rest for IPv6
	family               int    // of the endpoints: AF_INET or AF_INET6
	iflags, oflags       uint16 // GRE header flags, in network order
	ikey, okey           [4]byte
	local, remote        inetPrefix // family 0: none
	pmtudisc, ignoreDF   uint8      // IPv4 only, like tos
	tos, ttl             uint8      // ttl: the hop limit over IPv6
	link                 uint32
	encap                tunnelEncap
	metadata             bool
	erspanIndex          uint32
	erspanVer, erspanDir uint8
	erspanHwid           uint16
}

// greKeyWords are the words before remote, in ip's order (which settles
// abbreviations): the keys, then sequence numbers and checksums, each for
// both directions, the input or the output.
var greKeyWords = [...]struct {
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
	t := &greTunnel{family: unix.AF_INET, pmtudisc: 1, erspanVer: 1}
	v6 := ascii.HasPrefix(req.kind, "ip6")
	if v6 {
		t.family, t.ttl, t.encapLimit, t.encap.flags = unix.AF_INET6, 64, 4, encapFlagCsum6
	}
	if !req.create && !t.readExisting(s, req.ifi.Index) {
		return failure("Failed to get existing tunnel info.\n")
	}
	// Every ip6gre kind reads erspan's words.
	erspan := v6 || req.kind == "erspan"
	for ; !a.empty(); a.skip() {
		if t.readWord(s, &a) || t.encap.read(&a, a.cur()) || erspan && t.readErspan(&a) {
			continue
		}
		// ip's help of the kind, naming erspan's words when it reads them.
		parts := uint32(usageGreKeys | usageGre | usageDev | usageEncap | usageGreTail)
		if v6 {
			parts = usageGreKeys | usageGre6 | usageIP6Flow | usageDev | usageLocalRemote | usageEncap | usageGre6Tail |
				usageIP6WhereFlow
		}
		if erspan {
			parts |= usageErspan
		}
		return tunnelUsage("Usage: ... %-9s\t[ remote ADDR ]\n", req.kind, parts)
	}
	if !v6 && isMulticastAddr(&t.remote) {
		if t.ikey == [4]byte{} {
			copy(t.ikey[:], t.remote.data[:4])
			t.iflags |= greFlagKey
		}
		if t.okey == [4]byte{} {
			copy(t.okey[:], t.remote.data[:4])
			t.oflags |= greFlagKey
		}
		if nonZero(t.local.data[:4]) == nil {
			return failure("A broadcast tunnel requires a source address.\n")
		}
	}
	// The attributes in ip's order.
	ae := req.attrs
	if t.metadata {
		ae.Bytes(greCollectMetadata, nil)
		return 0
	}
	ae.Bytes(greIKey, t.ikey[:])
	ae.Bytes(greOKey, t.okey[:])
	ae.Bytes(greIFlags, bigEndian16(t.iflags))
	ae.Bytes(greOFlags, bigEndian16(t.oflags))
	size := familyBits(t.family) / 8
	// greLocal and greRemote are numbered in a row.
	for i, addr := range [2]*inetPrefix{&t.local, &t.remote} {
		if isInetAddr(addr) && nonZero(addr.data[:size]) != nil {
			ae.Bytes(greLocal+uint16(i), addr.data[:size])
		}
	}
	if !v6 {
		ae.Uint8(grePMTUDisc, t.pmtudisc)
		if t.ignoreDF != 0 {
			ae.Uint8(greIgnoreDF, t.ignoreDF&1)
		}
		ae.Uint8(greTOS, t.tos)
	}
	if t.link != 0 {
		ae.Uint32(greLink, t.link)
	}
	ae.Uint8(greTTL, t.ttl)
	if v6 {
		t.ip6Settings.encode(ae, greEncapLimit)
	}
	ae.Uint32(greFwmark, t.fwmark)
	// ip6gre sends erspan's version, whatever the kind, unless a
	// tunnel had one it does not know.
	if req.kind == "erspan" || v6 && t.erspanVer <= 2 {
		ae.Uint8(greErspanVer, t.erspanVer)
		if t.erspanVer == 1 && t.erspanIndex != 0 {
			ae.Uint32(greErspanIndex, t.erspanIndex)
		} else if t.erspanVer == 2 {
			ae.Uint8(greErspanDir, t.erspanDir)
			ae.Uint16(greErspanHwid, t.erspanHwid)
		}
	}
	t.encap.encode(ae, greEncapType)
	return 0
}

func (t *greTunnel) readExisting(s *session, index int32) bool {
	data, ok := s.tunnelData(index)
	if !ok {
		return false
	}
	size := familyBits(t.family) / 8
	// greLocal and greRemote are numbered in a row.
	for i, dst := range [2]*inetPrefix{&t.local, &t.remote} {
		if b := data.Bytes(greLocal + uint16(i)); b != nil {
			if len(b) != size {
				return false
			}
			// local and remote are still zero: only their header is set.
			dst.family, dst.bytelen, dst.bitlen = t.family, size, -1
			copy(dst.data[:], b)
		}
	}
	copy(t.ikey[:], data.Bytes(greIKey))
	copy(t.okey[:], data.Bytes(greOKey))
	if b := data.Bytes(greIFlags); len(b) == 2 {
		t.iflags = endian.Big.Uint16(b)
	}
	if b := data.Bytes(greOFlags); len(b) == 2 {
		t.oflags = endian.Big.Uint16(b)
	}
	// Each family reads the other's attributes too: its kernel sends none
	// of them, and encode sends none back.
	if data.Has(grePMTUDisc) {
		t.pmtudisc = data.Uint8(grePMTUDisc)
	}
	if data.Has(greIgnoreDF) && data.Uint8(greIgnoreDF) != 0 {
		t.ignoreDF = 1
	}
	if data.Has(greTTL) {
		t.ttl = data.Uint8(greTTL)
	}
	t.tos, t.link = data.Uint8(greTOS), data.Uint32(greLink)
	t.readSettings(data, greEncapLimit)
	t.encap.readEncap(data, greEncapType)
	t.metadata = data.Has(greCollectMetadata)
	t.erspanIndex = data.Uint32(greErspanIndex)
	if data.Has(greErspanVer) {
		t.erspanVer = data.Uint8(greErspanVer)
	}
	t.erspanDir, t.erspanHwid = data.Uint8(greErspanDir), data.Uint16(greErspanHwid)
	return true
}

// readWord reads the words up to fwmark: the key, sequence and checksum
// words, then those of IPv4 only (pmtudisc, ignore-df), or of IPv6 only
// (the flow words); false for others.
func (t *greTunnel) readWord(s *session, a *args) bool {
	word := a.cur()
	for _, w := range &greKeyWords {
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
	v4 := t.family == unix.AF_INET
	switch {
	case v4 && cli.Matches(word, "nopmtudisc"):
		t.pmtudisc = 0
	case v4 && cli.Matches(word, "pmtudisc"):
		t.pmtudisc = 1
	case cli.Matches(word, "remote"):
		t.remote.mustSetAddr(a.next(), t.family)
	case cli.Matches(word, "local"):
		t.local.mustSetAddr(a.next(), t.family)
	case cli.Matches(word, "dev"):
		t.link = s.linkIndex(a.next())
	case cli.Matches(word, "ttl"), cli.Matches(word, "hoplimit"), cli.Matches(word, "hlim"):
		complaint := "invalid HLIM\n"
		if v4 {
			complaint = "invalid TTL\n"
		}
		t.ttl = tunnelTTL(a.next(), complaint)
	case cli.Matches(word, "tos"), cli.Matches(word, "tclass"), cli.Matches(word, "dsfield"):
		if arg := a.next(); v4 {
			t.tos = tunnelTos(arg)
		} else {
			t.readTclass(arg)
		}
	case word == "external":
		t.metadata = true
	case !v4:
		return t.readFlowWord(a, false)
	case word == "ignore-df":
		t.ignoreDF = 1
	case word == "noignore-df":
		// ip sends the lowest bit; 2 marks "given" without it.
		t.ignoreDF = 2
	case word == "fwmark":
		t.fwmark = nextArg(a, parseU32, "invalid fwmark\n")
	default:
		return false
	}
	return true
}

func setBit16(v, bit uint16, on bool) uint16 {
	if on {
		return v | bit
	}
	return v &^ bit
}

// readErspan reads erspan's own words; false for others.
func (t *greTunnel) readErspan(a *args) bool {
	switch a.cur() {
	case "erspan":
		t.erspanIndex = nextArg(a, parseU32, "invalid erspan index\n")
		if t.erspanIndex&^(1<<20-1) != 0 || t.erspanIndex == 0 {
			invarg("erspan index must be > 0 and <= 20-bit\n", a.cur())
		}
	case "erspan_ver":
		t.erspanVer = nextArg(a, parseU8, "invalid erspan version\n")
		if t.erspanVer > 2 {
			invarg("erspan version must be 0/1/2\n", a.cur())
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
		t.erspanHwid = mustU16(a.next(), "invalid erspan hwid\n")
	default:
		return false
	}
	return true
}
