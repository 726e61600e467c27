package ul

import (
	"math"
	"runtime"
	"strconv"
	"syscall"

	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/internal/getopt"
	"nsip/internal/help"
	"nsip/internal/unix"
	"nsip/ns"
	"nsip/proc"
)

// unshare runs a program in new namespaces, as util-linux's unshare does.
//
// A Go program cannot unshare a user namespace (the kernel wants a single
// thread for that), and what must happen between fork and exec cannot be
// written in Go. So there are two ways through:
//
//   - Without --fork and --user, a locked thread unshares, the namespaces
//     are made persistent from another thread, which is still in the old
//     mount namespace, and the locked thread becomes the program by exec:
//     the program keeps unshare's PID, as with util-linux.
//   - With --fork or --user, nsip starts itself again as a child cloned
//     into the new namespaces (a new user namespace can only be had at
//     clone). The child waits until the parent has made the namespaces
//     persistent from /proc/CHILD/ns, does the remaining steps (mount
//     propagation, /proc, root, ids) and becomes the program; the parent
//     waits and exits as the child did. With --user and no --fork the
//     program is therefore nsip's child, and with --pid it is PID 1.

// unshareChild is the name the child runs under.
const unshareChild = "nsip:unshare-child"

// The descriptors the child reads its go-ahead from and says on that it
// is ready for it.
const (
	childSync    = 3
	childReadyFD = 4
)

func init() {
	if args := cli.CommandLine(); len(args) > 0 && args[0] == unshareChild {
		// So that main runs on the main thread: see unshareMain.
		runtime.LockOSThread()
	}
}

type unshareRun struct {
	prog        string
	flags       int
	persist     [len(ns.Kinds)]string // the files to bind, where persisting
	persisting  [len(ns.Kinds)]bool
	fork        bool
	killSignal  unix.Signal
	procDir     string // --mount-proc, when mountProc
	mountProc   bool
	propagation uintptr
	mapUser     int
	mapGroup    int
	setgroups   string
	root, wd    string // when setRoot, setWd
	setRoot     bool
	setWd       bool
	uid, gid    int
	setUID      bool
	setGID      bool
	command     []string
	userRange   idRange // --map-users, when mapUsers
	groupRange  idRange // --map-groups, when mapGroups
	mapUsers    bool
	mapGroups   bool
	keepCaps    bool
	// The clock offsets, when setMonotonic and setBoottime. (Values with
	// flags, not pointers: each option would allocate.)
	monotonic    int64
	setMonotonic bool
	// isChild: this is the cloned child, which reads the options again,
	// but in the new user namespace, where the subid files are not its.
	isChild     bool
	boottime    int64
	setBoottime bool
}

// Keys of the long options that have no short form.
const (
	optMountProc = 0x100 + iota
	optPropagation
	optSetgroups
	optKillChild
	optKeepCaps
	optMonotonic
	optBoottime
	optMapUser
	optMapUsers
	optMapGroup
	optMapGroups
	optMapAuto
)

