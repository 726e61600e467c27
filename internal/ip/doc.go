// Package ip is nsip's iproute2 6.1 ip: the same grammar, output (text,
// -o, -br, -j, -p), error texts and exit statuses, for the objects netns,
// link, address, route, rule and monitor.
//
// The files follow iproute2's ip/ directory, one object to a file:
//
//   - ip.go: the global options and the object a command names (ip.c).
//   - netns.go, exec.go: ip netns, and netns exec's namespace switch.
//   - link.go, linkkinds.go, linkchange.go, linkundo.go, linkcache.go:
//     printing links, the options of each kind, ip link add/set/delete,
//     putting back what a failed set changed, and the name/index cache.
//   - address.go, addresschange.go: ip address show, add, delete, flush.
//   - route.go, routechange.go, routeget.go: ip route show and flush, add
//     and delete, get.
//   - rule.go, rulechange.go, rulesave.go: ip rule list and flush, add and
//     del, save and restore.
//   - monitor.go, monitorprint.go, localtime.go: ip monitor, its netconf,
//     prefix and timestamp printers, and local time as C's localtime.
//   - batch.go: -batch files; names.go: the /etc/iproute2 name databases;
//     parse.go, decimal.go: addresses and numbers as glibc reads them;
//     args.go: the words of a command and ip's complaints about them;
//     rtnl.go: the session and how kernel errors are reported;
//     kernelhint.go: naming a link kind the kernel lacks; usage.go: help.
//
// Parsing returns request values (linkArgs, addressRequest, routeRequest,
// routeGetRequest) whose defaults come from pure functions. The session
// prints through one output.Printer for text and JSON alike, and ends a
// command the way ip does, with cli.Fail and ip's exit statuses.
//
// Small helpers that many callers share are marked //go:noinline: inlined at
// every call they would only grow the binary, which aims at 2 MiB.
package ip
