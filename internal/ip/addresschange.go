package ip

import (
	"nsip/internal/cli"
	"nsip/internal/endian"
	"nsip/internal/unix"
	"nsip/nl"
)

// addressRequest is what ip address add|change|replace|delete reads: the
// header and attributes so far, and what settles the rest.
type addressRequest struct {
	ifa    nl.IfAddrMsg
	attrs  *nl.AttributeEncoder
	dev    string
	devSet bool

	local, peer       inetPrefix
	localArg          string
	localLen, peerLen int // bytes of the address given; 0: none
	broadcast, anyLen int // bytes of the address, or broadcastPlus/Minus
	scoped            bool
	validLft          uint32 // forever unless given
	preferredLft      uint32 // forever unless given
	validSet          bool
	preferredSet      bool
	flags             uint32
}

// brd + and brd -: the broadcast address made from the prefix.
const (
	broadcastPlus  = -1
	broadcastMinus = -2
)

// addressChange is `ip address add|change|replace|delete`: iproute2's
// ipaddr_modify.
func (s *session) addressChange(typ nl.HeaderType, flags nl.HeaderFlags, a args) int {
	req := &addressRequest{ifa: nl.IfAddrMsg{Family: uint8(s.family)}, attrs: nl.NewAttributeEncoder(),
		validLft: foreverLifetime, preferredLft: foreverLifetime}
	for ; !a.empty(); a.skip() {
		req.parseWord(&a)
	}
	if req.flags <= 0xff {
		req.ifa.Flags = uint8(req.flags)
	} else {
		req.attrs.Uint32(unix.IFA_FLAGS, req.flags)
	}
	if !req.devSet {
		return failure("Not enough information: \"dev\" argument is required.\n")
	}
	// ip's defaults: the peer is the local address, the prefix length
	// the local one's, the broadcast address made from the prefix, and
	// the scope host for 127.0.0.0/8.
	if req.peerLen == 0 && req.localLen != 0 {
		if isWildcardDelete(typ, &req.local) {
			cli.Stderr("Warning: Executing wildcard deletion to stay compatible with old scripts.\n",
				"         Explicitly specify the prefix length (", req.localArg, "/", itoa(req.localLen*8), ") to avoid this warning.\n",
				"         This special behaviour is likely to disappear in further releases,\n",
				"         fix your scripts!\n")
		} else {
			req.peer = req.local
			req.attrs.Bytes(unix.IFA_ADDRESS, req.local.data[:req.local.bytelen])
		}
	}
	if req.ifa.PrefixLen == 0 {
		req.ifa.PrefixLen = uint8(req.local.bitlen)
	}
	if req.broadcast < 0 && typ != unix.RTM_DELADDR {
		if req.ifa.Family != unix.AF_INET {
			return failure("Broadcast can be set only for IPv4 addresses\n")
		}
		if brd, ok := broadcastAddress(&req.peer, req.broadcast == broadcastPlus); ok {
			req.attrs.Bytes(unix.IFA_BROADCAST, brd[:])
		}
	}
	if !req.scoped && typ != unix.RTM_DELADDR {
		req.ifa.Scope = defaultAddressScope(&req.local)
	}
	index := s.deviceIndex(req.dev)
	if index == 0 {
		return cli.StatusFailure
	}
	req.ifa.Index = uint32(index)
	if req.validSet || req.preferredSet {
		if req.validLft == 0 {
			return failure("valid_lft is zero\n")
		}
		if req.validLft < req.preferredLft {
			return failure("preferred_lft is greater than valid_lft\n")
		}
		// An ifa_cacheinfo: preferred comes first, and the timestamps
		// after the lifetimes stay zero.
		ci := make([]byte, 16)
		endian.Native.PutUint32(ci[0:4], req.preferredLft)
		endian.Native.PutUint32(ci[4:8], req.validLft)
		req.attrs.Bytes(unix.IFA_CACHEINFO, ci)
	}
	if req.flags&unix.IFA_F_MCAUTOJOIN != 0 && !isMulticast(&req.local) {
		return failure("autojoin needs multicast address\n")
	}
	return s.modifyPrinting(typ, flags, req.ifa.Marshal(), req.attrs, (*session).echoAddress)
}

