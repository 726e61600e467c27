package main

import (
	"debug/elf"
	"os"
	"runtime"
	"testing"
)

// maxBinarySize is the size budget of the stripped amd64 binary.
const maxBinarySize = 2 << 20

// TestBuiltBinaryIsStaticAndSmall checks the ./nsip that make built.
func TestBuiltBinaryIsStaticAndSmall(t *testing.T) {
	st, err := os.Stat("nsip")
	if err != nil {
		t.Skip("nsip is not built; run make first")
	}
	f, err := elf.Open("nsip")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("nsip has a PT_INTERP segment: it is dynamically linked")
		}
	}
	if f.Section(".symtab") != nil {
		t.Error("nsip is not stripped")
	}
	if runtime.GOARCH == "amd64" && st.Size() > maxBinarySize {
		t.Errorf("nsip is %d bytes, over the %d byte budget", st.Size(), maxBinarySize)
	}
}
