package ip

import (
	"errors"
	"syscall"

	"nsip/internal/cli"
	"nsip/internal/unix"
	"nsip/ns"
	"nsip/proc"
)

// errSwitchFailed reports a namespace switch whose reason is already
// printed.
var errSwitchFailed = errors.New("switching namespaces failed")

// netnsExec is `ip netns exec NAME CMD...` and `ip -all netns exec CMD...`.
// Alone it becomes the command, with no fork: the exit status, the
// standard streams and the signals are the command's. In a batch, and for
// -all, it runs the command as a child and waits.
func (s *session) netnsExec(a args) int {
	if len(a) < 1 && !s.all {
		return failure("No netns name specified\n")
	}
	if (len(a) < 2 && !s.all) || (len(a) < 1 && s.all) {
		return failure("No command specified\n")
	}
	if s.all {
		names, ok := allNetnsNames()
		if !ok {
			return cli.StatusFailure
		}
		for _, name := range names {
			s.out.Text("\nnetns: " + name + "\n")
			s.execIn(name, a, true)
		}
		return 0
	}
	return s.execIn(a[0], a[1:], s.inBatch)
}

// execIn runs argv inside the named namespace, as a child when fork is
// set, and returns what ip's cmd_exec makes of it.
func (s *session) execIn(name string, argv []string, fork bool) int {
	s.out.Flush()
	status, pid := 0, 0
	err := ns.Discarded(func() error {
		if !switchNetns(name) {
			return errSwitchFailed
		}
		err := cli.Execvp(argv, func(path string, argv []string) error {
			if !fork {
				return syscall.Exec(path, argv, syscall.Environ())
			}
			var err error
			pid, err = syscall.ForkExec(path, argv, &syscall.ProcAttr{
				Env:   syscall.Environ(),
				Files: []uintptr{0, 1, 2},
			})
			return err
		})
		// An exec that returns has failed.
		if err != nil || !fork {
			errorLineAbout(`exec of "`, argv[0], `" failed: `, err)
			status = cli.StatusFailure
		}
		return nil
	})
	if err != nil {
		return statusUsage
	}
	if pid > 0 {
		// Waited for here, on the caller's goroutine: a failure ends ip,
		// which the discarded thread's goroutine must not. A child
		// killed by a signal makes ip exit 1, as in iproute2.
		ws, err := cli.Wait(pid, 0)
		if err != nil {
			errorLine("waitpid: ", err)
			cli.Fail(cli.StatusFailure)
		}
		if !ws.Exited() {
			cli.Fail(cli.StatusFailure)
		}
		status = ws.ExitStatus()
	}
	return status
}

// switchNetns is ip's netns_switch on the calling, locked thread: join
// the network namespace, take a mount namespace of its own in which / is
// a slave, mount a sysfs that shows the namespace's devices, and bind the
// files of /etc/netns/NAME over those of /etc.
func switchNetns(name string) bool {
	err := ns.SwitchNetns(netnsFile(name), name)
	if err == nil {
		bindEtc(name)
		return true
	}
	op := ""
	if e, ok := err.(*ns.Error); ok {
		op = e.Op
	}
	switch op {
	case "open":
		errorLineAbout(`Cannot open network namespace "`, name, `": `, err)
	case "setns":
		errorLineAbout(`setting the network namespace "`, name, `" failed: `, err)
	case "unshare":
		errorLine("unshare failed: ", err)
	case "make-rslave":
		errorLine(`"mount --make-rslave /" failed: `, err)
	default:
		errorLine("mount of /sys failed: ", err)
	}
	return false
}

// bindEtc binds each file of /etc/netns/NAME over its namesake in /etc; a
// bind that fails only warns. Where /etc lacks a namesake (a bare
// initramfs has no /etc/resolv.conf), ip's bind fails; nsip first covers
// /etc, in the command's mount namespace only, with a copy made of binds
// that has the missing names too.
func bindEtc(name string) {
	if len(name) >= unix.NAME_MAX {
		return
	}
	dir := netnsEtcDir + "/" + name
	entries, err := proc.ListDir(dir)
	if err != nil {
		return
	}
	missing := map[string]bool{}
	for _, entry := range entries {
		if !cli.PathExists("/etc/" + entry) {
			var st unix.Stat_t
			missing[entry] = unix.Stat(dir+"/"+entry, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFDIR
		}
	}
	if len(missing) > 0 {
		if etc, err := proc.ListDir("/etc"); err == nil {
			// Should it fail, the binds below fail as ip's do.
			ns.ShadowDir("/etc", etc, missing)
		}
	}
	for _, entry := range entries {
		source, target := dir+"/"+entry, "/etc/"+entry
		if err := ns.Bind(source, target); err != nil {
			cli.Stderr("Bind ", source, " -> ", target, " failed: ", cli.Strerror(err), "\n")
		}
	}
}
