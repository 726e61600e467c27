package ns

import (
	"runtime"
	"strconv"
	"syscall"
	"unsafe"

	"nsip/internal/unix"
)

// The kernel lets only a single-threaded process into a user or a time
// namespace, and a Go program always runs several threads. A child between
// fork and exec is single-threaded, though: Spawn forks a child that does
// what util-linux's nsenter does from entering the namespaces to exec,
// with raw system calls only, as Go's own syscall.forkAndExecInChild does.
// The Go runtime is not usable in that child: it runs no Go code but the
// functions marked nosplit below, allocates nothing and takes no locks.

// The runtime's hooks around fork, which package syscall uses; the
// runtime exports them by these names for exactly this.
//
//go:linkname runtimeBeforeFork syscall.runtime_BeforeFork
func runtimeBeforeFork()

//go:linkname runtimeAfterFork syscall.runtime_AfterFork
func runtimeAfterFork()

//go:linkname runtimeAfterForkInChild syscall.runtime_AfterForkInChild
func runtimeAfterForkInChild()

// SpawnOrder is the order nsenter enters namespaces in: the user
// namespace first, and again last when it could not be entered first.
var SpawnOrder = [...]int{User, Cgroup, IPC, UTS, Net, PID, Mnt, Time}

// Spawn says what the child does, in this order: drop its supplementary
// groups (DropGroups, for a user namespace), enter the namespaces open in Namespaces (indexed by
// kind; -1 for none) in SpawnOrder, in two passes as nsenter does; change
// its root to Root and its working directory to Wd or to the path Wdns
// (keeping the working directory across a change of root); fork again when
// Fork is set (entering a PID namespace takes effect for children only),
// the first child then ending as the second does; set its ids (SetGID
// drops the supplementary groups again, and fails when both attempts
// failed);
// and execute the program: Paths are the candidates an execvp search gives,
// tried in turn when Search is set.
type Spawn struct {
	Namespaces [len(Kinds)]int
	DropGroups bool
	Root, Wd   int
	Wdns       *string
	Fork       bool
	SetGID     bool
	GID        int
	SetUID     bool
	UID        int
	Paths      []string
	Search     bool
	Argv       []string
	Env        []string
	// ExecContext is the SELinux context for the program; "" for none.
	ExecContext string
}

// The steps of the child that can fail, as SpawnError.Step.
const (
	StepSetns = iota + 1
	StepOpenCwd
	StepRootDir
	StepChroot
	StepChdirRoot
	StepOpenWdns
	StepWd
	StepFork
	StepSetgroups
	StepSetgid
	StepSetuid
	StepExecContext
	StepExec
)

// SpawnError is the step the child failed at. The child has ended: with
// status 126 (127 for ENOENT) after a failed exec, else 1.
type SpawnError struct {
	Step int
	Kind int // the namespace, for StepSetns
	Err  unix.Errno
}

func (e *SpawnError) Error() string {
	return "spawn step " + strconv.Itoa(e.Step) + ": " + e.Err.Error()
}
func (e *SpawnError) Unwrap() error { return e.Err }

// spawnPlan is Spawn in the child's terms: numbers and pointers to
// NUL-terminated strings, all made before the fork.
type spawnPlan struct {
	fds        [len(SpawnOrder)]int
	flags      [len(SpawnOrder)]uintptr
	dropGroups bool
	root, wd   int
	dot, slash *byte
	wdns       *byte
	fork       bool
	setGID     bool
	gid        uintptr
	setUID     bool
	uid        uintptr
	paths      []*byte
	shArgv     [][]*byte // each path run by /bin/sh, for ENOEXEC
	sh         *byte
	search     bool
	argv       []*byte
	env        []*byte
	attrExec   *byte  // /proc/thread-self/attr/exec, when there is a context
	context    []byte // the SELinux context, written there
	report     int    // the pipe's write end
}

