package ip

import (
	"nsip/internal/cli"
	"nsip/internal/endian"
	"nsip/internal/output"
	"nsip/nl"
)

const mplsStatsLink = 1 // MPLS_STATS_LINK

// linkAFStats is `ip link afstats [dev DEV]`: the per-family counters of
// IFLA_STATS_AF_SPEC (MPLS has some; this kernel has no MPLS). As in ip,
// a missing device is reported but the exit status is 0.
func (s *session) linkAFStats(a args) int {
	dev, hasDev := "", false
	for ; !a.empty(); a.skip() {
		switch word := a.cur(); {
		case word == "dev":
			name := a.next()
			if hasDev {
				duparg2("dev", name)
			}
			dev, hasDev = name, true
		case cli.Matches(word, "help"):
			linkUsage()
		default:
			cli.Stderr(`Command "`, word, `" is unknown, try "ip link help".`+"\n")
			cli.Fail(statusUsage)
		}
	}
	var index int32
	if hasDev {
		if index = s.links.nameToIndex(dev); index <= 0 {
			cli.Stderr(`Device "`, dev, `" does not exist.`+"\n")
			return 0
		}
	}
	s.out.Begin()
	msgs, ok := s.dump(statsDump(statsAFSpec))
	if !ok {
		return 0
	}
	for _, m := range msgs {
		if ifindex, attrs, ok := linkStatsMessage(m.Data, index); ok {
			s.printAFStats(ifindex, attrs.Bytes(statsAFSpec))
		}
	}
	s.out.End()
	s.out.Flush()
	return 0
}

// printAFStats prints the families of one link's IFLA_STATS_AF_SPEC that
// the -family option lets through, after the link's index and name.
func (s *session) printAFStats(ifindex int32, spec []byte) {
	p := s.out
	named := false
	for ad := nl.NewAttributeDecoder(spec); ad.Next(); {
		family := int(ad.Type())
		if s.family != 0 && family != s.family {
			continue
		}
		if !named {
			p.Uint("ifindex", "%u:", uint64(uint32(ifindex)))
			p.ColorString(output.ColorIfname, "ifname", "%s", s.links.indexToName(ifindex))
			p.NL()
			named = true
		}
		if family != familyID("mpls") {
			cli.Stderr("    unknown af(", itoa(family), ")\n")
			continue
		}
		mpls, _ := nl.ParseAttributes(ad.Bytes())
		if link := mpls.Bytes(mplsStatsLink); link != nil {
			p.Text("    mpls:")
			p.NL()
			s.printMPLSLinkStats(link)
			p.Text("\n")
		}
	}
}

// mplsStatWords are the columns of the MPLS statistics, and mplsStatAt
// where the rx value of each is in struct mpls_link_stats, in u64s: tx's
// is the next, and tx has no noroute.
const mplsStatWords = "bytes packets errors dropped noroute"

var mplsStatAt = [5]uint8{2, 0, 4, 6, 8}

// mplsDirs are the JSON keys and the text headings of rx and tx.
var mplsDirs = [2]struct{ key, head string }{{"rx", mplsIndent + "RX: "}, {"tx", mplsIndent + "TX: "}}

const mplsIndent = "        "

// printMPLSLinkStats is print_mpls_link_stats: struct mpls_link_stats as
// rx and tx objects, or as two small tables like ip -s prints.
func (s *session) printMPLSLinkStats(b []byte) {
	var dirs [2][5]uint64 // rx and tx, by column
	for d := range dirs {
		for j := 0; j < 5-d; j++ {
			if at := 8 * (int(mplsStatAt[j]) + d); at+8 <= len(b) {
				dirs[d][j] = endian.Native.Uint64(b[at:])
			}
		}
	}
	p := s.out
	if p.JSON() {
		for d := range mplsDirs {
			p.OpenObject(mplsDirs[d].key)
			for j := 0; j < 5-d; j++ {
				p.Uint(wordAt(mplsStatWords, j), "", dirs[d][j])
			}
			p.CloseObject()
		}
		return
	}
	cols := [5]int{len("*X: bytes"), len("packets"), len("errors"), len("dropped"), len("noroute")}
	for j := range cols {
		if !s.human {
			cols[j] = max(cols[j], len(utoa(dirs[0][j])), len(utoa(dirs[1][j])))
		}
	}
	for i := range mplsDirs {
		dir := &dirs[i]
		b := padLeft(nil, mplsDirs[i].head, cols[0]-4, "bytes")
		for j := 1; j < 5-i; j++ {
			b = padLeft(b, " ", cols[j], wordAt(mplsStatWords, j))
		}
		b = padLeft(b, p.LineSep(), 0, mplsIndent)
		for j := 0; j < 5-i; j++ {
			b = s.humanNumber(b, cols[j], dir[j])
		}
		p.Text(string(b))
		if i == 0 {
			p.NL()
		}
	}
}