var unshareOptions = []getopt.Option{
	{Name: "help", Arg: getopt.NoArgument, Key: 'h'},
	{Name: "version", Arg: getopt.NoArgument, Key: 'V'},
	{Name: "mount", Arg: getopt.OptionalArgument, Key: 'm'},
	{Name: "uts", Arg: getopt.OptionalArgument, Key: 'u'},
	{Name: "ipc", Arg: getopt.OptionalArgument, Key: 'i'},
	{Name: "net", Arg: getopt.OptionalArgument, Key: 'n'},
	{Name: "pid", Arg: getopt.OptionalArgument, Key: 'p'},
	{Name: "user", Arg: getopt.OptionalArgument, Key: 'U'},
	{Name: "cgroup", Arg: getopt.OptionalArgument, Key: 'C'},
	{Name: "time", Arg: getopt.OptionalArgument, Key: 'T'},
	{Name: "fork", Arg: getopt.NoArgument, Key: 'f'},
	{Name: "kill-child", Arg: getopt.OptionalArgument, Key: optKillChild},
	{Name: "mount-proc", Arg: getopt.OptionalArgument, Key: optMountProc},
	{Name: "map-user", Arg: getopt.RequiredArgument, Key: optMapUser},
	{Name: "map-users", Arg: getopt.RequiredArgument, Key: optMapUsers},
	{Name: "map-group", Arg: getopt.RequiredArgument, Key: optMapGroup},
	{Name: "map-groups", Arg: getopt.RequiredArgument, Key: optMapGroups},
	{Name: "map-root-user", Arg: getopt.NoArgument, Key: 'r'},
	{Name: "map-current-user", Arg: getopt.NoArgument, Key: 'c'},
	{Name: "map-auto", Arg: getopt.NoArgument, Key: optMapAuto},
	{Name: "propagation", Arg: getopt.RequiredArgument, Key: optPropagation},
	{Name: "setgroups", Arg: getopt.RequiredArgument, Key: optSetgroups},
	{Name: "keep-caps", Arg: getopt.NoArgument, Key: optKeepCaps},
	{Name: "setuid", Arg: getopt.RequiredArgument, Key: 'S'},
	{Name: "setgid", Arg: getopt.RequiredArgument, Key: 'G'},
	{Name: "root", Arg: getopt.RequiredArgument, Key: 'R'},
	{Name: "wd", Arg: getopt.RequiredArgument, Key: 'w'},
	{Name: "monotonic", Arg: getopt.RequiredArgument, Key: optMonotonic},
	{Name: "boottime", Arg: getopt.RequiredArgument, Key: optBoottime},
}

// namespaceOptions are the options that name a namespace, in the order
// of ns.Kinds: an option's index is its kind.
const namespaceOptions = "mnpuiUCT"

// theUnshare is the one unshareRun of the process (unshareMain runs once).
// A package variable, filled in field by field, not a heap one: the
// closures that run on other threads would otherwise capture a
// *unshareRun and bring the type's descriptor, with the names of its
// fields and methods, into the binary.
var theUnshare unshareRun

func unshareMain(argv []string) int {
	u := &theUnshare
	u.prog, u.mapUser, u.mapGroup, u.propagation = "unshare", -1, -1, unix.MS_REC|unix.MS_PRIVATE
	u.isChild = argv[0] == unshareChild
	if !u.isChild {
		u.prog = cli.ProgramName(argv[0])
	}
	u.parse(argv)
	if u.isChild {
		// This is the cloned child. It makes its time namespace first,
		// on the main thread (locked to it from init), whose /proc/PID
		// the parent binds from and which execs the program, and says
		// so; then it waits for the parent's go-ahead, which does not
		// come if persisting failed, and finishes.
		if u.flags&unix.CLONE_NEWTIME != 0 {
			if err := unix.Unshare(unix.CLONE_NEWTIME); err != nil {
				return cli.StatusOf(cli.Failure(cli.StatusFailure, u.prog, err, "unshare failed"))
			}
			// --boottime and --monotonic go into the timens_offsets of
			// the main thread, whose new time namespace no process has
			// entered yet.
			const file = "/proc/self/timens_offsets"
			for _, clock := range [...]struct {
				id     int
				offset int64
				set    bool
			}{{unix.CLOCK_BOOTTIME, u.boottime, u.setBoottime}, {unix.CLOCK_MONOTONIC, u.monotonic, u.setMonotonic}} {
				if !clock.set {
					continue
				}
				fd, err := unix.Open(file, unix.O_WRONLY|unix.O_CLOEXEC, 0)
				if err != nil {
					return cli.StatusOf(cli.Failure(cli.StatusFailure, u.prog, err, "failed to open ", file))
				}
				line := itoa(clock.id) + " " + strconv.FormatInt(clock.offset, 10) + " 0"
				_, err = cli.File(fd).WriteString(line)
				unix.Close(fd)
				if err != nil {
					return cli.StatusOf(cli.Failure(cli.StatusFailure, u.prog, err, "failed to write to ", file))
				}
			}
		}
		cli.File(childReadyFD).WriteString("1")
		unix.Close(childReadyFD)
		var b [1]byte
		n, _ := cli.File(childSync).Read(b[:])
		unix.Close(childSync)
		if n != 1 {
			return cli.StatusFailure
		}
		return cli.StatusOf(u.finish())
	}
	// The kernel takes clock offsets only through the timens_offsets of
	// a process's main thread: the child's.
	if u.fork || u.flags&unix.CLONE_NEWUSER != 0 || u.setMonotonic || u.setBoottime {
		return u.runChild(argv)
	}
	// Else a locked thread unshares and becomes the program. The
	// closures use theUnshare rather than capture a *unshareRun.
	err := ns.Discarded(func() error {
		u := &theUnshare // the same run, not captured
		if err := ns.UnshareThread(u.flags); err != nil {
			return u.unshareFailed(err)
		}
		source := "/proc/self/task/" + itoa(unix.Gettid())
		if u.persisting[ns.Mnt] {
			base := ns.MountNamespaceID("/proc/self/ns/mnt")
			if !bindableFrom(base, source) {
				onEachCPU(func() bool {
					return ns.UnshareThread(unix.CLONE_NEWNS) == nil && bindableFrom(base, source)
				})
			}
		}
		done := make(chan error)
		// Any other thread is still in the old namespaces.
		// util-linux binds from /proc/PID, and its errors name that.
		named := "/proc/" + itoa(unix.Getpid())
		go func() { done <- theUnshare.persistAll(source, named) }()
		if err := <-done; err != nil {
			return err
		}
		return u.finish()
	})
	return cli.StatusOf(err)
}

