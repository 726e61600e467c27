// Package bench profiles nsip in-process, for make bench's BENCH_PROFILE:
// nsip's binary cannot carry runtime/pprof, so these benchmarks call
// ip's and lsns's entry points, with stdout on /dev/null, and go test's
// -cpuprofile and -memprofile do the profiling. They need the state that
// tests/bench/run builds in its sandbox (veth p1 and the rest) and skip
// without it.
package bench

import (
	"os"
	"testing"

	"nsip/internal/cli"
	"nsip/internal/ip"
	"nsip/internal/ul"
	"nsip/internal/unix"
)

// ipWorkloads are the ip commands profiled, by benchmark name.
var ipWorkloads = []struct {
	name string
	argv []string
}{
	{"br-addr-show", []string{"-br", "addr", "show"}},
	{"addr-show", []string{"addr", "show"}},
	{"addr-show-dev", []string{"addr", "show", "dev", "p1"}},
	{"link-show", []string{"link", "show"}},
	{"br-link-show", []string{"-br", "link", "show"}},
	{"o-link-show", []string{"-o", "link", "show"}},
	{"link-show-up", []string{"link", "show", "up"}},
	{"j-link-show", []string{"-j", "link", "show"}},
	{"route-show", []string{"route", "show"}},
	{"j-route-show", []string{"-j", "route", "show"}},
	{"route-show-root", []string{"route", "show", "root", "172.16.0.0/16"}},
	{"link-show-lo", []string{"link", "show", "lo"}},
}

func BenchmarkIP(b *testing.B) {
	needSandbox(b)
	for _, w := range ipWorkloads {
		b.Run(w.name, func(b *testing.B) {
			benchmark(b, func() int { return ip.Main("ip", w.argv) })
		})
	}
}

func BenchmarkLsns(b *testing.B) {
	needSandbox(b)
	lsns := ul.Tool("lsns")
	for _, argv := range [][]string{{"lsns"}, {"lsns", "-J"}} {
		b.Run(argv[len(argv)-1], func(b *testing.B) {
			benchmark(b, func() int { return lsns(argv) })
		})
	}
}

// needSandbox skips unless the sandbox of tests/bench/run is there.
func needSandbox(b *testing.B) {
	if _, err := os.Stat("/sys/class/net/p1"); err != nil {
		b.Skip("needs the state of tests/bench/run: BENCH_PROFILE=1 make bench")
	}
}

// benchmark runs tool in a loop with stdout (fd 1, where nsip writes)
// on /dev/null, and fails on a non-zero exit status or on anything the
// runs wrote to stderr: a run that only complains profiles nothing, and
// may still exit 0 (ip's listings do after "Dump terminated"). ip keeps
// one session a process, as the lines of a -batch share it: the runs
// after the first reuse its socket and its caches, so the first runs
// untimed and its socket stays open.
func benchmark(b *testing.B, tool func() int) {
	null, err := unix.Open(os.DevNull, unix.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer unix.Close(null)
	complaints, err := os.CreateTemp(b.TempDir(), "stderr")
	if err != nil {
		b.Fatal(err)
	}
	defer complaints.Close()
	restoreStdout := redirect(b, 1, null)
	restoreStderr := redirect(b, 2, int(complaints.Fd()))
	status := run(tool)
	for status == 0 && b.Loop() {
		first := lowestFreeFD(b)
		status = run(tool)
		closeFrom(first)
	}
	restoreStderr()
	restoreStdout()
	if status != 0 {
		b.Fatalf("exit status %d", status)
	}
	if text, _ := os.ReadFile(complaints.Name()); len(text) > 0 {
		b.Fatalf("the runs wrote to stderr: %.200s", text)
	}
}

// redirect points fd at to until the function it returns puts fd back.
func redirect(b *testing.B, fd, to int) (restore func()) {
	saved, err := unix.Dup(fd)
	if err != nil {
		b.Fatal(err)
	}
	if err := unix.Dup3(to, fd, 0); err != nil {
		b.Fatal(err)
	}
	return func() {
		if err := unix.Dup3(saved, fd, 0); err != nil {
			b.Fatal(err)
		}
		unix.Close(saved)
	}
}

// lowestFreeFD is the descriptor the next open gets.
func lowestFreeFD(b *testing.B) int {
	fd, err := unix.Dup(0)
	if err != nil {
		b.Fatal(err)
	}
	unix.Close(fd)
	return fd
}

// closeFrom closes the netlink sockets one run of a tool left open from
// first on (a process's exit closes them; a loop of runs would run out
// of descriptors). A run opens only a few; the others, such as the
// runtime's epoll descriptor, stay.
func closeFrom(first int) {
	for fd := first; fd < first+8; fd++ {
		if domain, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_DOMAIN); err == nil && domain == unix.AF_NETLINK {
			unix.Close(fd)
		}
	}
}

// run is tool as nsip's main runs it: a cli.Fail is an exit status.
func run(tool func() int) (status int) {
	defer cli.Recover(&status)
	return tool()
}
