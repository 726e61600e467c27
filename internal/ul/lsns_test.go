package ul

import (
	"slices"
	"testing"
)

func TestSortByInode(t *testing.T) {
	for _, inodes := range [][]uint64{
		nil,
		{7},
		{2, 1},
		{4026531840, 4026532000, 4026531835, 4026531836, 4026532563, 4026531837, 1, 4026531839},
		{9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 10, 11, 12},
	} {
		var namespaces []*lsnsNamespace
		for _, ino := range inodes {
			namespaces = append(namespaces, &lsnsNamespace{ino: ino})
		}
		sortByInode(namespaces)
		var got []uint64
		for _, n := range namespaces {
			got = append(got, n.ino)
		}
		want := slices.Sorted(slices.Values(inodes))
		if !slices.Equal(got, want) {
			t.Errorf("sortByInode(%v) = %v, want %v", inodes, got, want)
		}
	}
}
