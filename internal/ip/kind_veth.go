package ip

import (
	"nsip/internal/cli"
	"nsip/nl"
)

// parseVethOptions reads "peer [OPTIONS]": the peer is a link request of
// its own, nested in VETH_INFO_PEER.
func parseVethOptions(s *session, a args, req *linkRequest) int {
	if a[0] != "peer" {
		// iproute2 prints this usage with printf, so it goes to stdout.
		s.out.Text("Usage: ip link <options> type veth [peer <options>]\n" +
			"To get <options> type 'ip link add help'\n")
		return cli.StatusFailure
	}
	peer := newLinkRequest(req.create, int(req.ifi.Family))
	// The peer's namespace must stay open until the request is sent: the
	// peer adds it to the request's.
	peer.fds = req.fds
	var la linkArgs
	status := s.parseLinkArgs(a[1:], peer, &la)
	req.fds = peer.fds
	if status != 0 {
		return status
	}
	if la.kind != nil {
		duparg("type", *la.kind)
	}
	req.attrs.Nest(nl.VethInfoPeer)
	// The ifinfomsg is 16 bytes, aligned: one Raw of both is the same.
	req.attrs.Raw(append(peer.ifi.Marshal(), peer.attrs.Encode()...))
	req.attrs.End()
	return 0
}