// Start forks the child. It returns the child's pid once the child has
// executed the program or failed; the failure is a *SpawnError. Either
// way the caller waits for the child.
func (s *Spawn) Start() (int, error) {
	// The plan is on the stack, which spares spawnPlan a type descriptor.
	var plan spawnPlan
	p := &plan
	p.dropGroups, p.root, p.wd, p.fork = s.DropGroups, s.Root, s.Wd, s.Fork
	p.setGID, p.gid, p.setUID, p.uid, p.search = s.SetGID, uintptr(s.GID), s.SetUID, uintptr(s.UID), s.Search
	p.dot, p.slash, p.sh = &dotPath[0], &slashPath[0], &shPath[0]
	for i, kind := range SpawnOrder[:] {
		p.fds[i] = s.Namespaces[kind]
		p.flags[i] = uintptr(cloneFlags[kind])
	}
	var err error
	if s.Wdns != nil {
		if p.wdns, err = syscall.BytePtrFromString(*s.Wdns); err != nil {
			return 0, err
		}
	}
	if s.ExecContext != "" {
		p.attrExec = &attrExecPath[0]
		p.context = []byte(s.ExecContext)
	}
	if p.argv, err = syscall.SlicePtrFromStrings(s.Argv); err != nil {
		return 0, err
	}
	if p.env, err = syscall.SlicePtrFromStrings(s.Env); err != nil {
		return 0, err
	}
	for _, path := range s.Paths {
		b, err := syscall.BytePtrFromString(path)
		if err != nil {
			return 0, err
		}
		// The shell runs the file with the program's arguments, already
		// converted in p.argv (whose nil end comes along).
		p.paths = append(p.paths, b)
		sh := make([]*byte, len(p.argv)+1)
		sh[0], sh[1] = p.sh, b
		copy(sh[2:], p.argv[1:])
		p.shArgv = append(p.shArgv, sh)
	}
	var pipe [2]int
	if err := unix.Pipe2(pipe[:], unix.O_CLOEXEC); err != nil {
		return 0, err
	}
	p.report = pipe[1]
	// The fork: the child runs spawnChild and never returns.
	syscall.ForkLock.Lock()
	runtimeBeforeFork()
	rawPid, errno := rawFork()
	if errno == 0 && rawPid == 0 {
		runtimeAfterForkInChild()
		spawnChild(p)
	}
	runtimeAfterFork()
	syscall.ForkLock.Unlock()
	pid := int(rawPid)
	unix.Close(pipe[1])
	if errno != 0 {
		unix.Close(pipe[0])
		return 0, errno
	}
	runtime.KeepAlive(p)
	var record [12]byte
	n := 0
	for n < len(record) {
		m, err := unix.Read(pipe[0], record[n:])
		if err == unix.EINTR {
			continue
		}
		if m <= 0 {
			break
		}
		n += m
	}
	unix.Close(pipe[0])
	if n < len(record) {
		return pid, nil
	}
	word := func(i int) int { return int(*(*int32)(unsafe.Pointer(&record[4*i]))) }
	kind := -1
	if word(1) >= 0 {
		kind = SpawnOrder[word(1)]
	}
	return pid, &SpawnError{Step: word(0), Kind: kind, Err: unix.Errno(word(2))}
}

// The fixed paths the child passes to the kernel, NUL-terminated.
var (
	dotPath      = []byte(".\x00")
	slashPath    = []byte("/\x00")
	shPath       = []byte("/bin/sh\x00")
	attrExecPath = []byte("/proc/thread-self/attr/exec\x00")
)

// rawFork is fork(2) by clone, whose first two arguments s390x swaps.
//
//go:nosplit
//go:norace
func rawFork() (uintptr, syscall.Errno) {
	if runtime.GOARCH == "s390x" {
		pid, _, errno := syscall.RawSyscall6(unix.SYS_CLONE, 0, uintptr(unix.SIGCHLD), 0, 0, 0, 0)
		return pid, errno
	}
	pid, _, errno := syscall.RawSyscall6(unix.SYS_CLONE, uintptr(unix.SIGCHLD), 0, 0, 0, 0, 0)
	return pid, errno
}

