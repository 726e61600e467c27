// Package build checks the binaries make built: static, stripped, the
// right machine, and within the size budget.
package build

import (
	"bytes"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// maxBinarySize is the hard size budget of the stripped amd64 binary.
const maxBinarySize = 2 << 20

// top is the module's directory, where make builds.
const top = "../../"

// TestBuiltBinaryIsStaticAndSmall checks the ./nsip that make built.
func TestBuiltBinaryIsStaticAndSmall(t *testing.T) {
	st, err := os.Stat(top + "nsip")
	if err != nil {
		t.Skip("nsip is not built; run make first")
	}
	checkStaticStripped(t, top+"nsip")
	if runtime.GOARCH == "amd64" && st.Size() > maxBinarySize {
		t.Errorf("nsip is %d bytes, over the %d byte budget", st.Size(), maxBinarySize)
	}
	// The Makefile's runtime settings reach the runtime's variable: were
	// it renamed, -X would set nothing and say nothing.
	data, err := os.ReadFile(top + "nsip")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(",memprofilerate=0,profstackdepth=0")) {
		t.Error("nsip was built without memprofilerate=0,profstackdepth=0 in runtime.godebugDefault")
	}
}

// TestStdPackagesKeptOut: nsip's code must not bring these packages into
// the binary. fmt, os, flag, encoding/json and os/exec cost size; strings,
// bytes and encoding/binary (through reflect) bring unicode, whose
// package initialiser runs at every start and costs a cheap command a
// tenth of its time in page faults.
func TestStdPackagesKeptOut(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	out, err := exec.Command(goTool, "list", "-deps", top).Output()
	if err != nil {
		t.Fatal(err)
	}
	deps := strings.Fields(string(out))
	for _, pkg := range []string{"fmt", "os", "flag", "encoding/json", "os/exec", "strings", "bytes", "unicode",
		"reflect", "encoding/binary", "bufio"} {
		if slices.Contains(deps, pkg) {
			t.Errorf("nsip imports %s", pkg)
		}
	}
}

// TestCrossBinariesAreStatic checks what make cross put in dist/: a
// static, stripped binary for each architecture's own machine type.
func TestCrossBinariesAreStatic(t *testing.T) {
	machines := map[string]elf.Machine{
		"amd64": elf.EM_X86_64, "386": elf.EM_386, "arm64": elf.EM_AARCH64, "arm": elf.EM_ARM,
		"riscv64": elf.EM_RISCV, "ppc64le": elf.EM_PPC64, "s390x": elf.EM_S390, "mips64le": elf.EM_MIPS,
	}
	paths, _ := filepath.Glob(top + "dist/nsip-linux-*")
	if len(paths) == 0 {
		t.Skip("no cross-built binaries; run make cross first")
	}
	for _, path := range paths {
		arch := strings.TrimPrefix(filepath.Base(path), "nsip-linux-")
		f := checkStaticStripped(t, path)
		if want, ok := machines[arch]; !ok || f.Machine != want {
			t.Errorf("%s: machine %v, want %v", path, f.Machine, want)
		}
	}
}

func checkStaticStripped(t *testing.T, path string) *elf.File {
	t.Helper()
	f, err := elf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Errorf("%s has a PT_INTERP segment: it is dynamically linked", path)
		}
	}
	if f.Section(".symtab") != nil {
		t.Errorf("%s is not stripped", path)
	}
	return f
}
