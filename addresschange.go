package main

import (
	"encoding/binary"

	"golang.org/x/sys/unix"

	"nsip/nl"
)

// addressChange is `ip address add|change|replace|delete`: iproute2's
// ipaddr_modify.
func (s *ipSession) addressChange(typ nl.HeaderType, flags nl.HeaderFlags, a args) int {
	ifa := nl.IfAddrMsg{Family: uint8(s.family)}
	ae := nl.NewAttributeEncoder()
	var dev, localArg string
	var local, peer inetPrefix
	var localLen, peerLen, brdLen, anyLen int
	scoped := false
	validLft, preferredLft := uint32(foreverLifetime), uint32(foreverLifetime)
	var validArg, preferredArg string
	var ifaFlags uint32
	family := func() int { return int(ifa.Family) }
	// addAddress adds an address attribute; the first address given
	// settles the request's family.
	addAddress := func(typ uint16, addr inetPrefix) int {
		if ifa.Family == unix.AF_UNSPEC {
			ifa.Family = uint8(addr.family)
		}
		ae.Bytes(typ, addr.data[:addr.bytelen])
		return addr.bytelen
	}
	for ; !a.empty(); a.skip() {
		switch word := a.cur(); {
		case word == "peer", word == "remote":
			arg := a.next()
			if peerLen != 0 {
				duparg("peer", arg)
			}
			peer = mustParsePrefix(arg, family())
			peerLen = addAddress(unix.IFA_ADDRESS, peer)
			ifa.PrefixLen = uint8(peer.bitlen)
		case matches(word, "broadcast"), word == "brd":
			arg := a.next()
			if brdLen != 0 {
				duparg("broadcast", arg)
			}
			switch arg {
			case "+":
				brdLen = -1
			case "-":
				brdLen = -2
			default:
				brdLen = addAddress(unix.IFA_BROADCAST, mustParseAddr(arg, family()))
			}
		case word == "anycast":
			arg := a.next()
			if anyLen != 0 {
				duparg("anycast", arg)
			}
			anyLen = addAddress(unix.IFA_ANYCAST, mustParseAddr(arg, family()))
		case word == "scope":
			arg := a.next()
			scope, ok := scopeID(arg)
			if !ok {
				invarg("invalid scope value.", arg)
			}
			ifa.Scope, scoped = scope, true
		case word == "dev":
			dev = a.next()
		case word == "label":
			ae.String(unix.IFA_LABEL, a.next())
		case matches(word, "metric"), matches(word, "priority"), matches(word, "preference"):
			arg := a.next()
			metric, ok := getU32(arg, 0)
			if !ok {
				invarg("\"metric\" value is invalid\n", arg)
			}
			ae.Uint32(unix.IFA_RT_PRIORITY, metric)
		case matches(word, "valid_lft"):
			if validArg != "" {
				duparg("valid_lft", word)
			}
			validArg = a.next()
			if !parseLifetime(validArg, &validLft) {
				invarg("valid_lft value", validArg)
			}
		case matches(word, "preferred_lft"):
			if preferredArg != "" {
				duparg("preferred_lft", word)
			}
			preferredArg = a.next()
			if !parseLifetime(preferredArg, &preferredLft) {
				invarg("preferred_lft value", preferredArg)
			}
		case addressFlagByName(word) != nil:
			flag := addressFlagByName(word)
			switch {
			case flag.readonly:
				stderr("Warning: ", flag.name, " option is not mutable from userspace\n")
			case flag.v6only && ifa.Family != unix.AF_INET6:
				stderr("Warning: ", flag.name, " option can be set only for IPv6 addresses\n")
			default:
				ifaFlags |= flag.mask
			}
		default:
			if word == "local" {
				word = a.next()
			}
			if matches(word, "help") {
				addressUsage()
			}
			if localLen != 0 {
				duparg2("local", word)
			}
			localArg = word
			local = mustParsePrefix(word, family())
			localLen = addAddress(unix.IFA_LOCAL, local)
		}
	}
	if ifaFlags <= 0xff {
		ifa.Flags = uint8(ifaFlags)
	} else {
		ae.Uint32(unix.IFA_FLAGS, ifaFlags)
	}
	if dev == "" {
		stderr("Not enough information: \"dev\" argument is required.\n")
		return statusFailure
	}
	if peerLen == 0 && localLen != 0 {
		if typ == unix.RTM_DELADDR && local.family == unix.AF_INET && local.flags&prefixLenSpecified == 0 {
			stderr("Warning: Executing wildcard deletion to stay compatible with old scripts.\n",
				"         Explicitly specify the prefix length (", localArg, "/", itoa(localLen*8), ") to avoid this warning.\n",
				"         This special behaviour is likely to disappear in further releases,\n",
				"         fix your scripts!\n")
		} else {
			peer = local
			ae.Bytes(unix.IFA_ADDRESS, local.data[:local.bytelen])
		}
	}
	if ifa.PrefixLen == 0 {
		ifa.PrefixLen = uint8(local.bitlen)
	}
	if brdLen < 0 && typ != unix.RTM_DELADDR {
		if ifa.Family != unix.AF_INET {
			stderr("Broadcast can be set only for IPv4 addresses\n")
			return statusFailure
		}
		if peer.bitlen <= 30 {
			brd := binary.BigEndian.Uint32(peer.data[:4])
			host := uint32(1)<<(32-peer.bitlen) - 1
			if brdLen == -1 {
				brd |= host
			} else {
				brd &^= host
			}
			ae.Bytes(unix.IFA_BROADCAST, binary.BigEndian.AppendUint32(nil, brd))
		}
	}
	if !scoped && typ != unix.RTM_DELADDR && local.family == unix.AF_INET && local.bytelen >= 1 && local.data[0] == 127 {
		ifa.Scope = unix.RT_SCOPE_HOST
	}
	index := s.links.nameToIndex(dev)
	if index == 0 {
		stderr(`Cannot find device "`, dev, `"`, "\n")
		return statusFailure
	}
	ifa.Index = uint32(index)
	if validArg != "" || preferredArg != "" {
		if validLft == 0 {
			stderr("valid_lft is zero\n")
			return statusFailure
		}
		if validLft < preferredLft {
			stderr("preferred_lft is greater than valid_lft\n")
			return statusFailure
		}
		ci := binary.NativeEndian.AppendUint32(nil, preferredLft)
		ci = binary.NativeEndian.AppendUint32(ci, validLft)
		ae.Bytes(unix.IFA_CACHEINFO, append(ci, make([]byte, 8)...))
	}
	if ifaFlags&unix.IFA_F_MCAUTOJOIN != 0 && !isMulticast(&local) {
		stderr("autojoin needs multicast address\n")
		return statusFailure
	}
	return s.modify(typ, flags, ifa.Marshal(), ae)
}

