package ul

import (
	"syscall"

	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/internal/getopt"
	"nsip/internal/help"
	"nsip/internal/unix"
	"nsip/ns"
	"nsip/proc"
)

// nsenter runs a program in the namespaces of another process or of
// namespace files, as util-linux's nsenter does. The namespaces are
// entered on a locked thread that has left the process's shared
// filesystem state (so that it may enter a mount namespace and change its
// root), and that thread then forks the program or becomes it.
//
// The kernel lets only a single-threaded process into a user or a time
// namespace, and the Go runtime always runs several threads: with either,
// a child forked by ns.Spawn does nsenter's work between fork and exec,
// and nsenter waits for it and ends as it ends.

type nsenterRun struct {
	prog      string
	target    int
	fds       [len(ns.Kinds)]int
	want      [len(ns.Kinds)]bool
	rootFD    int
	wdFD      int
	wantRoot  bool
	wantWD    bool
	wdns      *string // nil: not given
	fork      int     // -1 until decided
	uid, gid  int
	setUID    bool
	setGID    bool
	command   []string
	followCtx bool
	keepCreds bool // --preserve-credentials
	// execContext is the SELinux context -Z gives the program; "" for none.
	execContext string
	status      int // the program's, once enterAndRun has waited for it
}

const optPreserveCredentials = 0x100

var nsenterOptions = []getopt.Option{
	{Name: "all", Arg: getopt.NoArgument, Key: 'a'},
	{Name: "help", Arg: getopt.NoArgument, Key: 'h'},
	{Name: "version", Arg: getopt.NoArgument, Key: 'V'},
	{Name: "target", Arg: getopt.RequiredArgument, Key: 't'},
	{Name: "mount", Arg: getopt.OptionalArgument, Key: 'm'},
	{Name: "uts", Arg: getopt.OptionalArgument, Key: 'u'},
	{Name: "ipc", Arg: getopt.OptionalArgument, Key: 'i'},
	{Name: "net", Arg: getopt.OptionalArgument, Key: 'n'},
	{Name: "pid", Arg: getopt.OptionalArgument, Key: 'p'},
	{Name: "user", Arg: getopt.OptionalArgument, Key: 'U'},
	{Name: "cgroup", Arg: getopt.OptionalArgument, Key: 'C'},
	{Name: "time", Arg: getopt.OptionalArgument, Key: 'T'},
	{Name: "setuid", Arg: getopt.RequiredArgument, Key: 'S'},
	{Name: "setgid", Arg: getopt.RequiredArgument, Key: 'G'},
	{Name: "root", Arg: getopt.OptionalArgument, Key: 'r'},
	{Name: "wd", Arg: getopt.OptionalArgument, Key: 'w'},
	{Name: "wdns", Arg: getopt.OptionalArgument, Key: 'W'},
	{Name: "no-fork", Arg: getopt.NoArgument, Key: 'F'},
	{Name: "preserve-credentials", Arg: getopt.NoArgument, Key: optPreserveCredentials},
	{Name: "follow-context", Arg: getopt.NoArgument, Key: 'Z'},
}

// theNsenter is the one nsenterRun of the process (nsenterMain runs once).
// A package variable, filled in field by field, not a heap one: the
// closure that runs enterAndRun on its own thread would otherwise capture
// a *nsenterRun and bring the type's descriptor, with the names of its
// fields and methods, into the binary (1.7 KB).
var theNsenter nsenterRun

