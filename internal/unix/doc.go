// Package unix is the part of golang.org/x/sys/unix that nsip uses, with
// the same names and meanings, built on package syscall.
//
// It exists for size: x/sys/unix imports package time, whose
// initialisation brings in internal/godebug and with it the runtime's
// metrics, about 100 KB of the stripped binary that nsip never runs.
// Package syscall has no such cost.
//
// The constants are generated (zconst.go, by mkconst.go) from the names
// nsip's packages use, with x/sys/unix's values; where syscall has the same
// constant on every architecture nsip is built for, they are syscall's.
// zconst_test.go compares each with x/sys/unix when it compiles: `GOARCH=A
// go vet ./internal/unix` checks architecture A. After using a constant
// that is not here yet, run `go generate ./internal/unix`. Functions and
// types are written by hand, each as x/sys/unix has it on Linux.
//
// Small helpers that many callers share are marked //go:noinline: inlined at
// every call they would only grow the binary, which aims at 2 MiB.
package unix

//go:generate go run mkconst.go amd64 386 arm64 arm riscv64 ppc64le s390x mips64le
