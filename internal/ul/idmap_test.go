package ul

import (
	"reflect"
	"strconv"
	"testing"
)

// The maps util-linux 2.38's unshare --map-users=RANGE --map-user=INNER
// made as root (uid 0), read back from /proc/self/uid_map.
func TestIDMapLines(t *testing.T) {
	tests := []struct {
		r     idRange
		inner int64
		want  [][3]uint32
	}{
		{idRange{200000, 0, 65536}, 0, [][3]uint32{{0, 0, 1}, {1, 200000, 65535}}},
		{idRange{200000, 1, 100}, 0, [][3]uint32{{0, 0, 1}, {1, 200000, 100}}},
		{idRange{200000, 0, 100}, 50, [][3]uint32{{50, 0, 1}, {0, 200000, 50}, {51, 200050, 49}}},
		{idRange{200010, 5, 20}, 10, [][3]uint32{{10, 0, 1}, {5, 200010, 5}, {11, 200015, 14}}},
		{idRange{200000, 0, 100}, 99, [][3]uint32{{99, 0, 1}, {0, 200000, 99}}},
		{idRange{200000, 0, 100}, 100, [][3]uint32{{100, 0, 1}, {0, 200000, 99}}},
		{idRange{200050, 0, 10}, 3, [][3]uint32{{3, 0, 1}, {0, 200050, 3}, {4, 200053, 6}}},
		// Without --map-user the range goes as it is.
		{idRange{100000, 0, 65536}, -1, [][3]uint32{{0, 100000, 65536}}},
	}
	for _, tt := range tests {
		if got := idMapLines(0, tt.inner, tt.r); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("idMapLines(0, %d, %v) = %v, want %v", tt.inner, tt.r, got, tt.want)
		}
	}
}

// string_to_idarray's answers, checked against util-linux's messages:
// -1 and -2 are both "too many elements".
func TestIDArray(t *testing.T) {
	atoi := func(s string) int {
		n, err := strconv.Atoi(s)
		if err != nil {
			return -1
		}
		return n
	}
	tests := []struct {
		list string
		want []int
		n    int
	}{
		{"1,2,3", []int{1, 2, 3}, 3},
		{"1,2", []int{1, 2}, 2},
		{"7", []int{7}, 1},
		{"1,2,3,4", nil, -2},
		{"1,,3", nil, -1},
		{"", nil, -1},
		{",1", nil, -1},
		// The last element runs to the end, comma included.
		{"1,", nil, -1},
		{"-1,0,1", nil, -1},
		{"1,2,3,", nil, -1},
	}
	for _, tt := range tests {
		got, n := idArray(tt.list, 3, atoi)
		if n != tt.n || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("idArray(%q) = %v, %d; want %v, %d", tt.list, got, n, tt.want, tt.n)
		}
	}
}

func FuzzIDArray(f *testing.F) {
	for _, seed := range []string{"1,2,3", "", ",", "1,,3", "1,2,3,4", "a,b", "1,"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, list string) {
		ids, n := idArray(list, 3, func(s string) int {
			if s == "" {
				t.Fatalf("idArray(%q) asked for the id of an empty element", list)
			}
			return len(s)
		})
		if n >= 0 && len(ids) != n || n > 3 || n < -2 {
			t.Fatalf("idArray(%q) = %v, %d", list, ids, n)
		}
	})
}
