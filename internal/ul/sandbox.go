package ul

import (
	"runtime"
	"syscall"

	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/internal/getopt"
	"nsip/internal/help"
	"nsip/internal/unix"
	"nsip/proc"
)

// nsip sandbox runs a command in new network, mount, PID, UTS and IPC
// namespaces, and, for a caller who is not root, a new user namespace
// mapped to root, with what network tests need set up inside: a tmpfs on
// /run (so /run/netns is the sandbox's own), a sysfs of the new network
// namespace, /proc of the new PID namespace, an empty /etc/netns (the
// host's /etc untouched), and lo up. It is the preamble network tests write
// again and again, as one command that also works without root.
//
// nsip starts itself again as a child cloned into the new namespaces:
// that child is PID 1 of the new PID namespace. It makes the mounts,
// starts the command and reaps what is reparented to it until the command
// ends; then it exits with the command's status and the kernel ends
// everything else in the namespace. Nothing made inside outlives it: the
// namespaces, their links and mounts go with their last process. The
// parent waits and passes the status on; if it is killed, the kernel kills
// the child (PR_SET_PDEATHSIG) and with it the sandbox.

// sandboxProg is the name errors start with.
const sandboxProg = "nsip sandbox"

// sandboxInit is the name the child runs under; the word after it says
// whether the command is to have the terminal ("tty") or not ("-").
const sandboxInit = "nsip:sandbox-init"

type sandboxRun struct {
	hostname *string // -n; nil: the host's
	dir      *string // -C; nil: the caller's
	keepUser bool
	noLo     bool
	command  []string
}

const (
	optKeepUser = 0x100 + iota
	optNoLo
)

var sandboxOptions = []getopt.Option{
	{Name: "help", Arg: getopt.NoArgument, Key: 'h'},
	{Name: "version", Arg: getopt.NoArgument, Key: 'V'},
	{Name: "hostname", Arg: getopt.RequiredArgument, Key: 'n'},
	{Name: "directory", Arg: getopt.RequiredArgument, Key: 'C'},
	{Name: "keep-user", Arg: getopt.NoArgument, Key: optKeepUser},
	{Name: "no-lo", Arg: getopt.NoArgument, Key: optNoLo},
}

// sandboxKeptCaps are the capabilities the command keeps under
// --keep-user: enough to make namespaces, links and addresses, to mount
// and to ping.
var sandboxKeptCaps = []uintptr{unix.CAP_SYS_ADMIN, unix.CAP_NET_ADMIN, unix.CAP_NET_RAW, unix.CAP_NET_BIND_SERVICE}

// sandboxSignals are the signals nsip passes on to the command.
var sandboxSignals = []syscall.Signal{unix.SIGINT, unix.SIGTERM, unix.SIGHUP}

func sandboxMain(argv []string) int {
	if argv[0] == sandboxInit && len(argv) > 1 {
		// The options follow the mode, which stands where the program
		// name does.
		s := parseSandbox(argv[1:])
		return s.init(argv[1] == "tty")
	}
	s := parseSandbox(argv)
	return s.run(argv[1:])
}

// parseSandbox parses argv after its first word, the program. The run
// is a value, which stays on the stack: as a pointer that escapes, its
// type's description would go into the binary.
func parseSandbox(argv []string) sandboxRun {
	var s sandboxRun
	g := getopt.New(argv, "+hVn:C:", sandboxOptions)
	g.Prog = sandboxProg
	for c := g.Next(); c >= 0; c = g.Next() {
		arg := g.Arg
		switch c {
		case 'n':
			s.hostname = &arg
		case 'C':
			s.dir = &arg
		case optKeepUser:
			s.keepUser = true
		case optNoLo:
			s.noLo = true
		case 'h':
			cli.Stdout.WriteString(help.Text(help.NsipSandbox))
			cli.Fail(0)
		case 'V':
			cli.Stdout.WriteString(sandboxProg + " from nsip " + cli.Version + "\n")
			cli.Fail(0)
		default:
			cli.ErrTryHelp(sandboxProg)
		}
	}
	s.command = g.Operands()
	return s
}

