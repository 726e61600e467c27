package ul

import (
	"slices"
	"testing"

	"nsip/ns"
)

func TestNamespacesByInode(t *testing.T) {
	for _, inodes := range [][]uint64{
		nil,
		{7},
		{2, 1},
		{4026531840, 4026532000, 4026531835, 4026531836, 4026532563, 4026531837, 1, 4026531839},
		{9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 10, 11, 12},
	} {
		l := &lsns{}
		for _, ino := range inodes {
			l.add(&lsnsNamespace{ino: ino})
		}
		var got []uint64
		for _, n := range l.namespaces {
			got = append(got, n.ino)
		}
		want := slices.Sorted(slices.Values(inodes))
		if !slices.Equal(got, want) {
			t.Errorf("added %v, have %v, want %v", inodes, got, want)
		}
		for _, ino := range inodes {
			if n := l.find(ino); n == nil || n.ino != ino {
				t.Errorf("added %v, find(%d) = %v", inodes, ino, n)
			}
		}
		if n := l.find(3000000000); n != nil {
			t.Errorf("added %v, find(3000000000) = %v", inodes, n)
		}
	}
}

// unshare and nsenter take an option's index in namespaceOptions for its
// kind: each option must be the first letter of the kind at that index.
func TestNamespaceOptionsFollowKinds(t *testing.T) {
	if len(namespaceOptions) != len(ns.Kinds) {
		t.Fatalf("%d namespace options for %d kinds", len(namespaceOptions), len(ns.Kinds))
	}
	for kind, c := range []byte(namespaceOptions) {
		if c|0x20 != ns.Kinds[kind][0] {
			t.Errorf("option -%c stands for kind %s", c, ns.Kinds[kind])
		}
	}
}