// spawnChild is the child's whole life.
//
//go:nosplit
//go:norace
func spawnChild(p *spawnPlan) {
	groupsFailed := false
	if p.dropGroups {
		_, _, errno := syscall.RawSyscall(unix.SYS_SETGROUPS, 0, 0, 0)
		groupsFailed = errno != 0
	}
	// The namespaces, in two passes as nsenter: first all but the user
	// namespace, failures forgiven, then the user namespace and those
	// that failed, failures fatal. A deprivileging user namespace is so
	// entered last, a privileging one first.
	for pass := 0; pass < 2; pass++ {
		for i := 1 - pass; i < len(p.fds); i++ {
			if p.fds[i] < 0 {
				continue
			}
			if _, _, errno := syscall.RawSyscall(unix.SYS_SETNS, uintptr(p.fds[i]), p.flags[i], 0); errno != 0 {
				if pass == 0 {
					continue
				}
				childFail(p, StepSetns, i, errno)
			}
			syscall.RawSyscall(unix.SYS_CLOSE, uintptr(p.fds[i]), 0, 0)
			p.fds[i] = -1
		}
	}
	// The root and the working directory.
	if p.root >= 0 && p.wd < 0 && p.wdns == nil {
		p.wd = childOpen(p, p.dot, StepOpenCwd)
	}
	if p.root >= 0 {
		childCall(p, StepRootDir, unix.SYS_FCHDIR, uintptr(p.root), 0)
		childCall(p, StepChroot, unix.SYS_CHROOT, uintptr(unsafe.Pointer(p.dot)), 0)
		childCall(p, StepChdirRoot, unix.SYS_CHDIR, uintptr(unsafe.Pointer(p.slash)), 0)
		syscall.RawSyscall(unix.SYS_CLOSE, uintptr(p.root), 0, 0)
	}
	if p.wdns != nil {
		p.wd = childOpen(p, p.wdns, StepOpenWdns)
	}
	if p.wd >= 0 {
		childCall(p, StepWd, unix.SYS_FCHDIR, uintptr(p.wd), 0)
		syscall.RawSyscall(unix.SYS_CLOSE, uintptr(p.wd), 0, 0)
	}
	if p.fork {
		forkAndFollow(p)
	}
	if p.setGID {
		// nsenter complains only when both attempts failed.
		if _, _, errno := syscall.RawSyscall(unix.SYS_SETGROUPS, 0, 0, 0); errno != 0 && groupsFailed {
			childFail(p, StepSetgroups, -1, errno)
		}
		if _, _, errno := syscall.RawSyscall(unix.SetgidTrap, p.gid, 0, 0); errno != 0 {
			childFail(p, StepSetgid, -1, errno)
		}
	}
	if p.setUID {
		if _, _, errno := syscall.RawSyscall(unix.SetuidTrap, p.uid, 0, 0); errno != 0 {
			childFail(p, StepSetuid, -1, errno)
		}
	}
	if p.attrExec != nil {
		// The SELinux context the exec takes on.
		fd := childOpenFor(p, p.attrExec, unix.O_WRONLY|unix.O_CLOEXEC, StepExecContext)
		_, _, errno := syscall.RawSyscall(unix.SYS_WRITE, uintptr(fd), uintptr(unsafe.Pointer(&p.context[0])), uintptr(len(p.context)))
		if errno != 0 {
			childFail(p, StepExecContext, -1, errno)
		}
		syscall.RawSyscall(unix.SYS_CLOSE, uintptr(fd), 0, 0)
	}
	execProgram(p)
}