// addAddress adds an address attribute; the first address given settles
// the request's family. It returns the address's length in bytes.
func (req *addressRequest) addAddress(typ uint16, addr *inetPrefix) int {
	if req.ifa.Family == unix.AF_UNSPEC {
		req.ifa.Family = uint8(addr.family)
	}
	req.attrs.Bytes(typ, addr.data[:addr.bytelen])
	return addr.bytelen
}

// parseWord reads one word of ip address add and its value.
func (req *addressRequest) parseWord(a *args) {
	family := int(req.ifa.Family)
	switch word := a.cur(); {
	case word == "peer", word == "remote":
		arg := a.next()
		if req.peerLen != 0 {
			duparg("peer", arg)
		}
		req.peer.mustSetPrefix(arg, family)
		req.peerLen = req.addAddress(unix.IFA_ADDRESS, &req.peer)
		req.ifa.PrefixLen = uint8(req.peer.bitlen)
	case cli.Matches(word, "broadcast"), word == "brd":
		arg := a.next()
		if req.broadcast != 0 {
			duparg("broadcast", arg)
		}
		switch arg {
		case "+":
			req.broadcast = broadcastPlus
		case "-":
			req.broadcast = broadcastMinus
		default:
			var brd inetPrefix
			brd.mustSetAddr(arg, family)
			req.broadcast = req.addAddress(unix.IFA_BROADCAST, &brd)
		}
	case word == "anycast":
		arg := a.next()
		if req.anyLen != 0 {
			duparg("anycast", arg)
		}
		var anycast inetPrefix
		anycast.mustSetAddr(arg, family)
		req.anyLen = req.addAddress(unix.IFA_ANYCAST, &anycast)
	case word == "scope":
		req.ifa.Scope = nextArg(a, scopeID, "invalid scope value.")
		req.scoped = true
	case word == "dev":
		req.dev, req.devSet = a.next(), true
	case word == "label":
		req.attrs.String(unix.IFA_LABEL, a.next())
	case cli.Matches(word, "metric"), cli.Matches(word, "priority"), cli.Matches(word, "preference"):
		req.attrs.Uint32(unix.IFA_RT_PRIORITY, nextArg(a, parseU32, "\"metric\" value is invalid\n"))
	case cli.Matches(word, "valid_lft"):
		if req.validSet {
			duparg("valid_lft", word)
		}
		req.validLft, req.validSet = nextArg(a, parseLifetime, "valid_lft value"), true
	case cli.Matches(word, "preferred_lft"):
		if req.preferredSet {
			duparg("preferred_lft", word)
		}
		req.preferredLft, req.preferredSet = nextArg(a, parseLifetime, "preferred_lft value"), true
	case addressFlagByName(word) != nil:
		flag := addressFlagByName(word)
		warning := ""
		switch {
		case flag.readonly:
			warning = " option is not mutable from userspace\n"
		case flag.v6only && req.ifa.Family != unix.AF_INET6:
			warning = " option can be set only for IPv6 addresses\n"
		default:
			req.flags |= flag.mask
		}
		if warning != "" {
			cli.Stderr("Warning: ", flag.name, warning)
		}
	default:
		if word == "local" {
			word = a.next()
		}
		if cli.Matches(word, "help") {
			addressUsage()
		}
		if req.localLen != 0 {
			duparg2("local", word)
		}
		req.localArg = word
		req.local.mustSetPrefix(word, family)
		req.localLen = req.addAddress(unix.IFA_LOCAL, &req.local)
	}
}

