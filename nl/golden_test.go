package nl

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"
)

// Golden messages are iproute2 6.1's own requests and the kernel's replies,
// copied from `strace -e write=3 -e read=3 ip ...` on a little-endian host.
// Each one is written twice: as the captured hex, and as fields that
// nativeBytes lays out in the host's byte order. The fields are what the
// tests compare against, so they hold on big-endian hosts too; on a
// little-endian host TestGoldenTranscription proves they match the capture.
type golden struct {
	name    string
	capture string
	fields  string
}

// nativeBytes lays out fields separated by white space: u8:N u16:N u32:N
// u64:N i32:N are integers in host byte order; x:HEX is raw bytes as they
// are on the wire (addresses, strings); pad:N is N zero bytes.
func nativeBytes(t testing.TB, fields string) []byte {
	t.Helper()
	var b []byte
	for _, f := range strings.Fields(fields) {
		kind, val, ok := strings.Cut(f, ":")
		if !ok {
			t.Fatalf("field %q has no kind", f)
		}
		switch kind {
		case "x":
			raw, err := hex.DecodeString(val)
			if err != nil {
				t.Fatalf("field %q: %v", f, err)
			}
			b = append(b, raw...)
		case "pad":
			n, err := strconv.Atoi(val)
			if err != nil {
				t.Fatalf("field %q: %v", f, err)
			}
			b = append(b, make([]byte, n)...)
		case "i32":
			n, err := strconv.ParseInt(val, 0, 32)
			if err != nil {
				t.Fatalf("field %q: %v", f, err)
			}
			b = binary.NativeEndian.AppendUint32(b, uint32(int32(n)))
		default:
			bits := map[string]int{"u8": 8, "u16": 16, "u32": 32, "u64": 64}[kind]
			if bits == 0 {
				t.Fatalf("field %q: unknown kind", f)
			}
			n, err := strconv.ParseUint(val, 0, bits)
			if err != nil {
				t.Fatalf("field %q: %v", f, err)
			}
			switch bits {
			case 8:
				b = append(b, byte(n))
			case 16:
				b = binary.NativeEndian.AppendUint16(b, uint16(n))
			case 32:
				b = binary.NativeEndian.AppendUint32(b, uint32(n))
			case 64:
				b = binary.NativeEndian.AppendUint64(b, n)
			}
		}
	}
	return b
}

func hostIsLittleEndian() bool {
	return binary.NativeEndian.Uint16([]byte{1, 0}) == 1
}

// Requests iproute2 6.1 sends. Sequence numbers are as captured.
var (
	goldenLinkDump = golden{
		name:    "ip link show: RTM_GETLINK dump of AF_PACKET with IFLA_EXT_MASK",
		capture: "28000000120001033af10a6b000000001100000000000000000000000000000008001d0001000000",
		fields: `u32:40 u16:18 u16:0x301 u32:0x6b0af13a u32:0
		         u8:17 u8:0 u16:0 u32:0 u32:0 u32:0
		         u16:8 u16:29 u32:1`,
	}
	goldenLinkGetByName = golden{
		name:    "ip link show dev lo: RTM_GETLINK by IFLA_IFNAME",
		capture: "30000000120001003af10a6b0000000011000000000000000000000000000000070003006c6f000008001d0001000000",
		fields: `u32:48 u16:18 u16:0x1 u32:0x6b0af13a u32:0
		         u8:17 u8:0 u16:0 u32:0 u32:0 u32:0
		         u16:7 u16:3 x:6c6f00 pad:1
		         u16:8 u16:29 u32:1`,
	}
	goldenLinkDumpFiltered = golden{
		name:    "ip link show master br0 type veth: dump filtered by IFLA_MASTER and kind",
		capture: "3c000000120001033af10a6b000000001100000000000000000000000000000008001d000100000008000a00020000000c0012000800010076657468",
		fields: `u32:60 u16:18 u16:0x301 u32:0x6b0af13a u32:0
		         u8:17 u8:0 u16:0 u32:0 u32:0 u32:0
		         u16:8 u16:29 u32:1
		         u16:8 u16:10 u32:2
		         u16:12 u16:18 u16:8 u16:1 x:76657468`,
	}
	goldenAddrDump = golden{
		name:    "ip -4 addr show dev lo: RTM_GETADDR dump of AF_INET on ifindex 1",
		capture: "18000000160001033bf10a6b000000000200000001000000",
		fields: `u32:24 u16:22 u16:0x301 u32:0x6b0af13b u32:0
		         u8:2 u8:0 u8:0 u8:0 u32:1`,
	}
	goldenRouteDump = golden{
		name:    "ip route show table 1000: RTM_GETROUTE dump with RTA_TABLE",
		capture: "240000001a0001033af10a6b0000000002000000000000000000000008000f00e8030000",
		fields: `u32:36 u16:26 u16:0x301 u32:0x6b0af13a u32:0
		         u8:2 u8:0 u8:0 u8:0 u8:0 u8:0 u8:0 u8:0 u32:0
		         u16:8 u16:15 u32:1000`,
	}
	goldenGetNSID = golden{
		name:    "ip netns list: RTM_GETNSID with NETNSA_FD 6",
		capture: "1c0000005a0001003af10a6b00000000000000000800030006000000",
		fields: `u32:28 u16:90 u16:0x1 u32:0x6b0af13a u32:0
		         u8:0 pad:3
		         u16:8 u16:3 u32:6`,
	}
	goldenVethCreate = golden{
		name: "ip link add v0 type veth peer name v1: nests without NLA_F_NESTED",
		capture: "540000001000050665f10a6b000000000000000000000000000000000000000007000300763000002c001200" +
			"0800010076657468200002001c000100000000000000000000000000000000000700030076310000",
		fields: `u32:84 u16:16 u16:0x605 u32:0x6b0af165 u32:0
		         u8:0 u8:0 u16:0 u32:0 u32:0 u32:0
		         u16:7 u16:3 x:763000 pad:1
		         u16:44 u16:18
		           u16:8 u16:1 x:76657468
		           u16:32 u16:2
		             u16:28 u16:1
		               u8:0 u8:0 u16:0 u32:0 u32:0 u32:0
		               u16:7 u16:3 x:763100 pad:1`,
	}
)

