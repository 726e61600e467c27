package ip

import (
	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/internal/unix"
	"nsip/nl"
)

// neighRequest is an ip neigh add, change, replace or delete as parsed.
type neighRequest struct {
	ndm       nl.NdMsg
	dst       inetPrefix
	dstGiven  bool
	devGiven  bool // dev, or proxy, which needs none
	devNamed  bool // dev: dev is to be resolved
	dev       string
	lladdrSet bool
	lladdr    string
	protocols []uint8 // each "protocol" adds one NDA_PROTOCOL, as in ip
	extFlags  uint32
}

// neighChange is `ip neigh add|change|replace|delete`.
func (s *session) neighChange(typ nl.HeaderType, flags nl.HeaderFlags, a args) int {
	req := new(neighRequest)
	s.parseNeighRequest(a, req)
	if !req.devGiven || !req.dstGiven || req.dst.family == unix.AF_UNSPEC {
		fatal(statusUsage, "Device and destination are required arguments.\n")
	}
	ae, ok := req.attributes()
	if !ok {
		return cli.StatusFailure
	}
	if req.devNamed {
		if req.ndm.Index = s.deviceIndex(req.dev); req.ndm.Index == 0 {
			return cli.StatusFailure
		}
	}
	// A refused change ends ip, a batch too, with status 2.
	if status := s.modify(typ, flags, req.ndm.Marshal(), ae); status != 0 {
		cli.Fail(status)
	}
	return 0
}

// parseNeighRequest reads the words after add, change, replace or delete
// into req, zero and on the caller's stack.
func (s *session) parseNeighRequest(a args, req *neighRequest) {
	req.ndm = nl.NdMsg{Family: uint8(s.family), State: unix.NUD_PERMANENT}
	for ; !a.empty(); a.skip() {
		switch word := a.cur(); {
		case cli.Matches(word, "lladdr"):
			arg := a.next()
			if req.lladdrSet {
				duparg("lladdr", arg)
			}
			req.lladdr, req.lladdrSet = arg, true
		case word == "nud":
			arg := a.next()
			state, ok := nudState(arg)
			if !ok {
				invarg("nud state is bad", arg)
			}
			req.ndm.State = uint16(state)
		case cli.Matches(word, "proxy"):
			req.proxy(a.next(), s.family)
		case word == "router":
			req.ndm.Flags |= unix.NTF_ROUTER
		case word == "use":
			req.ndm.Flags |= unix.NTF_USE
		case word == "managed":
			req.extFlags |= nl.NtfExtManaged
			req.ndm.State = unix.NUD_NONE
		case cli.Matches(word, "extern_learn"):
			req.ndm.Flags |= unix.NTF_EXT_LEARNED
		case word == "dev":
			req.dev, req.devNamed, req.devGiven = a.next(), true, true
		case cli.Matches(word, "protocol"):
			req.protocols = append(req.protocols, nextArg(&a, protocolID, "\"protocol\" value is invalid\n"))
		default:
			if word == "to" {
				word = a.next()
			}
			// ip takes the word after "help" as the address.
			if cli.Matches(word, "help") {
				word = a.next()
			}
			if req.dstGiven {
				duparg2("to", word)
			}
			neighAddress(&req.dst, word, s.family)
			req.dstGiven = true
		}
	}
}

// proxy is "proxy ADDR": the address of a proxy entry, which needs no device.
func (req *neighRequest) proxy(arg string, family int) {
	if cli.Matches(arg, "help") {
		neighUsage()
	}
	if req.dstGiven {
		duparg("address", arg)
	}
	neighAddress(&req.dst, arg, family)
	req.dstGiven, req.devGiven = true, true
	req.ndm.Flags |= unix.NTF_PROXY
}

// attributes settles the header's family and encodes the attributes in
// ip's order. A link-layer address ip cannot read fails after its message.
func (req *neighRequest) attributes() (*nl.AttributeEncoder, bool) {
	req.ndm.Family = uint8(req.dst.family)
	ae := nl.NewAttributeEncoder()
	for _, p := range req.protocols {
		ae.Uint8(nl.NdaProtocol, p)
	}
	ae.Bytes(unix.NDA_DST, req.dst.data[:req.dst.bytelen])
	if req.extFlags != 0 {
		ae.Uint32(nl.NdaFlagsExt, req.extFlags)
	}
	if text := req.lladdr; req.lladdrSet && text != "null" {
		// ll_addr_a2n into ip's buffer: the parts past it are neither
		// read nor checked. A colon-separated address ends before the
		// neighLinkAddrMax-th colon.
		if ascii.IndexByte(text, '.') < 0 {
			colons := 0
			for i := 0; i < len(text); i++ {
				if text[i] == ':' {
					if colons++; colons == neighLinkAddrMax {
						text = text[:i]
					}
				}
			}
		}
		lladdr, ok := parseLinkAddr(text)
		if !ok {
			return nil, false
		}
		ae.Bytes(unix.NDA_LLADDR, lladdr)
	}
	return ae, true
}

// neighLinkAddrMax is the size of ip's buffer for a neighbour's lladdr.
const neighLinkAddrMax = 20

// neighAddress is get_addr as ip neigh calls it, into p; with -0 the
// address is a link-layer one.
func neighAddress(p *inetPrefix, arg string, family int) {
	if family != unix.AF_PACKET || arg == "default" || arg == "all" || arg == "any" {
		p.mustSetAddr(arg, family)
		return
	}
	b, ok := parseLinkAddr(arg)
	if !ok || len(b) > len(p.data) {
		expectedError("address", arg, family)
	}
	*p = inetPrefix{family: family, bytelen: len(b), bitlen: 8 * len(b)}
	copy(p.data[:], b)
}

// neighGet is `ip neigh get ADDR dev DEV` (or proxy ADDR): the kernel's
// entry, printed as text even with -json, as in ip.
func (s *session) neighGet(a args) int {
	req := &neighRequest{ndm: nl.NdMsg{Family: uint8(s.family)}}
	for ; !a.empty(); a.skip() {
		switch word := a.cur(); {
		case word == "dev":
			req.dev, req.devNamed, req.devGiven = a.next(), true, true
		case cli.Matches(word, "proxy"):
			req.proxy(a.next(), s.family)
		default:
			if word == "to" {
				word = a.next()
			}
			if cli.Matches(word, "help") {
				neighUsage()
			}
			if req.dstGiven {
				duparg2("to", word)
			}
			neighAddress(&req.dst, word, s.family)
			req.dstGiven = true
		}
	}
	if !req.devGiven || !req.dstGiven || req.dst.family == unix.AF_UNSPEC {
		return failure("Device and address are required arguments.\n")
	}
	ae, _ := req.attributes() // only NDA_DST: there is no lladdr to fail
	if req.devNamed {
		if req.ndm.Index = s.deviceIndex(req.dev); req.ndm.Index == 0 {
			return cli.StatusFailure
		}
	}
	replies, err := s.conn.Execute(nl.Message{Header: nl.Header{Type: unix.RTM_GETNEIGH},
		Data: append(req.ndm.Marshal(), ae.Encode()...)})
	if err != nil {
		s.reportRequestError(err, "")
		return 2
	}
	if len(replies) > 0 {
		s.printNeighAt(&replies[0], 0)
	}
	s.out.Flush()
	return 0
}