func (u *unshareRun) parse(argv []string) {
	g := getopt.New(argv, "+fhVmuinpCTUrR:w:S:G:c", unshareOptions)
	g.Prog = u.prog
	for c := g.Next(); c >= 0; c = g.Next() {
		if kind := indexOf(namespaceOptions, c); kind >= 0 {
			u.flags |= ns.CloneFlag(kind)
			if g.HasArg {
				u.persist[kind], u.persisting[kind] = g.Arg, true
			}
			continue
		}
		switch c {
		case 'f':
			u.fork = true
		case optMountProc:
			u.flags |= unix.CLONE_NEWNS
			u.procDir, u.mountProc = "/proc", true
			if g.HasArg {
				u.procDir = g.Arg
			}
		case optMapUser:
			u.flags |= unix.CLONE_NEWUSER
			u.mapUser = u.lookupID(g.Arg, "/etc/passwd", "failed to parse uid")
		case optMapGroup:
			u.flags |= unix.CLONE_NEWUSER
			u.mapGroup = u.lookupID(g.Arg, "/etc/group", "failed to parse gid")
		case 'r':
			u.flags |= unix.CLONE_NEWUSER
			u.mapUser, u.mapGroup = 0, 0
		case 'c':
			u.flags |= unix.CLONE_NEWUSER
			u.mapUser, u.mapGroup = unix.Geteuid(), unix.Getegid()
		case optSetgroups:
			if g.Arg != "allow" && g.Arg != "deny" {
				cli.Errx(u.prog, "unsupported --setgroups argument '", g.Arg, "'")
			}
			u.setgroups = g.Arg
		case optPropagation:
			switch g.Arg {
			case "slave":
				u.propagation = unix.MS_REC | unix.MS_SLAVE
			case "private":
				u.propagation = unix.MS_REC | unix.MS_PRIVATE
			case "shared":
				u.propagation = unix.MS_REC | unix.MS_SHARED
			case "unchanged":
				u.propagation = 0
			default:
				cli.Errx(u.prog, "unsupported propagation mode: ", g.Arg)
			}
		case optKillChild:
			u.fork, u.killSignal = true, unix.SIGKILL
			if g.HasArg {
				// util-linux's signame_to_signum: a name with or without
				// SIG, in any case.
				name := ascii.TrimPrefix(ascii.ToUpper(g.Arg), "SIG")
				if u.killSignal = unix.SignalNum("SIG" + name); u.killSignal == 0 {
					cli.Errx(u.prog, "unknown signal: ", g.Arg)
				}
			}
		case 'S':
			u.uid, u.setUID = int(uint32(utilUint(u.prog, g.Arg, "failed to parse uid"))), true
		case 'G':
			u.gid, u.setGID = int(uint32(utilUint(u.prog, g.Arg, "failed to parse gid"))), true
		case 'R':
			u.root, u.setRoot = g.Arg, true
		case 'w':
			u.wd, u.setWd = g.Arg, true
		case optMapUsers:
			u.flags |= unix.CLONE_NEWUSER
			u.userRange, u.mapUsers = u.idRangeOption(g.Arg, "/etc/subuid"), true
		case optMapGroups:
			u.flags |= unix.CLONE_NEWUSER
			u.groupRange, u.mapGroups = u.idRangeOption(g.Arg, "/etc/subgid"), true
		case optMapAuto:
			u.flags |= unix.CLONE_NEWUSER
			u.userRange, u.mapUsers = u.idRangeOption("auto", "/etc/subuid"), true
			u.groupRange, u.mapGroups = u.idRangeOption("auto", "/etc/subgid"), true
		case optKeepCaps:
			u.keepCaps = true
		case optMonotonic:
			u.monotonic, u.setMonotonic = int64(utilUint(u.prog, g.Arg, "failed to parse monotonic offset")), true
		case optBoottime:
			u.boottime, u.setBoottime = int64(utilUint(u.prog, g.Arg, "failed to parse boottime offset")), true
		case 'h':
			cli.Stdout.WriteString(help.Text(help.Unshare))
			cli.Fail(0)
		case 'V':
			printUtilVersion(u.prog)
		default:
			cli.ErrTryHelp(u.prog)
		}
	}
	if (u.setMonotonic || u.setBoottime) && u.flags&unix.CLONE_NEWTIME == 0 {
		cli.Errx(u.prog, "options --monotonic and --boottime require unsharing of a time namespace (-t)")
	}
	if u.mapGroup >= 0 && !u.mapGroups && u.setgroups == "allow" {
		cli.Errx(u.prog, "options --setgroups=allow and --map-group are mutually exclusive")
	}
	u.command = g.Operands()
}

