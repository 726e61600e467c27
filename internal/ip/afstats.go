package ip

import (
	"encoding/binary"

	"nsip/internal/cli"
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
			cli.Stderr(`Command "`, word, `" is unknown, try "ip link help".`, "\n")
			cli.Fail(statusUsage)
		}
	}
	var index int32
	if hasDev {
		if index = s.links.nameToIndex(dev); index <= 0 {
			cli.Stderr(`Device "`, dev, `" does not exist.`, "\n")
			return 0
		}
	}
	s.out.Begin()
	msgs, ok := s.dump(statsDump(statsAFSpec))
	if !ok {
		return 0
	}
	for _, m := range msgs {
		if ifindex, attrs, ok := linkStatsMessage(m, index); ok {
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

// printMPLSLinkStats is print_mpls_link_stats: struct mpls_link_stats as
// rx and tx objects, or as two small tables like ip -s prints.
func (s *session) printMPLSLinkStats(b []byte) {
	var v [9]uint64 // rx/tx packets, bytes, errors, dropped; rx noroute
	for i := range v {
		if 8*i+8 <= len(b) {
			v[i] = binary.NativeEndian.Uint64(b[8*i:])
		}
	}
	rx := [5]uint64{v[2], v[0], v[4], v[6], v[8]}
	tx := [5]uint64{v[3], v[1], v[5], v[7], 0}
	names := [5]string{"bytes", "packets", "errors", "dropped", "noroute"}
	p := s.out
	if p.JSON() {
		for i, dir := range [2]*[5]uint64{&rx, &tx} {
			p.OpenObject([2]string{"rx", "tx"}[i])
			for j := 0; j < 5-i; j++ {
				p.Uint(names[j], "", dir[j])
			}
			p.CloseObject()
		}
		return
	}
	cols := [5]int{len("*X: bytes"), len("packets"), len("errors"), len("dropped"), len("noroute")}
	for j := range cols {
		if !s.human {
			cols[j] = max(cols[j], len(utoa(rx[j])), len(utoa(tx[j])))
		}
	}
	const indent = "        "
	for i, dir := range [2]*[5]uint64{&rx, &tx} {
		b := padLeft([]byte(indent+[2]string{"RX: ", "TX: "}[i]), cols[0]-4, names[0])
		for j := 1; j < 5-i; j++ {
			b = padLeft(append(b, ' '), cols[j], names[j])
		}
		b = append(append(b, p.LineSep()...), indent...)
		for j := 0; j < 5-i; j++ {
			b = append(b, s.humanNumber(cols[j], dir[j])...)
		}
		p.Text(string(b))
		if i == 0 {
			p.NL()
		}
	}
}
