package ip

import (
	"nsip/internal/cli"
	"nsip/internal/help"
)

// optValue says how a kind's option reads its value and encodes it.
type optValue uint8

const (
	optU8       optValue = iota // get_u8
	optU16                      // get_u16
	optU32                      // get_u32
	optU64                      // get_u64
	optS32                      // get_s32
	optOnOff                    // parse_on_off as a u8; ip exits 1 on a bad value
	optFlag                     // no value: the attribute, empty
	optZero32                   // no value: a u32 0 (clear_active_slave, nobackup_port)
	optDev                      // a link name, sent as its u32 index
	optLLAddr                   // a link-layer address
	optChoice8                  // a name of choices, or its index, as a u8
	optChoice32                 // the same as a u32
	optProtocol                 // a VLAN protocol, sent in network order
	optOff8                     // no value: a u8 0 (vxlan's and geneve's switches)
	optOn8                      // no value: a u8 1
)

// optComplaint is the shape of invarg's text for a bad value: a number
// rather than the text keeps the rows of the tables small.
type optComplaint uint8

const (
	complainInvalidName optComplaint = iota // "invalid NAME"
	complainNameInvalid                     // "NAME is invalid"
	complainPeerNotif                       // num_grat_arp's and num_unsol_na's
)

// kindOption is one keyword of a kind whose options are simple: one word,
// maybe a value, one attribute.
type kindOption struct {
	name  string
	exact bool // strcmp, not matches: no abbreviation
	attr  uint16
	value optValue
	// complaint picks invarg's text for a bad value.
	complaint optComplaint
	// choices indexes optChoices, the names of optChoice8 and optChoice32:
	// a byte, not a slice, keeps the rows small.
	choices uint8
}

// namesOption reports whether word names an option of that name: the
// whole word when exact, else an abbreviation too. The tables of options
// are in iproute2's order, which settles abbreviations.
//
//go:noinline
func namesOption(word, name string, exact bool) bool {
	return word == name || (!exact && cli.Matches(word, name))
}

// findKindOption is the option of table that word names, nil for none.
func findKindOption(table []kindOption, word string) *kindOption {
	for i := range table {
		if namesOption(word, table[i].name, table[i].exact) {
			return &table[i]
		}
	}
	return nil
}

// readKindOption reads opt's value, if it has one, and adds its attribute.
// It returns a non-zero status when ip returns one rather than exiting;
// A link that does not exist is nodev's complaint and status 1, or with
// missingDev, invarg's complaint.
func (s *session) readKindOption(a *args, opt *kindOption, req *linkRequest, missingDev string) int {
	switch opt.value {
	case optFlag:
		req.attrs.Bytes(opt.attr, nil)
		return 0
	case optZero32:
		req.attrs.Uint32(opt.attr, 0)
		return 0
	}
	arg := a.next()
	var n uint64
	ok := true
	switch opt.value {
	case optU8, optU16, optU32, optU64:
		n, ok = cli.ParseUint(arg, 0)
		ok = ok && n>>optBits[opt.value] == 0
	case optS32:
		var v int32
		v, ok = parseS32(arg)
		n = uint64(uint32(v))
	case optChoice8, optChoice32:
		// The bonding driver's get_index: a decimal index into the
		// choices, or a name.
		names := optChoices[opt.choices]
		var i int64
		if i, ok = cli.ParseInt(arg, 10); !ok || i < 0 || i >= int64(len(names)) {
			i = int64(indexOf(names, arg))
		}
		n, ok = uint64(i), i >= 0
	case optOnOff:
		v, on := parseOnOff(opt.name, arg)
		if !on {
			cli.Fail(cli.StatusFailure)
		}
		n = uint64(v)
	case optDev:
		index := s.links.nameToIndex(arg)
		if index == 0 {
			if missingDev == "" {
				return noDevice(arg)
			}
			invarg(missingDev, arg)
		}
		n = uint64(uint32(index))
	case optLLAddr:
		lladdr, ok := parseLinkAddr(arg)
		if !ok {
			return cli.StatusFailure
		}
		req.attrs.Bytes(opt.attr, lladdr)
		return 0
	case optProtocol:
		var proto uint16
		proto, ok = parseLinkProtocol(arg)
		n = uint64(proto)
	}
	if !ok {
		complaint := "invalid " + opt.name
		switch opt.complaint {
		case complainNameInvalid:
			complaint = opt.name + " is invalid"
		case complainPeerNotif:
			complaint = "invalid num_grat_arp|num_unsol_na"
		}
		invarg(complaint, arg)
	}
	if opt.value == optProtocol {
		req.attrs.Bytes(opt.attr, bigEndian16(uint16(n)))
		return 0
	}
	encodeUint(req, opt.attr, uint(optBits[opt.value]), n)
	return 0
}

// optBits is the width each kind of number is sent with.
var optBits = [...]uint8{optU8: 8, optU16: 16, optU32: 32, optU64: 64, optS32: 32, optOnOff: 8, optDev: 32, optChoice8: 8, optChoice32: 32}

// encodeUint adds a number of the given width in host order.
func encodeUint(req *linkRequest, attr uint16, bits uint, n uint64) {
	switch bits {
	case 8:
		req.attrs.Uint8(attr, uint8(n))
	case 16:
		req.attrs.Uint16(attr, uint16(n))
	case 32:
		req.attrs.Uint32(attr, uint32(n))
	default:
		req.attrs.Uint64(attr, n)
	}
}

// indexOf is the index of the name equal to arg, -1 when there is none.
//
//go:noinline
func indexOf(names []string, arg string) int {
	for i, name := range names {
		if name == arg {
			return i
		}
	}
	return -1
}

// parseOptionTable reads the words after "type KIND" of a kind whose
// options are all in table; another word is unknown, answered with the
// usage text (unpacked only then).
// missingDev is readKindOption's.
func (s *session) parseOptionTable(a args, req *linkRequest, table []kindOption, kind string, usage help.ID, missingDev string) int {
	for ; !a.empty(); a.skip() {
		word := a.cur()
		opt := findKindOption(table, word)
		if opt == nil {
			return unknownKindOption(kind, "option", word, help.Text(usage))
		}
		if status := s.readKindOption(&a, opt, req, missingDev); status != 0 {
			return status
		}
	}
	return 0
}

// unknownKindOption is the usual ending of a kind's parser: help, or
// "KIND: unknown WHAT "WORD"?", then the usage text, status 1.
func unknownKindOption(kind, what, word, usage string) int {
	if !cli.Matches(word, "help") {
		cli.Stderr(kind, ": unknown ", what, ` "`, word, "\"?\n")
	}
	cli.Stderr(usage)
	return cli.StatusFailure
}

// noDevice is nodev: the complaint, and ip's status 1. Out of line, as
// its inlined copies cost more.
//
//go:noinline
func noDevice(name string) int {
	cli.Stderr(`Cannot find device "`, name, "\"\n")
	return cli.StatusFailure
}

// linkIndex is the index of the link name; one that does not exist ends
// ip as exit(nodev()) does: the complaint, and status 255.
func (s *session) linkIndex(name string) uint32 {
	index := s.links.nameToIndex(name)
	if index == 0 {
		noDevice(name)
		cli.Fail(statusUsage)
	}
	return uint32(index)
}