func nsenterMain(argv []string) int {
	e := &theNsenter
	e.prog, e.rootFD, e.wdFD, e.fork = cli.ProgramName(argv[0]), -1, -1, -1
	for i := range e.fds {
		e.fds[i] = -1
	}
	all := false
	g := getopt.New(argv, "+ahVt:m::u::i::n::p::C::U::T::S:G:r::w::W:FZ", nsenterOptions)
	g.Exclusive("Ww")
	for c := g.Next(); c >= 0; c = g.Next() {
		if kind := indexOf(namespaceOptions, c); kind >= 0 {
			if g.HasArg {
				e.open(&e.fds[kind], "ns/"+ns.Kinds[kind], &g.Arg)
			} else {
				e.want[kind] = true
			}
			continue
		}
		switch c {
		case 'a':
			all = true
		case 't':
			// A pid_t, which util-linux prints as unsigned.
			e.target = int(uint32(utilUint(e.prog, g.Arg, "failed to parse pid")))
		case 'S':
			e.uid, e.setUID = int(uint32(utilUint(e.prog, g.Arg, "failed to parse uid"))), true
		case 'G':
			e.gid, e.setGID = int(uint32(utilUint(e.prog, g.Arg, "failed to parse gid"))), true
		case 'F':
			e.fork = 0
		case 'r':
			if g.HasArg {
				e.open(&e.rootFD, "root", &g.Arg)
			} else {
				e.wantRoot = true
			}
		case 'w':
			if g.HasArg {
				e.open(&e.wdFD, "cwd", &g.Arg)
			} else {
				e.wantWD = true
			}
		case 'W':
			// --wdns without a value is no --wdns, as in util-linux.
			e.wdns = nil
			if g.HasArg {
				wdns := g.Arg
				e.wdns = &wdns
			}
		case optPreserveCredentials:
			e.keepCreds = true
		case 'Z':
			e.followCtx = true
		case 'h':
			cli.Stdout.WriteString(help.Text(help.Nsenter))
			return 0
		case 'V':
			printUtilVersion(e.prog)
		default:
			cli.ErrTryHelp(e.prog)
		}
	}
	e.command = g.Operands()
	if e.followCtx && selinuxEnabled() {
		if e.target == 0 {
			cli.Errx(e.prog, "no target PID specified for --follow-context")
		}
		context, err := proc.ReadFile(proc.PIDPath(e.target, "attr/current"))
		if err != nil {
			cli.Errx(e.prog, "failed to get ", itoa(e.target), " SELinux context")
		}
		e.execContext = ascii.TrimRight(string(context), "\x00\n")
	}
	if all {
		if e.target == 0 {
			cli.Errx(e.prog, "no target PID specified for --all")
		}
		// util-linux's is_usable_namespace: the kernel has the kind, and
		// a user namespace is not the one nsenter is in already.
		for kind := range ns.Kinds {
			if e.fds[kind] >= 0 {
				continue
			}
			mine, err := proc.Namespace(proc.PIDPath(unix.Getpid(), "ns/"+ns.Kinds[kind]))
			if cli.IsErrno(err, unix.ENOENT) {
				continue
			}
			if kind == ns.User {
				path := proc.PIDPath(e.target, "ns/user")
				theirs, err := proc.Namespace(path)
				if err != nil {
					cli.Err(cli.StatusFailure, e.prog, err, "stat of ", path, " failed")
				}
				if mine == theirs {
					continue
				}
			}
			e.want[kind] = true
		}
	}
	for _, kind := range ns.SpawnOrder[:] {
		if e.want[kind] {
			e.open(&e.fds[kind], "ns/"+ns.Kinds[kind], nil)
		}
	}
	if e.wantRoot {
		e.open(&e.rootFD, "root", nil)
	}
	if e.wantWD {
		e.open(&e.wdFD, "cwd", nil)
	}
	// Entering the time namespace nsip is in already changes nothing, and
	// needs no child.
	if fd := e.fds[ns.Time]; fd >= 0 {
		ino, err := ns.Inode(fd)
		mine, err2 := proc.Namespace("/proc/self/ns/time")
		if err == nil && err2 == nil && ino == mine.Ino {
			unix.Close(fd)
			e.fds[ns.Time] = -1
		}
	}
	if e.fds[ns.PID] >= 0 && e.fork < 0 {
		e.fork = 1
	}
	if e.fds[ns.User] >= 0 || e.fds[ns.Time] >= 0 {
		return e.spawn()
	}
	// The closure captures nothing: the status comes back in e.
	err := ns.Discarded(func() error {
		var err error
		theNsenter.status, err = theNsenter.enterAndRun()
		return err
	})
	if err != nil {
		return cli.StatusOf(err)
	}
	return e.status
}

// open opens path, or /proc/TARGET/name when path is nil, into *fd.
func (e *nsenterRun) open(fd *int, name string, file *string) {
	if file == nil {
		if e.target == 0 {
			cli.Errx(e.prog, "neither filename nor target pid supplied for ", name)
		}
		path := proc.PIDPath(e.target, name)
		file = &path
	}
	path := *file
	if *fd >= 0 {
		unix.Close(*fd)
	}
	var err error
	if *fd, err = unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0); err != nil {
		cli.Err(cli.StatusFailure, e.prog, err, "cannot open ", path)
	}
}