// printUtilVersion is the tools' -V.
func printUtilVersion(prog string) {
	cli.Stdout.WriteString(prog + " from util-linux 2.38.1 (nsip " + cli.Version + ")\n")
	cli.Fail(0)
}

// lookupID takes a user or group, by name from db or by number.
func (u *unshareRun) lookupID(arg, db, what string) int {
	id := uint32(0)
	data, _ := proc.ReadFile(db)
	found := false
	for _, line := range ascii.Split(string(data), "\n") {
		fields := ascii.Split(line, ":")
		if len(fields) > 2 && fields[0] == arg {
			if n, ok := proc.ParseUint(fields[2], 10, 32); ok {
				id, found = uint32(n), true
				break
			}
		}
	}
	if !found {
		id = uint32(utilUint(u.prog, arg, what)) // a uid_t
	}
	// util-linux keeps the id in a uid_t where (uid_t)-1 means none: an
	// id of 4294967295 (or "-1") maps nothing.
	if id == math.MaxUint32 {
		return -1
	}
	return int(id)
}

// unshareFailed reports that the namespaces could not be made, and why
// where nsip can tell.
func (u *unshareRun) unshareFailed(err error) error {
	failure := cli.Failure(cli.StatusFailure, u.prog, err, "unshare failed")
	cli.PrintHint(cli.NamespaceHint(u.flags, err, cli.PathExists))
	return failure
}

