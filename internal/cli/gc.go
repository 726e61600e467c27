package cli

import (
	"math"
	_ "unsafe" // for go:linkname
)

// The runtime's side of runtime/debug's SetGCPercent and SetMemoryLimit:
// package runtime/debug itself would bring package os along.
//
//go:linkname setGCPercent runtime/debug.setGCPercent
func setGCPercent(percent int32) int32

//go:linkname setMemoryLimit runtime/debug.setMemoryLimit
func setMemoryLimit(limit int64) int64

// deferredGCLimit is the heap size at which the collector starts after
// DeferGC: no listing nsip streams comes near it.
const deferredGCLimit = 32 << 20

// DeferGC keeps the garbage collector out of a run of a command: one ends
// long before its garbage matters, and the collector's first cycle, at
// 4 MiB, would cost a listing more than its garbage does. The collector
// still starts when the heap reaches 32 MiB. GOGC or GOMEMLIMIT in the
// environment keep the runtime's settings.
func DeferGC() {
	if Getenv("GOGC") == "" && Getenv("GOMEMLIMIT") == "" {
		setGCPercent(-1)
		setMemoryLimit(deferredGCLimit)
	}
}

// RestoreGC gives a command that runs until it is stopped (ip monitor)
// the runtime's usual collector back.
func RestoreGC() {
	if Getenv("GOGC") == "" && Getenv("GOMEMLIMIT") == "" {
		setMemoryLimit(math.MaxInt64)
		setGCPercent(100)
	}
}
