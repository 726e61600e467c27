package ul

import (
	"syscall"
	"unsafe"

	"nsip/internal/cli"
	"nsip/internal/unix"
	"nsip/nl"
	"nsip/ns"
	"nsip/proc"
)

// The child of nsip sandbox: PID 1 of the new PID namespace.

// processName is the child's name in ps, NUL-terminated for the kernel.
var processName = []byte("nsip\x00")

// init sets the sandbox up, runs the command (in the terminal's
// foreground when tty is set) and returns its status once it ended.
func (s *sandboxRun) init(tty bool) int {
	// Started as /proc/self/exe, it would be "exe" in ps.
	unix.Prctl(unix.PR_SET_NAME, uintptr(unsafe.Pointer(&processName[0])), 0, 0, 0)
	// From here on a signal nsip passes on waits for the command.
	cli.CatchSignals(sandboxSignals...)
	// The sandbox's mounts, lo up, the host name and the directory, in
	// that order: -C may name a place under /run. The mounts are made
	// private, so that none reaches the host, and the sandbox gets its
	// own /run, /sys, /proc and /etc/netns. The host's /etc is not
	// written: without an /etc/netns there, the sandbox's /etc is a copy
	// made of binds (ns.ShadowDir) that has one. Each step runs only
	// while the ones before succeeded; each error is an *ns.Error.
	err := ns.SetPropagation("/", unix.MS_REC|unix.MS_PRIVATE)
	if err == nil {
		err = mountTmpfs("/run")
	}
	if err == nil {
		err = ns.RemountSysfs("sysfs")
	}
	if err == nil {
		err = ns.MountProc("/proc")
	}
	var st unix.Stat_t
	if err == nil && (unix.Stat("/etc/netns", &st) != nil || st.Mode&unix.S_IFMT != unix.S_IFDIR) {
		if etc, listErr := proc.ListDir("/etc"); listErr != nil {
			err = &ns.Error{Op: "open", Path: "/etc", Err: listErr}
		} else {
			err = ns.ShadowDir("/etc", etc, map[string]bool{"netns": true})
		}
	}
	if err == nil {
		err = mountTmpfs("/etc/netns")
	}
	if err != nil {
		e := err.(*ns.Error)
		what := "cannot mount " + e.Path
		if e.Op == "propagation" {
			what = "cannot make the mounts private"
		}
		// An AppArmor restriction lets the user namespace be made, but
		// without the capabilities to mount in it.
		if errno, _ := e.Err.(syscall.Errno); errno == unix.EPERM || errno == unix.EACCES {
			if knob := userNamespacesOff(proc.ReadFile); knob != "" {
				what = "unprivileged user namespaces are switched off (" + knob + "): " + what
			}
		}
		return cli.StatusOf(cli.Failure(cli.StatusFailure, sandboxProg, e.Err, what))
	}
	if !s.noLo {
		c, err := nl.Dial()
		if err == nil {
			_, err = c.Execute(loUpRequest())
			c.Close()
		}
		if err != nil {
			return cli.StatusOf(cli.Failure(cli.StatusFailure, sandboxProg, err, "cannot set lo up"))
		}
	}
	if s.hostname != nil {
		if err := unix.Sethostname([]byte(*s.hostname)); err != nil {
			return cli.StatusOf(cli.Failure(cli.StatusFailure, sandboxProg, err, "cannot set the hostname to '", *s.hostname, "'"))
		}
	}
	if s.dir != nil {
		if err := unix.Chdir(*s.dir); err != nil {
			return cli.StatusOf(cli.Failure(cli.StatusFailure, sandboxProg, err, "cannot change directory to '", *s.dir, "'"))
		}
	}
	// The command, or $SHELL (else /bin/sh), in a process group of its
	// own, which takes the terminal when tty is set.
	path, argv := "", s.command
	if len(argv) == 0 {
		if path = cli.Getenv("SHELL"); path == "" {
			path = "/bin/sh"
		}
		argv = []string{path}
	}
	// Tests that change the network check for NSIP_SANDBOX before they
	// start.
	env := syscall.Environ()
	if cli.Getenv("NSIP_SANDBOX") == "" {
		env = append(env, "NSIP_SANDBOX=1")
	}
	attr := &syscall.ProcAttr{
		Env:   env,
		Files: []uintptr{0, 1, 2},
		Sys:   &syscall.SysProcAttr{Setpgid: tty, Foreground: tty},
	}
	pid := 0
	err = startProgram(path, argv, func(p string, args []string) error {
		// Candidates that cannot run are passed over without a fork.
		err := unix.Access(p, unix.X_OK)
		if err == nil {
			pid, err = syscall.ForkExec(p, args, attr)
		}
		return err
	})
	if err != nil {
		return cli.StatusOf(execFailure(sandboxProg, path, argv, err))
	}
	signalTarget = pid
	go passSignals()
	// Reap every process that ends in the PID namespace until the
	// command does.
	for {
		var ws syscall.WaitStatus
		got, err := syscall.Wait4(-1, &ws, 0, nil)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return cli.StatusOf(cli.Failure(cli.StatusFailure, sandboxProg, err, "waitpid failed"))
		}
		if got == pid {
			return shellStatus(ws)
		}
	}
}

func mountTmpfs(dir string) error {
	if err := unix.Mount("tmpfs", dir, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, "mode=755"); err != nil {
		return &ns.Error{Op: "mount", Path: dir, Err: err}
	}
	return nil
}

// loIndex is the index of lo, the first link of every network namespace.
const loIndex = 1

// loUpRequest is `ip link set lo up`'s request.
func loUpRequest() nl.Message {
	return nl.Message{
		Header: nl.Header{Type: unix.RTM_NEWLINK},
		Data:   nl.IfInfoMsg{Index: loIndex, Flags: unix.IFF_UP, Change: unix.IFF_UP}.Marshal(),
	}
}
