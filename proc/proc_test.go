package proc

import (
	"errors"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"testing"
)

func TestNamespaceIdentity(t *testing.T) {
	self, err := Namespace("/proc/self/ns/net")
	if err != nil {
		t.Fatal(err)
	}
	again, err := Namespace("/proc/" + strconv.Itoa(os.Getpid()) + "/ns/net")
	if err != nil || again != self {
		t.Errorf("the same namespace by two paths: %v and %v (%v)", self, again, err)
	}
	uts, err := Namespace("/proc/self/ns/uts")
	if err != nil || uts == self {
		t.Errorf("net and uts namespaces share an identity: %v (%v)", uts, err)
	}
	if _, err := Namespace("/proc/self/ns/nonexistent"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestTasksListsThisThread(t *testing.T) {
	tids, err := Tasks(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, tid := range tids {
		found = found || tid == os.Getpid()
		if _, err := Namespace(TaskNamespacePath(os.Getpid(), tid, "net")); err != nil && !os.IsNotExist(err) {
			t.Errorf("thread %d: %v", tid, err)
		}
	}
	if !found {
		t.Errorf("the main thread %d is not among %v", os.Getpid(), tids)
	}
}

func TestListDirAndReadFile(t *testing.T) {
	dir := t.TempDir()
	want := []string{"a", "b", "c"}
	for _, name := range want {
		if err := os.WriteFile(dir+"/"+name, []byte("data of "+name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := ListDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(got)
	if len(got) != 3 || got[0] != "a" || got[2] != "c" {
		t.Errorf("ListDir = %v, want %v without . and ..", got, want)
	}
	data, err := ReadFile(dir + "/b")
	if err != nil || string(data) != "data of b" {
		t.Errorf("ReadFile = %q, %v", data, err)
	}
	if _, err := ListDir(dir + "/a"); err == nil {
		t.Error("ListDir of a file succeeded")
	}
	if _, err := ReadFile(dir + "/missing"); err == nil {
		t.Error("ReadFile of a missing file succeeded")
	}
}
