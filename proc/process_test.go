package proc

import (
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"nsip/internal/testenv"
)

func TestParseStat(t *testing.T) {
	tests := []struct {
		name, text string
		want       Stat
		ok         bool
	}{
		{"plain", "1234 (sleep) S 1 1234 1234 0 -1 4194304 86 0 0 0 0 0 0 0 20 0 1 0 123 2240512 128 18446744073709551615",
			Stat{PID: 1234, State: 'S', PPID: 1, Threads: 1}, true},
		{"name with spaces and parentheses", "42 (a (b) c) R 7 42 42 0 -1 0 0 0 0 0 0 0 0 0 20 0 9 0 1 0 0",
			Stat{PID: 42, State: 'R', PPID: 7, Threads: 9}, true},
		{"zombie", "9 (x) Z 1 9 9 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 0 0", Stat{PID: 9, State: 'Z', PPID: 1, Threads: 1}, true},
		{"no parentheses", "9 x S 1", Stat{}, false},
		{"truncated", "9 (x) S 1 2", Stat{}, false},
		{"bad pid", "nine (x) S 1 9 9 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 0 0", Stat{}, false},
		{"empty", "", Stat{}, false},
	}
	for _, tt := range tests {
		got, err := ParseStat(tt.text)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("%s: ParseStat = %+v, %v; want %+v, ok %v", tt.name, got, err, tt.want, tt.ok)
		}
	}
}

func TestReadStatOfThisProcess(t *testing.T) {
	testenv.SkipIfEmulated(t, "/proc/self/stat is the emulator's imitation")
	data, err := ReadFile(PIDPath(os.Getpid(), "stat"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := ParseStat(string(data))
	if err != nil || st.PID != os.Getpid() || st.PPID != os.Getppid() || st.Threads < 1 {
		t.Errorf("ParseStat(/proc/self/stat) = %+v, %v", st, err)
	}
}

func TestParseMountinfo(t *testing.T) {
	text := "" +
		"22 1 0:21 / /run rw,nosuid shared:5 - tmpfs tmpfs rw,mode=755\n" +
		"63 22 0:4 net:[4026532177] /run/netns/a\\040b rw shared:2 master:1 - nsfs nsfs rw\n" +
		"64 22 0:4 mnt:[4026532246] /mnt/m rw - nsfs nsfs rw\n" +
		"garbage\n" +
		"65 22 0:4 / /x rw no-separator\n"
	got := ParseMountinfo(text)
	want := []Mount{
		{ID: 22, Parent: 1, Root: "/", Target: "/run", FSType: "tmpfs", Shared: true},
		{ID: 63, Parent: 22, Root: "net:[4026532177]", Target: "/run/netns/a b", FSType: "nsfs", Shared: true},
		{ID: 64, Parent: 22, Root: "mnt:[4026532246]", Target: "/mnt/m", FSType: "nsfs"},
	}
	if len(got) != len(want) {
		t.Fatalf("ParseMountinfo: %d mounts, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("mount %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestNamespaceLink(t *testing.T) {
	tests := []struct {
		target string
		kind   string
		ino    uint64
		ok     bool
	}{
		{"net:[4026531840]", "net", 4026531840, true},
		{"pid_for_children:[1]", "pid_for_children", 1, true},
		{"socket:[123]", "socket", 123, true},
		{"/dev/null", "", 0, false},
		{"net:[abc]", "", 0, false},
		{"net:[12", "", 0, false},
	}
	for _, tt := range tests {
		kind, ino, ok := NamespaceLink(tt.target)
		if kind != tt.kind || ino != tt.ino || ok != tt.ok {
			t.Errorf("NamespaceLink(%q) = %q, %d, %v", tt.target, kind, ino, ok)
		}
		if ino, ok := NamespaceInode(tt.target, tt.kind); ino != tt.ino || ok != tt.ok {
			t.Errorf("NamespaceInode(%q, %q) = %d, %v", tt.target, tt.kind, ino, ok)
		}
	}
	if _, ok := NamespaceInode("net:[1]", "mnt"); ok {
		t.Error("NamespaceInode took a net link for a mnt one")
	}
}

// FuzzNamespaceLink: NamespaceInode reads what NamespaceLink reads.
func FuzzNamespaceLink(f *testing.F) {
	for _, seed := range []string{"net:[4026531840]", "pid_for_children:[1]", "net:[12", "a:[b:[1]", ":[]"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, link string) {
		kind, ino, ok := NamespaceLink(link)
		// As strings.Cut at ":[" reads it.
		wantKind, rest, found := strings.Cut(link, ":[")
		wantIno, err := strconv.ParseUint(strings.TrimSuffix(rest, "]"), 10, 64)
		if wantOK := found && strings.HasSuffix(rest, "]") && err == nil; ok != wantOK || ok && (kind != wantKind || ino != wantIno) {
			t.Errorf("NamespaceLink(%q) = %q, %d, %v", link, kind, ino, ok)
		}
		if !ok {
			return
		}
		if got, ok := NamespaceInode(link, kind); !ok || got != ino {
			t.Errorf("NamespaceInode(%q, %q) = %d, %v; NamespaceLink read %d", link, kind, got, ok, ino)
		}
	})
}

func TestCommandLine(t *testing.T) {
	if got := CommandLine(os.Getpid()); len(got) == 0 || got[len(got)-1] == 0 {
		t.Errorf("CommandLine(self) = %q", got)
	}
}

func FuzzParseStat(f *testing.F) {
	f.Add("1234 (sleep) S 1 1234 1234 0 -1 4194304 86 0 0 0 0 0 0 0 20 0 1 0 123 2240512 128 18446744073709551615")
	f.Add("42 (a (b) c) R 7 42 42 0 -1 0 0 0 0 0 0 0 0 0 20 0 9 0 1 0 0")
	f.Fuzz(func(t *testing.T, text string) {
		if st, err := ParseStat(text); err == nil && st.State == 0 {
			t.Errorf("ParseStat(%q) accepted a line without a state", text)
		}
	})
}

func FuzzParseMountinfo(f *testing.F) {
	f.Add("63 22 0:4 net:[4026532177] /run/netns/a\\040b rw shared:2 master:1 - nsfs nsfs rw\n")
	f.Add("22 1 0:21 / /run rw,nosuid shared:5 - tmpfs tmpfs rw,mode=755\n")
	f.Fuzz(func(t *testing.T, text string) {
		for _, m := range ParseMountinfo(text) {
			if m.FSType == "" {
				t.Errorf("a mount without a filesystem type from %q", text)
			}
		}
	})
}
