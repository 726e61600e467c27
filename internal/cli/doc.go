// Package cli is what nsip's command-line tools share beneath their own
// grammar: ending with an exit status from deep inside a command, the
// standard streams without package os, C's texts for errno and its ways
// of reading numbers, err(3)'s messages, execvp, and the lines nsip adds
// when the kernel lacks a feature.
//
// Small helpers that many callers share are marked //go:noinline: inlined at
// every call they would only grow the binary, which aims at 2 MiB.
package cli