// Replies the kernel sent to those requests.
var (
	goldenAddrReply = golden{
		name: "RTM_NEWADDR for 127.0.0.1/8 on lo, then NLMSG_DONE",
		capture: "4c0000001400220040f10a6b9f0f0000020880fe01000000080001007f000001080002007f000001070003006c6f0000" +
			"080008008000000014000600ffffffffffffffff2488000024880000" +
			"140000000300220040f10a6b9f0f000000000000",
		fields: `u32:76 u16:20 u16:0x22 u32:0x6b0af140 u32:0xf9f
		         u8:2 u8:8 u8:0x80 u8:254 u32:1
		         u16:8 u16:1 x:7f000001
		         u16:8 u16:2 x:7f000001
		         u16:7 u16:3 x:6c6f00 pad:1
		         u16:8 u16:8 u32:0x80
		         u16:20 u16:6 u32:0xffffffff u32:0xffffffff u32:0x8824 u32:0x8824
		         u32:20 u16:3 u16:0x22 u32:0x6b0af140 u32:0xf9f i32:0`,
	}
	goldenRouteReply = golden{
		name: "three RTM_NEWROUTE of table local in one datagram",
		capture: "3c000000180022003ff10a6ba50f000002080000ff02fe020000000008000f00ff000000080001007f000000080007007f0000010800040001000000" +
			"3c000000180022003ff10a6ba50f000002200000ff02fe020000000008000f00ff000000080001007f000001080007007f0000010800040001000000" +
			"3c000000180022003ff10a6ba50f000002200000ff02fd030000000008000f00ff000000080001007fffffff080007007f0000010800040001000000",
		fields: `u32:60 u16:24 u16:0x22 u32:0x6b0af13f u32:0xfa5
		         u8:2 u8:8 u8:0 u8:0 u8:255 u8:2 u8:254 u8:2 u32:0
		         u16:8 u16:15 u32:255 u16:8 u16:1 x:7f000000 u16:8 u16:7 x:7f000001 u16:8 u16:4 u32:1
		         u32:60 u16:24 u16:0x22 u32:0x6b0af13f u32:0xfa5
		         u8:2 u8:32 u8:0 u8:0 u8:255 u8:2 u8:254 u8:2 u32:0
		         u16:8 u16:15 u32:255 u16:8 u16:1 x:7f000001 u16:8 u16:7 x:7f000001 u16:8 u16:4 u32:1
		         u32:60 u16:24 u16:0x22 u32:0x6b0af13f u32:0xfa5
		         u8:2 u8:32 u8:0 u8:0 u8:255 u8:2 u8:253 u8:3 u32:0
		         u16:8 u16:15 u32:255 u16:8 u16:1 x:7fffffff u16:8 u16:7 x:7f000001 u16:8 u16:4 u32:1`,
	}
	goldenDumpError = golden{
		name:    "NLMSG_DONE carrying -ENOENT and an extended-ack message",
		capture: "38000000030022023ff10a6bab0f0000feffffff23000100697076343a20464942207461626c6520646f6573206e6f742065786973740000",
		fields: `u32:56 u16:3 u16:0x222 u32:0x6b0af13f u32:0xfab
		         i32:-2
		         u16:35 u16:1 x:697076343a20464942207461626c6520646f6573206e6f7420657869737400 pad:1`,
	}
)

var allGolden = []golden{
	goldenLinkDump, goldenLinkGetByName, goldenLinkDumpFiltered, goldenAddrDump,
	goldenRouteDump, goldenGetNSID, goldenVethCreate,
	goldenAddrReply, goldenRouteReply, goldenDumpError,
}

func TestGoldenTranscription(t *testing.T) {
	for _, g := range allGolden {
		got := nativeBytes(t, g.fields)
		want, err := hex.DecodeString(g.capture)
		if err != nil {
			t.Fatalf("%s: bad capture: %v", g.name, err)
		}
		if len(got) != len(want) {
			t.Errorf("%s: fields make %d bytes, the capture has %d", g.name, len(got), len(want))
			continue
		}
		if hostIsLittleEndian() && !bytes.Equal(got, want) {
			t.Errorf("%s: fields do not transcribe the capture:\n got %x\nwant %x", g.name, got, want)
		}
	}
}