// persistNames are the files under /proc/PID that stand for each kind: a
// new pid or time namespace is entered by children only.
var persistNames = [...]string{
	ns.Mnt: "ns/mnt", ns.Net: "ns/net", ns.PID: "ns/pid_for_children", ns.UTS: "ns/uts",
	ns.IPC: "ns/ipc", ns.User: "ns/user", ns.Cgroup: "ns/cgroup", ns.Time: "ns/time_for_children",
}

// persistAll binds the namespace files under source (/proc/PID or a
// thread's directory) onto the files the options named; errors call the
// source named. If one bind fails, those made before it are undone:
// nothing is left mounted.
func (u *unshareRun) persistAll(source, named string) error {
	// util-linux binds in the order nsenter enters.
	for i, kind := range ns.SpawnOrder[:] {
		if !u.persisting[kind] {
			continue
		}
		target := u.persist[kind]
		from := source + "/" + persistNames[kind]
		if err := ns.Bind(from, target); err != nil {
			for _, made := range ns.SpawnOrder[:i] {
				if u.persisting[made] {
					ns.Unbind(u.persist[made])
				}
			}
			if kind == ns.Mnt && cli.IsErrno(err, unix.EINVAL) {
				// Say so when the mount target is on is shared.
				mounts, _ := proc.Mounts()
				dir, shared := "", false
				for i := range mounts {
					m := &mounts[i]
					top := ascii.TrimSuffix(m.Target, "/")
					if (target == m.Target || ascii.HasPrefix(target, top+"/")) && len(m.Target) >= len(dir) {
						dir, shared = m.Target, m.Shared
					}
				}
				if shared {
					cli.Stderr(u.prog, ": cannot bind the mount namespace to ", target, ": the mount at ", dir,
						" is shared, so the bind would propagate into the namespace itself; make it private first (mount --make-private ",
						dir, ")\n")
					return cli.ExitStatus(cli.StatusFailure)
				}
			}
			return cli.Failure(cli.StatusFailure, u.prog, err, "mount ", named+"/"+persistNames[kind], " on ", target, " failed")
		}
	}
	return nil
}

