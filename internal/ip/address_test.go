package ip

import (
	"slices"
	"testing"

	"nsip/nl"
)

func TestGroupAddresses(t *testing.T) {
	addr := func(index uint32, prefixLen uint8) nl.Message {
		return nl.Message{Data: nl.IfAddrMsg{Index: index, PrefixLen: prefixLen}.Marshal()}
	}
	short := nl.Message{Data: []byte{1, 2}}
	tests := []struct {
		name string
		msgs []nl.Message
		// want are the prefix lengths of each link's messages, in order.
		want map[uint32][]uint8
	}{
		{name: "no messages", want: map[uint32][]uint8{1: nil}},
		{
			name: "one link",
			msgs: []nl.Message{addr(2, 8), addr(2, 16), addr(2, 24)},
			want: map[uint32][]uint8{2: {8, 16, 24}, 3: nil},
		},
		{
			name: "links interleaved as IPv4 then IPv6 come",
			msgs: []nl.Message{addr(1, 8), addr(3, 16), addr(1, 24), addr(2, 64), addr(3, 128), addr(1, 96)},
			want: map[uint32][]uint8{1: {8, 24, 96}, 2: {64}, 3: {16, 128}, 4: nil},
		},
		{
			name: "a message too short for its header belongs to no link",
			msgs: []nl.Message{short, addr(0, 8), short, addr(5, 16)},
			want: map[uint32][]uint8{0: {8}, 5: {16}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a linkAddresses
			a.group(tt.msgs)
			for index, want := range tt.want {
				var got []uint8
				for _, i := range a.of(index) {
					ifa, _, err := nl.UnmarshalIfAddrMsg(a.msgs[i].Data)
					if err != nil || ifa.Index != index {
						t.Fatalf("link %d: message %d is not its own (%v, index %d)", index, i, err, ifa.Index)
					}
					got = append(got, ifa.PrefixLen)
				}
				if !slices.Equal(got, want) {
					t.Errorf("link %d: prefix lengths %v, want %v", index, got, want)
				}
			}
		})
	}
}