// parseLifetime reads a lifetime in seconds, or "forever".
func parseLifetime(arg string, lifetime *uint32) bool {
	if arg == "forever" {
		*lifetime = foreverLifetime
		return true
	}
	n, ok := getU32(arg, 0)
	*lifetime = n
	return ok
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
func (s *ipSession) addressFlush(a args) int {
	if a.empty() {
		stderr("Flush requires arguments.\n")
		return statusFailure
	}
	if s.family == unix.AF_PACKET {
		stderr("Cannot flush link addresses.\n")
		return statusFailure
	}
	f, _, status := s.parseLinkFilter(a, false)
	if status != 0 {
		return status
	}
	for round := 0; round < maxFlushRounds; round++ {
		msgs, ok := s.dump(addressDumpRequest(f))
		if !ok {
			stderr("Flush terminated\n")
			fail(statusFailure)
		}
		flushed := 0
		for _, m := range msgs {
			addr, ok := decodeAddress(m)
			if !ok || m.Header.Type != unix.RTM_NEWADDR || !s.addressSelected(addr, f) {
				continue
			}
			_, err := s.conn.Execute(nl.Message{Header: nl.Header{Type: unix.RTM_DELADDR}, Data: m.Data})
			// Deleting a primary can take its secondaries with it.
			if err != nil && !isErrno(err, unix.EADDRNOTAVAIL) {
				stderr("Failed to send flush request: ", strerror(err), "\n")
				return statusUsage
			}
			flushed++
		}
		// With "primary" alone, a second round would take the
		// secondaries that were promoted.
		if flushed == 0 || (f.flags&unix.IFA_F_SECONDARY == 0 && f.flagMask&unix.IFA_F_SECONDARY != 0) {
			return 0
		}
	}
	stderr("*** Flush remains incomplete after ", itoa(maxFlushRounds), " rounds. ***\n")
	return statusUsage
}
