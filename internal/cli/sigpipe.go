package cli

import (
	_ "unsafe" // for go:linkname
)

// DieOfSIGPIPE ends the process as a write to a pipe nobody reads ends a
// C program: killed by SIGPIPE. The Go runtime ignores the signal for
// writes that do not go through package os, and nsip writes without it.
//
//go:linkname DieOfSIGPIPE os.sigpipe
func DieOfSIGPIPE()