// forkAndFollow forks once more: the new child returns and goes on; this
// one waits for it, stops when it stops, and ends as it ends.
//
//go:nosplit
//go:norace
func forkAndFollow(p *spawnPlan) {
	pid, errno := rawFork()
	if errno != 0 {
		childFail(p, StepFork, -1, errno)
	}
	if pid == 0 {
		return
	}
	// Only the new child may report: its exec closes the pipe.
	syscall.RawSyscall(unix.SYS_CLOSE, uintptr(p.report), 0, 0)
	var status int32
	for {
		got, _, errno := syscall.RawSyscall6(unix.SYS_WAIT4, pid, uintptr(unsafe.Pointer(&status)), unix.WUNTRACED, 0, 0, 0)
		if errno == unix.EINTR {
			continue
		}
		if errno != 0 || got != pid || status&0xff != 0x7f {
			break
		}
		self, _, _ := syscall.RawSyscall(unix.SYS_GETPID, 0, 0, 0)
		syscall.RawSyscall(unix.SYS_KILL, self, uintptr(unix.SIGSTOP), 0)
		syscall.RawSyscall(unix.SYS_KILL, pid, uintptr(unix.SIGCONT), 0)
	}
	switch signal := status & 0x7f; {
	case signal == 0:
		childExit(int(status>>8) & 0xff)
	case signal != 0x7f:
		self, _, _ := syscall.RawSyscall(unix.SYS_GETPID, 0, 0, 0)
		syscall.RawSyscall(unix.SYS_KILL, self, uintptr(signal), 0)
	}
	childExit(1)
}

// execProgram runs the program as execvp(3) would: a file the kernel
// will not execute runs under /bin/sh, and with Search, the next
// candidate is tried after a missing one while EACCES is remembered.
//
//go:nosplit
//go:norace
func execProgram(p *spawnPlan) {
	var last syscall.Errno = unix.ENOENT
	denied := false
	for i := 0; i < len(p.paths); i++ {
		errno := execve(p.paths[i], p.argv, p.env)
		if errno == unix.ENOEXEC {
			errno = execve(p.sh, p.shArgv[i], p.env)
		}
		last = errno
		if !p.search {
			break
		}
		switch errno {
		case unix.EACCES:
			denied = true
		case unix.ENOENT, unix.ENOTDIR, unix.ESTALE, unix.ENODEV, unix.ETIMEDOUT:
		default:
			childFail(p, StepExec, -1, errno)
		}
	}
	if p.search {
		last = unix.ENOENT
		if denied {
			last = unix.EACCES
		}
	}
	childFail(p, StepExec, -1, last)
}

//go:nosplit
//go:norace
func execve(path *byte, argv, env []*byte) syscall.Errno {
	_, _, errno := syscall.RawSyscall(unix.SYS_EXECVE, uintptr(unsafe.Pointer(path)),
		uintptr(unsafe.Pointer(&argv[0])), uintptr(unsafe.Pointer(&env[0])))
	return errno
}

//go:nosplit
//go:norace
func childOpen(p *spawnPlan, path *byte, step int) int {
	return childOpenFor(p, path, unix.O_RDONLY|unix.O_CLOEXEC, step)
}

//go:nosplit
//go:norace
func childOpenFor(p *spawnPlan, path *byte, flags, step int) int {
	fd, _, errno := syscall.RawSyscall6(unix.SYS_OPENAT, atFDCWD, uintptr(unsafe.Pointer(path)),
		uintptr(flags), 0, 0, 0)
	if errno != 0 {
		childFail(p, step, -1, errno)
	}
	return int(fd)
}

//go:nosplit
//go:norace
func childCall(p *spawnPlan, step int, trap, a1, a2 uintptr) {
	if _, _, errno := syscall.RawSyscall(trap, a1, a2, 0); errno != 0 {
		childFail(p, step, -1, errno)
	}
}

// childFail tells the parent which step failed and ends the child with
// nsenter's status for it.
//
//go:nosplit
//go:norace
func childFail(p *spawnPlan, step, index int, errno syscall.Errno) {
	record := [3]int32{int32(step), int32(index), int32(errno)}
	syscall.RawSyscall(unix.SYS_WRITE, uintptr(p.report), uintptr(unsafe.Pointer(&record[0])), 12)
	status := 1
	if step == StepExec {
		status = 126
		if errno == unix.ENOENT {
			status = 127
		}
	}
	childExit(status)
}

//go:nosplit
//go:norace
func childExit(status int) {
	for {
		syscall.RawSyscall(unix.SYS_EXIT_GROUP, uintptr(status), 0, 0)
	}
}

// atFDCWD is AT_FDCWD (-100) as a system call argument.
const atFDCWD = ^uintptr(-unix.AT_FDCWD - 1)
