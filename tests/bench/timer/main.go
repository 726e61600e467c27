// Command timer is make bench's stopwatch: it runs commands interleaved,
// several times each, and prints for each command its minimum wall time,
// its minimum CPU time (user + system) and its maximum peak RSS, as the
// kernel reports them for the child in wait4's rusage.
//
//	timer [-n RUNS] [-limit SECONDS] [-reset CMD] [-each FILE] CMD...
//
// A CMD is one string of words separated by spaces (no quoting). Round r
// runs every CMD once, in the given order when r is even and in reverse
// when odd, so that neither command always runs right after the other.
// With -reset, CMD runs (untimed, silent, its exit status ignored: the
// first finds nothing to undo) before every timed run, to bring the
// state back. With -each, one run of CMD is CMD followed by the words of
// each line of FILE in turn, one process per line, timed as a whole.
// A command stops being run once its runs took -limit seconds in all.
//
// Output: one line per CMD: "WALL_NS CPU_NS MAXRSS_KB RUNS STATUS
// MINFLT", where STATUS is the exit status of the first failed process
// (0 when none failed) and MINFLT the fewest minor page faults of a run;
// its stdout goes to /dev/null, its stderr to timer's.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// result is what the runs of one command measured.
type result struct {
	wall, cpu time.Duration // minimum over the runs
	rss       int64         // maximum peak RSS over the runs, in KiB
	faults    int64         // minimum minor page faults over the runs
	total     time.Duration // wall time of all runs so far
	runs      int
	status    int
}

func main() {
	runs := flag.Int("n", 5, "timed runs of each command")
	limit := flag.Float64("limit", math.Inf(1), "stop a command after this many seconds of runs")
	reset := flag.String("reset", "", "command run untimed before every timed run")
	each := flag.String("each", "", "file of argument lines: one run is the command on each line")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: timer [-n RUNS] [-limit SECONDS] [-reset CMD] [-each FILE] CMD...")
		os.Exit(2)
	}
	null, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	check(err)
	lines := [][]string{nil}
	if *each != "" {
		lines = readLines(*each)
	}
	cmds := make([][]string, flag.NArg())
	for i, c := range flag.Args() {
		cmds[i] = resolve(strings.Fields(c))
	}
	var resetCmd []string
	if *reset != "" {
		resetCmd = resolve(strings.Fields(*reset))
	}
	budget := time.Duration(*limit * float64(time.Second))
	results := make([]result, len(cmds))
	for i := range results {
		results[i].wall, results[i].cpu, results[i].faults = math.MaxInt64, math.MaxInt64, math.MaxInt64
	}
	for r := 0; r < *runs; r++ {
		for k := range cmds {
			i := k
			if r%2 == 1 {
				i = len(cmds) - 1 - k
			}
			if results[i].runs > 0 && results[i].total >= budget {
				continue
			}
			if resetCmd != nil {
				run(resetCmd, null, null)
			}
			sample(&results[i], cmds[i], lines, null)
		}
	}
	for _, res := range results {
		fmt.Printf("%d %d %d %d %d %d\n", res.wall.Nanoseconds(), res.cpu.Nanoseconds(), res.rss, res.runs, res.status, res.faults)
	}
}

// sample is one timed run of cmd: one process per line of arguments.
func sample(res *result, cmd []string, lines [][]string, out *os.File) {
	var wall, cpu time.Duration
	var faults int64
	for _, words := range lines {
		argv := append(append([]string(nil), cmd...), words...)
		w, c, ru, st := run(argv, out, os.Stderr)
		wall += w
		cpu += c
		faults += int64(ru.Minflt) // int32 on 32-bit machines
		res.rss = max(res.rss, int64(ru.Maxrss))
		if st != 0 && res.status == 0 {
			res.status = st
		}
	}
	res.wall, res.cpu, res.faults = min(res.wall, wall), min(res.cpu, cpu), min(res.faults, faults)
	res.total += wall
	res.runs++
}

// run starts argv with stdout on out and stderr on errs, and waits for it with wait4, for
// its rusage: it returns the wall time, the CPU time, the rusage and the
// exit status.
func run(argv []string, out, errs *os.File) (wall, cpu time.Duration, ru syscall.Rusage, status int) {
	attr := &syscall.ProcAttr{Env: os.Environ(), Files: []uintptr{out.Fd(), out.Fd(), errs.Fd()}}
	start := time.Now()
	pid, err := syscall.ForkExec(argv[0], argv, attr)
	check(err)
	var ws syscall.WaitStatus
	for {
		_, err = syscall.Wait4(pid, &ws, 0, &ru)
		if err != syscall.EINTR {
			break
		}
	}
	wall = time.Since(start)
	check(err)
	cpu = time.Duration(syscall.TimevalToNsec(ru.Utime) + syscall.TimevalToNsec(ru.Stime))
	status = ws.ExitStatus()
	if ws.Signaled() {
		status = 128 + int(ws.Signal())
	}
	return wall, cpu, ru, status
}

// resolve finds the program of argv on PATH, once, so that no run pays
// for the search.
func resolve(argv []string) []string {
	path, err := exec.LookPath(argv[0])
	check(err)
	return append([]string{path}, argv[1:]...)
}

func readLines(name string) [][]string {
	f, err := os.Open(name)
	check(err)
	defer f.Close()
	var lines [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if words := strings.Fields(sc.Text()); len(words) > 0 {
			lines = append(lines, words)
		}
	}
	check(sc.Err())
	return lines
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "timer:", err)
		os.Exit(1)
	}
}