// finish does what util-linux does after unshare (and fork) and ends by
// becoming the program.
func (u *unshareRun) finish() error {
	if u.setgroups != "" {
		if err := writeProcFile("/proc/self/setgroups", u.setgroups); err != nil && err != unix.ENOENT {
			return cli.Failure(cli.StatusFailure, u.prog, err, "write failed /proc/self/setgroups")
		}
	}
	if u.flags&unix.CLONE_NEWNS != 0 && u.propagation != 0 {
		if err := ns.SetPropagation("/", u.propagation); err != nil {
			return cli.Failure(cli.StatusFailure, u.prog, err, "cannot change root filesystem propagation")
		}
	}
	wd, setWd := u.wd, u.setWd
	if u.setRoot {
		if err := unix.Chroot(u.root); err != nil {
			return cli.Failure(cli.StatusFailure, u.prog, err, "cannot change root directory to '", u.root, "'")
		}
		if !setWd {
			wd, setWd = "/", true
		}
	}
	if setWd {
		if err := unix.Chdir(wd); err != nil {
			return cli.Failure(cli.StatusFailure, u.prog, err, "cannot chdir to '", wd, "'")
		}
	}
	if dir := u.procDir; u.mountProc {
		if !u.setRoot && u.propagation != unix.MS_PRIVATE|unix.MS_REC {
			err := ns.SetPropagation(dir, unix.MS_PRIVATE|unix.MS_REC)
			if err != nil && !cli.IsErrno(err, unix.EINVAL) {
				return cli.Failure(cli.StatusFailure, u.prog, err, "cannot change ", dir, " filesystem propagation")
			}
		}
		if err := ns.MountProc(dir); err != nil {
			return cli.Failure(cli.StatusFailure, u.prog, err, "mount ", dir, " failed")
		}
	}
	if what, err := setIDs(u.setUID, u.uid, u.setGID, u.gid); err != nil {
		return cli.Failure(cli.StatusFailure, u.prog, err, what)
	}
	// Capabilities the child was lent for the steps above go no further.
	unix.Prctl(unix.PR_CAP_AMBIENT, unix.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
	if u.keepCaps && u.flags&unix.CLONE_NEWUSER != 0 {
		// What the program may keep of the capabilities it has in the
		// new user namespace goes into its ambient set, which survives
		// exec.
		header := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
		var data [2]unix.CapUserData
		if err := unix.Capget(&header, &data[0]); err != nil {
			return cli.Failure(cli.StatusFailure, u.prog, err, "capget failed")
		}
		data[0].Inheritable, data[1].Inheritable = data[0].Permitted, data[1].Permitted
		if err := unix.Capset(&header, &data[0]); err != nil {
			return cli.Failure(cli.StatusFailure, u.prog, err, "capset failed")
		}
		effective := uint64(data[1].Effective)<<32 | uint64(data[0].Effective)
		for c := 0; c <= lastCapability() && c < 64; c++ {
			if effective&(1<<c) == 0 {
				continue
			}
			if err := unix.Prctl(unix.PR_CAP_AMBIENT, unix.PR_CAP_AMBIENT_RAISE, uintptr(c), 0, 0); err != nil {
				return cli.Failure(cli.StatusFailure, u.prog, err, "prctl(PR_CAP_AMBIENT) failed")
			}
		}
	}
	return execProgram(u.prog, u.command)
}

// setIDs drops supplementary groups and sets the group and user ids, as
// -G and -S ask, for the calling thread alone: the one that goes on to
// exec, whose credentials (like the capabilities set after this) are
// the program's. syscall's Setuid would set them on every thread, with
// code the binary needs for nothing else. On failure it says which step
// failed.
func setIDs(setUID bool, uid int, setGID bool, gid int) (string, error) {
	if setGID {
		if _, _, err := syscall.RawSyscall(unix.SYS_SETGROUPS, 0, 0, 0); err != 0 {
			return "setgroups failed", err
		}
		if _, _, err := syscall.RawSyscall(unix.SetgidTrap, uintptr(gid), 0, 0); err != 0 {
			return "setgid failed", err
		}
	}
	if setUID {
		if _, _, err := syscall.RawSyscall(unix.SetuidTrap, uintptr(uid), 0, 0); err != 0 {
			return "setuid failed", err
		}
	}
	return "", nil
}

func writeProcFile(path, text string) error {
	fd, err := unix.Open(path, unix.O_WRONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	_, err = cli.File(fd).WriteString(text)
	unix.Close(fd)
	return err
}

// execProgram becomes command, or the user's shell as a login shell when
// there is none. It returns only on failure, with util-linux's status.
func execProgram(prog string, command []string) error {
	path, argv := programArgv(command)
	err := startProgram(path, argv, func(p string, args []string) error {
		return syscall.Exec(p, args, syscall.Environ())
	})
	return execFailure(prog, path, argv, err)
}

// startProgram hands run the program at path, or when path is empty each
// candidate execvp finds for argv[0].
func startProgram(path string, argv []string, run func(path string, argv []string) error) error {
	if path != "" {
		return run(path, argv)
	}
	return cli.Execvp(argv, run)
}

// forkExec starts the program at path with nsip's environment and its
// standard input, output and error, and sys for the child.
func forkExec(path string, argv []string, sys *syscall.SysProcAttr) (int, error) {
	return syscall.ForkExec(path, argv, &syscall.ProcAttr{
		Env:   syscall.Environ(),
		Files: []uintptr{0, 1, 2},
		Sys:   sys,
	})
}

// programArgv is what the tools run: the command, to be looked up in
// PATH, or when there is none $SHELL (else /bin/sh) as a login shell,
// whose path it returns.
func programArgv(command []string) (path string, argv []string) {
	if len(command) > 0 {
		return "", command
	}
	path = cli.Getenv("SHELL")
	if path == "" {
		path = "/bin/sh"
	}
	return path, []string{"-" + cli.ProgramName(path)}
}

// execFailure reports a program that could not be started with
// util-linux's status: 127 when it was not found, 126 when it cannot run.
func execFailure(prog, path string, argv []string, err error) error {
	status := 126
	if err == unix.ENOENT {
		status = 127
	}
	name := path
	if name == "" {
		name = argv[0]
	}
	return cli.Failure(status, prog, err, "failed to execute ", name)
}

// indexOf finds option key c in options, a string of short options.
func indexOf(options string, c int) int {
	for i := 0; i < len(options); i++ {
		if int(options[i]) == c {
			return i
		}
	}
	return -1
}

// runChild starts nsip again as a child cloned into the new namespaces,
// makes them persistent, lets the child go on and waits for it.
func (u *unshareRun) runChild(argv []string) int {
	// --kill-child is tied to the thread that forked, which must live as
	// long as the child: the main thread does.
	runtime.LockOSThread()
	pid, release, ready, err := u.startChild(argv)
	if err == nil && u.persisting[ns.Mnt] {
		base := ns.MountNamespaceID("/proc/self/ns/mnt")
		source := "/proc/" + itoa(pid)
		if !bindableFrom(base, source) {
			stopChild(pid, release)
			unix.Close(ready)
			var all unix.CPUSet
			unix.SchedGetaffinity(0, &all)
			onEachCPU(func() bool {
				pid, release, ready, err = u.startChild(argv)
				if err != nil || bindableFrom(base, "/proc/"+itoa(pid)) {
					return true
				}
				stopChild(pid, release)
				unix.Close(ready)
				return false
			})
			// The child was made on one CPU; it may run on all of them.
			unix.SchedSetaffinity(pid, &all)
		}
	}
	if err != nil {
		return cli.StatusOf(u.unshareFailed(err))
	}
	// The mappers the options ask for, users first.
	status := 0
	if u.mapUsers {
		lines := idMapLines(uint32(unix.Geteuid()), int64(u.mapUser), u.userRange)
		status = u.mapIDRange("newuidmap", pid, "uid_map", lines)
	}
	if u.mapGroups && status == 0 {
		lines := idMapLines(uint32(unix.Getegid()), int64(u.mapGroup), u.groupRange)
		status = u.mapIDRange("newgidmap", pid, "gid_map", lines)
	}
	if status != 0 {
		stopChild(pid, release)
		return status
	}
	// The child says on ready when its time namespace is made, or closes
	// it after saying why it could not.
	var b [1]byte
	n, _ := cli.File(ready).Read(b[:])
	unix.Close(ready)
	if n != 1 {
		unix.Close(release)
		return relayChild(u.prog, pid, false)
	}
	source := "/proc/" + itoa(pid)
	if err := u.persistAll(source, source); err != nil {
		stopChild(pid, release)
		return cli.StatusOf(err)
	}
	cli.File(release).WriteString("1")
	unix.Close(release)
	// The child's signals are the child's: a ^C ends it, and nsip then
	// reports how it ended.
	setSignal(unix.SIGINT, signalIgnore)
	setSignal(unix.SIGTERM, signalIgnore)
	return relayChild(u.prog, pid, false)
}

// startChild starts nsip again as the child, in the new namespaces and
// waiting for the go-ahead on the pipe whose writing end it returns, with
// the reading end of the pipe the child tells on that its time namespace
// is made (see unshareMain).
func (u *unshareRun) startChild(argv []string) (pid, release, ready int, err error) {
	goAhead, release, err := pipe()
	if err != nil {
		return 0, 0, 0, err
	}
	ready, done, err := pipe()
	if err != nil {
		unix.Close(goAhead)
		unix.Close(release)
		return 0, 0, 0, err
	}
	attr := &syscall.SysProcAttr{
		Cloneflags: uintptr(u.flags &^ unix.CLONE_NEWTIME),
		Pdeathsig:  syscall.Signal(u.killSignal),
	}
	if u.flags&unix.CLONE_NEWUSER != 0 {
		// The uid and gid maps of the new user namespace; the ranges of
		// --map-users and --map-groups come later, from newuidmap and
		// newgidmap. Without a map to root at exec the child would lose
		// its capabilities when it starts, so it is lent those its
		// remaining steps need (all of them with --keep-caps), and drops
		// them before it becomes the program.
		if u.mapUser >= 0 && !u.mapUsers {
			attr.UidMappings = idMap(u.mapUser, unix.Geteuid())
		}
		if u.mapGroup >= 0 && !u.mapGroups {
			attr.GidMappings = idMap(u.mapGroup, unix.Getegid())
		}
		switch {
		case u.keepCaps:
			for c := 0; c <= lastCapability(); c++ {
				attr.AmbientCaps = append(attr.AmbientCaps, uintptr(c))
			}
		case u.mapUser != 0 || u.mapUsers:
			attr.AmbientCaps = childCaps
		}
	}
	args := make([]string, len(argv))
	copy(args, argv)
	args[0] = unshareChild
	pid, err = syscall.ForkExec("/proc/self/exe", args, &syscall.ProcAttr{
		Env:   syscall.Environ(),
		Files: []uintptr{0, 1, 2, uintptr(goAhead), uintptr(done)},
		Sys:   attr,
	})
	unix.Close(goAhead)
	unix.Close(done)
	if err != nil {
		unix.Close(release)
		unix.Close(ready)
	}
	return pid, release, ready, err
}

// stopChild ends a child that has not had its go-ahead.
func stopChild(pid, release int) {
	unix.Close(release)
	unix.Kill(pid, unix.SIGKILL)
	unix.Wait4(pid, nil, 0, nil)
}

// A mount namespace can only be bound from one with a lower id: the
// kernel's guard against reference loops. Since Linux 6.18 the ids come
// from per-CPU batches, so a namespace made later, on another CPU, can
// get a lower id than the one it was copied from, and the bind fails with
// EINVAL at random, util-linux's as well. nsip makes the namespace again
// on each CPU in turn until it gets an id the bind takes: the CPU that made
// the old namespace always gives a higher one.

// bindableFrom reports whether the mount namespace under dir (/proc/PID
// or a thread's directory) can be bound from the one with id base.
//
//go:noinline
func bindableFrom(base uint64, dir string) bool {
	id := ns.MountNamespaceID(dir + "/ns/mnt")
	return base == 0 || id == 0 || id > base
}

// onEachCPU calls try with the thread pinned to each CPU it may use in
// turn, until try succeeds, and then restores the thread's affinity.
func onEachCPU(try func() bool) {
	var all unix.CPUSet
	if unix.SchedGetaffinity(0, &all) != nil {
		return
	}
	for cpu := 0; cpu < 1024; cpu++ { // CPU_SETSIZE
		var one unix.CPUSet
		one.Set(cpu)
		if all.IsSet(cpu) && unix.SchedSetaffinity(0, &one) == nil && try() {
			break
		}
	}
	unix.SchedSetaffinity(0, &all)
}

// childCaps are the capabilities the child is lent for its steps after
// the clone.
var childCaps = []uintptr{unix.CAP_SYS_ADMIN, unix.CAP_SYS_CHROOT, unix.CAP_SETUID, unix.CAP_SETGID, unix.CAP_SYS_TIME}

// idMap is the map of the one id host outside to container inside.
func idMap(container, host int) []syscall.SysProcIDMap {
	return append([]syscall.SysProcIDMap(nil), syscall.SysProcIDMap{ContainerID: container, HostID: host, Size: 1})
}

func pipe() (r, w int, err error) {
	var fds [2]int
	err = unix.Pipe2(fds[:], unix.O_CLOEXEC)
	return fds[0], fds[1], err
}

// lastCapability is the kernel's highest capability number.
func lastCapability() int {
	data, err := proc.ReadFile("/proc/sys/kernel/cap_last_cap")
	if n, ok := proc.Atoi(ascii.TrimSpace(string(data))); err == nil && ok {
		return n
	}
	return unix.CAP_LAST_CAP
}
