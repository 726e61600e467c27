package nl

// Values from the kernel's uapi headers that golang.org/x/sys/unix lacks.
const (
	// IFLA_EXT_MASK bits (RTEXT_FILTER_*).
	ExtFilterVF        = 1 << 0
	ExtFilterSkipStats = 1 << 3

	// VethInfoPeer (VETH_INFO_PEER) nests the peer's ifinfomsg and
	// attributes inside IFLA_INFO_DATA of a veth.
	VethInfoPeer = 1

	// RouteNexthopID (RTA_NH_ID) names a nexthop object a route uses.
	RouteNexthopID = 30
)