// run starts the child in the new namespaces with args, the options and
// the command, passes the signals on to it and returns its status.
func (s *sandboxRun) run(args []string) int {
	// PR_SET_PDEATHSIG fires when the thread that forked ends: the main
	// thread lives as long as nsip.
	runtime.LockOSThread()
	attr := &syscall.SysProcAttr{
		Cloneflags: unix.CLONE_NEWNS | unix.CLONE_NEWNET | unix.CLONE_NEWPID | unix.CLONE_NEWUTS | unix.CLONE_NEWIPC,
		// The child, PID 1 of its namespace, sees no parent: Go's check
		// that the parent is alive after PR_SET_PDEATHSIG then sends it
		// a SIGKILL, which the kernel ignores for the PID namespace's
		// init.
		Pdeathsig: unix.SIGKILL,
	}
	if uid, gid := unix.Geteuid(), unix.Getegid(); uid != 0 {
		attr.Cloneflags |= unix.CLONE_NEWUSER
		inUID, inGID := 0, 0
		if s.keepUser {
			inUID, inGID = uid, gid
			attr.AmbientCaps = sandboxKeptCaps
		}
		attr.UidMappings = idMap(inUID, uid)
		attr.GidMappings = idMap(inGID, gid)
	}
	// When nsip has the terminal (standard input is one whose foreground
	// process group is nsip's), the command gets a process group of its
	// own in the terminal's foreground: a ^C then reaches the command
	// once, not again through nsip and the child passing it on. The
	// kernel writes a pid_t, four bytes: read as a Go int, it would land
	// in the high half on a 64-bit big-endian machine.
	pgrp, err := unix.IoctlGetUint32(0, unix.TIOCGPGRP)
	tty := err == nil && int(int32(pgrp)) == unix.Getpgrp()
	mode := "-"
	if tty {
		mode = "tty"
	}
	cli.CatchSignals(sandboxSignals...)
	pid, err := forkExec("/proc/self/exe", append([]string{sandboxInit, mode}, args...), attr)
	if err != nil {
		// Name the knob that forbids the namespaces where one does.
		errno, _ := err.(syscall.Errno)
		if attr.Cloneflags&unix.CLONE_NEWUSER != 0 && (errno == unix.EPERM || errno == unix.ENOSPC || errno == unix.EACCES) {
			if knob := userNamespacesOff(proc.ReadFile); knob != "" {
				cli.Stderr(sandboxProg, ": unprivileged user namespaces are switched off (", knob, ")\n")
				return cli.StatusFailure
			}
		}
		return cli.StatusOf(cli.Failure(cli.StatusFailure, sandboxProg, err, "cannot create namespaces"))
	}
	signalTarget = pid
	go passSignals()
	ws, err := cli.Wait(pid, 0)
	if tty {
		// nsip's process group takes the foreground back: a shell
		// without job control that ran nsip would otherwise be stopped
		// when it next reads the terminal.
		setSignal(unix.SIGTTOU, signalIgnore)
		unix.IoctlSetPointerInt(0, unix.TIOCSPGRP, unix.Getpgrp())
		setSignal(unix.SIGTTOU, signalDefault)
	}
	if err != nil {
		return cli.StatusOf(cli.Failure(cli.StatusFailure, sandboxProg, err, "waitpid failed"))
	}
	return shellStatus(ws)
}

// signalTarget is the process passSignals sends signals on to. Set
// before the goroutine starts, it spares the go statement a wrapper with
// a context type of its own.
var signalTarget int

// passSignals sends the signals nsip catches on to signalTarget.
func passSignals() {
	for {
		unix.Kill(signalTarget, cli.NextSignal())
	}
}

// shellStatus is a status as a shell reports it: 128+N for signal N.
func shellStatus(ws syscall.WaitStatus) int {
	if ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ws.ExitStatus()
}

// userNamespaceKnobs are the switches that turn unprivileged user
// namespaces off, and the value that does it.
var userNamespaceKnobs = [...]struct{ file, off, name string }{
	{"/proc/sys/kernel/unprivileged_userns_clone", "0", "kernel.unprivileged_userns_clone=0"},
	{"/proc/sys/user/max_user_namespaces", "0", "user.max_user_namespaces=0"},
	{"/proc/sys/kernel/apparmor_restrict_unprivileged_userns", "1", "kernel.apparmor_restrict_unprivileged_userns=1"},
}

// userNamespacesOff names the knob that switches unprivileged user
// namespaces off, reading the files with read (proc.ReadFile), or is
// empty.
func userNamespacesOff(read func(string) ([]byte, error)) string {
	for i := range userNamespaceKnobs {
		k := &userNamespaceKnobs[i]
		if data, err := read(k.file); err == nil && ascii.TrimSpace(string(data)) == k.off {
			return k.name
		}
	}
	return ""
}
