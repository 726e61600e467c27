// Command hello is the baseline of make bench's per-process workloads: a
// static Go program that only writes one line. A cheap nsip command costs
// what the Go runtime's start costs plus nsip's own work; the difference
// between the two is nsip's.
package main

import "syscall"

func main() {
	syscall.Write(1, []byte("hello\n"))
}
