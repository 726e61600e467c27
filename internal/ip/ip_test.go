package ip

import "testing"

// TestObjectNumbers checks the obj constants against their places in
// ipObjects, which they are written out to match, and abbreviations
// against ip's order.
func TestObjectNumbers(t *testing.T) {
	for name, want := range map[string]int{
		"address": objAddress, "route": objRoute, "rule": objRule, "neighbor": objNeighbor,
		"neighbour": objNeighbour, "link": objLink, "tuntap": objTuntap, "tap": objTap,
		"monitor": objMonitor, "netns": objNetns, "help": objHelp,
	} {
		if got := wordIndex(name, ipObjects); got != want {
			t.Errorf("%s is word %d of ipObjects, its constant says %d", name, got, want)
		}
	}
	for word, object := range map[string]string{"n": "neighbor", "tu": "tunnel", "a": "address", "ma": "maddress",
		"s": "sr", "st": "stats", "x": "xfrm", "netn": "netns", "r": "route", "ru": "rule", "t": "tunnel"} {
		if got, want := wordIndex(word, ipObjects), wordIndex(object, ipObjects); got != want {
			t.Errorf("%q abbreviates word %d, want %d (%s)", word, got, want, object)
		}
	}
	if got := wordIndex("routes", ipObjects); got != -1 {
		t.Errorf("routes is word %d, want none", got)
	}
}