// isWildcardDelete is ip's compatibility rule: deleting an IPv4 address
// given without a prefix length deletes it whatever its length.
func isWildcardDelete(typ nl.HeaderType, local *inetPrefix) bool {
	return typ == unix.RTM_DELADDR && local.family == unix.AF_INET && local.flags&prefixLenSpecified == 0
}

// broadcastAddress is brd + (all host bits set) or brd - (all clear) for
// an IPv4 prefix; prefixes longer than /30 have no broadcast address.
func broadcastAddress(prefix *inetPrefix, plus bool) ([4]byte, bool) {
	var brd [4]byte
	if prefix.bitlen > 30 {
		return brd, false
	}
	addr := endian.Big.Uint32(prefix.data[:4])
	host := uint32(1)<<(32-prefix.bitlen) - 1
	if plus {
		addr |= host
	} else {
		addr &^= host
	}
	endian.Big.PutUint32(brd[:], addr)
	return brd, true
}

// defaultAddressScope is ip's default_scope: host for 127.0.0.0/8.
func defaultAddressScope(local *inetPrefix) uint8 {
	if local.family == unix.AF_INET && local.bytelen >= 1 && local.data[0] == 127 {
		return unix.RT_SCOPE_HOST
	}
	return unix.RT_SCOPE_UNIVERSE
}

// parseLifetime reads a lifetime in seconds, or "forever".
func parseLifetime(arg string) (uint32, bool) {
	if arg == "forever" {
		return foreverLifetime, true
	}
	return getU32(arg, 0)
}

func isMulticast(p *inetPrefix) bool {
	switch p.family {
	case unix.AF_INET:
		return p.data[0]&0xf0 == 0xe0
	case unix.AF_INET6:
		return p.data[0] == 0xff
	}
	return false
}

// maxFlushRounds is ip's -loops default: how many dump-and-delete rounds
// address flush makes before it gives up.
const maxFlushRounds = 10

// addressFlush is `ip address flush SELECTOR`: delete the addresses it
// selects, dumping again until none is left; deleting a primary address
// may promote a secondary one into its place.
func (s *session) addressFlush(a args) int {
	if a.empty() {
		return failure("Flush requires arguments.\n")
	}
	if s.family == unix.AF_PACKET {
		return failure("Cannot flush link addresses.\n")
	}
	f := new(linkFilter)
	_, status := s.parseLinkFilter(a, false, f)
	if status != 0 {
		return status
	}
	// -s -s prints each address, with its device first as ip does.
	shown := *f
	shown.oneline = true
	for round := 0; round < maxFlushRounds; {
		msgs, ok := s.dump(addressDumpRequest(f))
		if !ok {
			fatal(cli.StatusFailure, "Flush terminated\n")
		}
		flushed := 0
		var room [nl.AddressRoom][]byte
		var addr address
		for i := range msgs {
			m := &msgs[i]
			if addr.attrs, ok = decodeAddress(m, room[:], &addr); !ok || m.Header.Type != unix.RTM_NEWADDR || !s.addressSelected(&addr, f) {
				continue
			}
			if s.stats > 1 {
				s.printAddress(m, &shown)
			}
			_, err := s.conn.Execute(nl.Message{Header: nl.Header{Type: unix.RTM_DELADDR}, Data: m.Data})
			// Deleting a primary can take its secondaries with it.
			if err != nil && !cli.IsErrno(err, unix.EADDRNOTAVAIL) {
				errorLine("Failed to send flush request: ", err)
				return statusUsage
			}
			flushed++
		}
		if flushed == 0 {
			s.flushDone(round, round == 0)
			return 0
		}
		round++
		s.flushRound(round, flushed, "addresses")
		// With "primary" alone, a second round would take the
		// secondaries that were promoted.
		if f.flags&unix.IFA_F_SECONDARY == 0 && f.flagMask&unix.IFA_F_SECONDARY != 0 {
			s.flushDone(round, false)
			return 0
		}
	}
	cli.Stderr("*** Flush remains incomplete after ", itoa(maxFlushRounds), " rounds. ***\n")
	return statusUsage
}
