// Package nl speaks rtnetlink by hand: it builds requests, sends them on a
// NETLINK_ROUTE socket and parses what the kernel answers.
//
// The package has three layers:
//
//   - Message and Header are the netlink envelope (struct nlmsghdr).
//     ParseMessages splits a datagram into messages without ever panicking.
//   - AttributeEncoder and AttributeDecoder build and walk the type-length-value
//     attributes that follow each family header. Like iproute2, nests are sent
//     without NLA_F_NESTED, and decoders mask the flag bits off.
//   - IfInfoMsg, IfAddrMsg, RtMsg and RtGenMsg are the typed family headers of
//     the link, address, route and namespace-id messages.
//
// Conn ties them together. Execute sends a request and waits for its answer: the
// acknowledgement of a change, the one reply to a GET. Dump reads a multipart
// dump to NLMSG_DONE and retries it when the kernel flags it as interrupted;
// DumpEach hands each message to a callback as it arrives, through one reused
// buffer. Every reply is checked for its sequence number, its port id
// and a kernel sender. A failure comes back as *OpError, which carries the
// kernel's extended-ack message and unwraps to unix.Errno.
//
// Monitor listens instead: subscribed to multicast groups, it receives the
// kernel's notifications, with the nsid of the namespace each came from.
// MessageFile reads them back from a file rtmon saved.
//
// Netlink is in host byte order, so every integer here goes through
// binary.NativeEndian: the same code is right on little- and big-endian hosts.
//
// Small helpers that many callers share are marked //go:noinline: inlined at
// every call they would only grow the binary, which aims at 2 MiB.
package nl