// enterAndRun runs on the locked thread: it enters the namespaces, sets
// the root and working directory, and forks or becomes the program.
func (e *nsenterRun) enterAndRun() (int, error) {
	if err := ns.UnshareThread(unix.CLONE_FS); err != nil {
		return 0, e.failure(err, "unshare failed")
	}
	for _, kind := range ns.SpawnOrder[:] {
		fd := e.fds[kind]
		if fd < 0 {
			continue
		}
		if err := ns.EnterThread(fd, ns.CloneFlag(kind)); err != nil {
			return 0, e.failure(err, "reassociate to namespace 'ns/", ns.Kinds[kind], "' failed")
		}
		unix.Close(fd)
	}
	if e.rootFD >= 0 && e.wdFD < 0 && e.wdns == nil {
		var err error
		if e.wdFD, err = unix.Open(".", unix.O_RDONLY|unix.O_CLOEXEC, 0); err != nil {
			return 0, e.failure(err, "cannot open current working directory")
		}
	}
	if e.rootFD >= 0 {
		if err := unix.Fchdir(e.rootFD); err != nil {
			return 0, e.failure(err, "change directory by root file descriptor failed")
		}
		if err := unix.Chroot("."); err != nil {
			return 0, e.failure(err, "chroot failed")
		}
		if err := unix.Chdir("/"); err != nil {
			return 0, e.failure(err, "cannot change directory to /")
		}
		unix.Close(e.rootFD)
	}
	if e.wdns != nil {
		var err error
		if e.wdFD, err = unix.Open(*e.wdns, unix.O_RDONLY|unix.O_CLOEXEC, 0); err != nil {
			return 0, e.failure(err, "cannot open current working directory")
		}
	}
	if e.wdFD >= 0 {
		if err := unix.Fchdir(e.wdFD); err != nil {
			return 0, e.failure(err, "change directory by working directory file descriptor failed")
		}
		unix.Close(e.wdFD)
	}
	if e.execContext != "" {
		// Read when the thread that runs the program next executes a file.
		if err := writeProcFile("/proc/thread-self/attr/exec", e.execContext); err != nil {
			cli.Stderr(e.prog, ": failed to set exec context to '", e.execContext, "'\n")
			return 0, cli.ExitStatus(cli.StatusFailure)
		}
	}
	if e.fork == 1 {
		// The program starts as a child of the locked thread, which gives
		// it the thread's namespaces, root and working directory.
		attr := &syscall.SysProcAttr{}
		if e.setUID || e.setGID {
			attr.Credential = &syscall.Credential{Uid: uint32(e.uid), Gid: uint32(e.gid)}
			if !e.setUID {
				attr.Credential.Uid = uint32(unix.Getuid())
			}
			if !e.setGID {
				attr.Credential.Gid = uint32(unix.Getgid())
				attr.Credential.NoSetGroups = true
			}
		}
		path, argv := programArgv(e.command)
		var pid int
		err := startProgram(path, argv, func(p string, args []string) error {
			var err error
			pid, err = forkExec(p, args, attr)
			return err
		})
		if err != nil {
			return 0, execFailure(e.prog, path, argv, err)
		}
		return relayChild(e.prog, pid, true), nil
	}
	if what, err := setIDs(e.setUID, e.uid, e.setGID, e.gid); err != nil {
		return 0, e.failure(err, what)
	}
	return 0, execProgram(e.prog, e.command)
}

// failure is cli.Failure for nsenter's steps, out of line in its many
// callers.
//
//go:noinline
func (e *nsenterRun) failure(err error, parts ...string) error {
	return cli.Failure(cli.StatusFailure, e.prog, err, parts...)
}

// spawn runs the program in a child that enters the namespaces itself
// (ns.Spawn), and ends as the child ends.
func (e *nsenterRun) spawn() int {
	s := &ns.Spawn{Namespaces: e.fds, Root: e.rootFD, Wd: e.wdFD, Wdns: e.wdns, Fork: e.fork == 1,
		SetUID: e.setUID, UID: e.uid, SetGID: e.setGID, GID: e.gid, Env: syscall.Environ(),
		ExecContext: e.execContext}
	if e.fds[ns.User] >= 0 && !e.keepCreds {
		// In a user namespace nsenter becomes its root, without groups.
		s.DropGroups, s.SetUID, s.SetGID = true, true, true
	}
	path, argv := programArgv(e.command)
	s.Argv = argv
	if path != "" {
		s.Paths = []string{path}
	} else {
		s.Search = ascii.IndexByte(argv[0], '/') < 0
		cli.Execvp(argv, func(candidate string, _ []string) error {
			s.Paths = append(s.Paths, candidate)
			return syscall.ENOENT
		})
	}
	pid, err := s.Start()
	if pid == 0 {
		return cli.StatusOf(e.failure(err, "fork failed"))
	}
	if failed, ok := err.(*ns.SpawnError); ok {
		// Say what the child failed at in nsenter's words.
		what, report := "", true
		switch step := failed.Step; {
		case step == ns.StepSetns:
			what = "reassociate to namespace 'ns/" + ns.Kinds[failed.Kind] + "' failed"
		case step == ns.StepExecContext:
			cli.Stderr(e.prog, ": failed to set exec context to '", e.execContext, "'\n")
			report = false
		case step == ns.StepExec || step < 0 || step >= len(spawnStepTexts):
			if path == "" {
				path = argv[0]
			}
			what = "failed to execute " + path
		default:
			what = spawnStepTexts[step]
		}
		if report {
			cli.Failure(cli.StatusFailure, e.prog, failed.Err, what)
		}
	}
	return relayChild(e.prog, pid, true)
}

// spawnStepTexts are nsenter's words for the steps of ns.Spawn.
var spawnStepTexts = [...]string{
	ns.StepOpenCwd:   "cannot open current working directory",
	ns.StepRootDir:   "change directory by root file descriptor failed",
	ns.StepChroot:    "chroot failed",
	ns.StepChdirRoot: "cannot change directory to /",
	ns.StepOpenWdns:  "cannot open current working directory",
	ns.StepWd:        "change directory by working directory file descriptor failed",
	ns.StepFork:      "fork failed",
	ns.StepSetgroups: "setgroups failed",
	ns.StepSetgid:    "setgid failed",
	ns.StepSetuid:    "setuid failed",
}

// selinuxEnabled is libselinux's is_selinux_enabled: a selinuxfs is
// mounted, so a policy is loaded.
func selinuxEnabled() bool {
	mounts, _ := proc.Mounts()
	for i := range mounts {
		if mounts[i].FSType == "selinuxfs" {
			return true
		}
	}
	return false
}
