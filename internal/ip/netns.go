package ip

import (
	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/internal/endian"
	"nsip/internal/help"
	"nsip/internal/unix"
	"nsip/nl"
	"nsip/ns"
	"nsip/proc"
)

// netnsRunDir holds the files that pin named network namespaces; iproute2
// reads /etc/netns/NAME for per-namespace configuration files.
const (
	netnsRunDir = "/run/netns"
	netnsEtcDir = "/etc/netns"
)

// netnsFile is the path of the file that pins the namespace name, one
// call where a concatenation at each site costs more code.
//
//go:noinline
func netnsFile(name string) string { return netnsRunDir + "/" + name }

// ipNetns is `ip netns`.
func (s *session) ipNetns(a args) int {
	if a.empty() {
		return s.netnsList()
	}
	// ip checks the word after the command as a name, whatever the
	// command: `ip netns list a/b` fails too.
	if !s.all && len(a) > 1 && !validNetnsName(a[1]) {
		cli.Stderr(`Invalid netns name "`, a[1], "\"\n")
		cli.Fail(statusUsage)
	}
	cmd := a.cur()
	a.skip()
	switch wordIndex(cmd, netnsCommands) {
	case netnsCmdList, netnsCmdShow, netnsCmdLst:
		return s.netnsList()
	case netnsCmdListID:
		return s.netnsListID(a)
	case netnsCmdHelp:
		usage(help.IPNetns)
	case netnsCmdAdd:
		return s.netnsAdd(a, true)
	case netnsCmdSet:
		return s.netnsSet(a)
	case netnsCmdDelete:
		return s.netnsDelete(a)
	case netnsCmdIdentify:
		return s.netnsIdentify(a)
	case netnsCmdPids:
		return s.netnsPids(a)
	case netnsCmdExec:
		return s.netnsExec(a)
	case netnsCmdMonitor:
		return s.netnsMonitor()
	case netnsCmdAttach:
		return s.netnsAdd(a, false)
	}
	unknownCommand("netns", cmd)
	return 0
}

// netnsCommands are ip netns's commands in ip's order, which settles
// abbreviations; the netnsCmd constants number them for wordIndex.
const netnsCommands = "list show lst list-id help add set delete identify pids exec monitor attach "

const (
	netnsCmdList = iota
	netnsCmdShow
	netnsCmdLst
	netnsCmdListID
	netnsCmdHelp
	netnsCmdAdd
	netnsCmdSet
	netnsCmdDelete
	netnsCmdIdentify
	netnsCmdPids
	netnsCmdExec
	netnsCmdMonitor
	netnsCmdAttach
)

// validNetnsName refuses what cannot be a file name in the run directory.
func validNetnsName(name string) bool {
	return name != "" && len(name) <= unix.NAME_MAX && ascii.IndexByte(name, '/') < 0 &&
		name != "." && name != ".."
}

// netnsNames lists the entries of the run directory in readdir order.
//
//go:noinline
func netnsNames() ([]string, error) { return proc.ListDir(netnsRunDir) }

// allNetnsNames lists the names for -all, with ip's message when
// /run/netns cannot be read; a missing directory is an empty list.
func allNetnsNames() ([]string, bool) {
	names, err := netnsNames()
	if err != nil && !cli.IsErrno(err, unix.ENOENT) {
		errorLineAbout("Failed to open directory ", netnsRunDir, ": ", err)
		return nil, false
	}
	return names, true
}

// netnsList is `ip netns list`: each name, with its nsid once one is set.
func (s *session) netnsList() int {
	names, err := netnsNames()
	if err != nil {
		return 0
	}
	// ip reads every nsid into its cache before it lists, so a file
	// the kernel refuses is complained about twice.
	s.loadNsidNames()
	p := s.out
	p.Begin()
	for _, name := range names {
		p.OpenObject("")
		p.String("name", "%s", name)
		if id, err := s.nsidOf(netnsFile(name)); err == nil && id >= 0 {
			p.Int("id", " (id: %d)", int64(id))
		}
		p.Text("\n")
		p.CloseObject()
	}
	p.End()
	return 0
}

// nsidOf asks the kernel which nsid the session's namespace has for the
// namespace pinned at path: -1 when none is assigned. A kernel error, for
// a file that is no namespace say, is printed as ip prints it.
func (s *session) nsidOf(path string) (int32, error) {
	id, err := s.conn.NsidOfFile(path)
	if err != nil {
		s.reportRequestError(err, "")
	}
	return id, err
}

// netnsName is ip's get_name_from_nsid: the /run/netns name of the
// namespace with nsid id, from the name cache. When two names pin the same
// namespace, the first in readdir order wins.
func (s *session) netnsName(id int32) (string, bool) {
	if id < 0 {
		return "", false
	}
	s.loadNsidNames()
	name, ok := s.nsidNames[id]
	return name, ok
}

// loadNsidNames is ip's netns_map_init: it reads the nsid of every
// /run/netns entry, once; without a run directory it tries again the next
// time.
func (s *session) loadNsidNames() {
	if s.nsidNamesLoaded {
		return
	}
	names, err := netnsNames()
	if err != nil {
		return
	}
	s.nsidNamesLoaded = true
	for _, name := range names {
		if nsid, err := s.nsidOf(netnsFile(name)); err == nil && nsid >= 0 {
			s.cacheNsidName(nsid, name)
		}
	}
}

// cacheNsidName adds a name to the cache unless its nsid has one.
func (s *session) cacheNsidName(nsid int32, name string) {
	if s.nsidNames == nil {
		s.nsidNames = map[int32]string{}
	}
	if _, dup := s.nsidNames[nsid]; !dup {
		s.nsidNames[nsid] = name
	}
}

// netnsListID is `ip netns list-id [target-nsid N] [nsid N]`.
func (s *session) netnsListID(a args) int {
	s.loadNsidNames() // ip fills its nsid cache first
	target, nsid := int64(-1), int64(-1)
	for ; !a.empty(); a.skip() {
		switch word := a.cur(); word {
		case "target-nsid", "nsid":
			value := &target
			if word == "nsid" {
				value = &nsid
			}
			if *value >= 0 {
				duparg(word, word)
			}
			arg := a.next()
			n, ok := parseS32(arg)
			if !ok {
				invarg(`"`+word+`" value is invalid`, arg)
			}
			if n < 0 {
				// ip names the word after the value here.
				invarg(`"`+word+`" value should be >= 0`, wordAfter(a))
			}
			*value = int64(n)
		default:
			usage(help.IPNetns)
		}
	}
	ae := nl.NewAttributeEncoder()
	if nsid >= 0 {
		ae.Uint32(unix.NETNSA_NSID, uint32(nsid))
	}
	if target >= 0 {
		ae.Uint32(unix.NETNSA_TARGET_NSID, uint32(target))
	}
	request := nl.NsidMessage(unix.RTM_GETNSID, ae)
	p := s.out
	var msgs []nl.Message
	var err error
	if nsid >= 0 {
		// One nsid is a request, not a dump, and fails as one.
		if msgs, err = s.conn.Execute(request); err != nil {
			s.reportRequestError(err, "")
			return 2
		}
		p.Begin()
	} else {
		msgs, err = s.conn.Dump(request)
		p.Begin()
		if !s.dumpUsable(err) {
			p.End()
			cli.Fail(cli.StatusFailure)
		}
	}
	for i := range msgs {
		s.printNsid(&msgs[i])
	}
	p.End()
	return 0
}

// wordAfter is the word after the current one, or "(null)" as C prints a
// missing one.
func wordAfter(a args) string {
	if len(a) > 1 {
		return a[1]
	}
	return "(null)"
}

// printNsid prints one RTM_NEWNSID the way iproute2's print_nsid does.
func (s *session) printNsid(m *nl.Message) {
	if m.Header.Type != unix.RTM_NEWNSID && m.Header.Type != unix.RTM_DELNSID {
		return
	}
	// Like ip, print what parses, up to a malformed attribute.
	attrs, _ := nl.NsidAttributes(*m)
	if !attrs.Has(unix.NETNSA_NSID) {
		cli.Stderr("BUG: NETNSA_NSID is missing print_nsid\n")
		return
	}
	p := s.out
	p.OpenObject("")
	if m.Header.Type == unix.RTM_DELNSID {
		p.Bool("deleted", "Deleted ")
	}
	nsid := int32(attrs.Uint32(unix.NETNSA_NSID))
	if nsid < 0 {
		p.Text("nsid unassigned ")
	} else {
		p.Int("nsid", "nsid %d ", int64(nsid))
	}
	key := nsid
	if attrs.Has(unix.NETNSA_CURRENT_NSID) {
		current := int32(attrs.Uint32(unix.NETNSA_CURRENT_NSID))
		if current < 0 {
			p.Text("current-nsid unassigned ")
		} else {
			p.Int("current-nsid", "current-nsid %d ", int64(current))
		}
		key = current
	}
	// As ip does, a name printed from the cache leaves it, and one found
	// afresh enters it.
	if name, ok := s.nsidNames[key]; ok && key >= 0 {
		p.String("name", "(iproute2 netns name: %s)", name)
		delete(s.nsidNames, key)
	} else if m.Header.Type == unix.RTM_NEWNSID {
		// ip's netns_get_name: the first /run/netns entry whose nsid is
		// nsid, looked up afresh.
		names, _ := netnsNames()
		for _, name := range names {
			if id, err := s.nsidOf(netnsFile(name)); err == nil && id >= 0 && id == nsid {
				p.String("name", "(iproute2 netns name: %s)", name)
				s.cacheNsidName(nsid, name)
				break
			}
		}
	}
	p.Text("\n")
	p.CloseObject()
	p.Flush()
}

// netnsSet is `ip netns set NAME auto|NSID`.
func (s *session) netnsSet(a args) int {
	if len(a) < 1 {
		return failure("No netns name specified\n")
	}
	if len(a) < 2 {
		return failure("No nsid specified\n")
	}
	name, arg := a[0], a[1]
	nsid := int64(-1) // the kernel picks one
	if arg != "auto" {
		n, ok := parseS32(arg)
		if !ok {
			invarg(`Invalid "netnsid" value`, arg)
		}
		if n < 0 {
			invarg(`"netnsid" value should be >= 0`, arg)
		}
		nsid = int64(n)
	}
	fd, err := unix.Open(netnsFile(name), unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		errorLineAbout(`Cannot open network namespace "`, name, `": `, err)
		return cli.StatusFailure
	}
	err = s.setNsid(fd, int32(nsid))
	unix.Close(fd)
	if err != nil {
		s.reportRequestError(err, "")
		return 2
	}
	return 0
}

// setNsid gives the namespace open at fd the nsid id in the session's
// namespace; -1 lets the kernel choose.
func (s *session) setNsid(fd int, id int32) error { return s.conn.SetNsid(fd, id) }

// netnsIdentify is `ip netns identify [PID]`: the run-directory name of
// PID's network namespace, or an empty line.
func (s *session) netnsIdentify(a args) int {
	path := "/proc/self/ns/net"
	if s.netnsPath != "" {
		// ip -n NAME has moved ip itself; nsip stayed where it was.
		path = s.netnsPath
	}
	switch {
	case len(a) > 1:
		return failure("extra arguments specified\n")
	case len(a) == 1:
		if !isPID(a[0]) {
			cli.Stderr("Specified string '", a[0], "' is not a pid\n")
			return cli.StatusFailure
		}
		path = "/proc/" + a[0] + "/ns/net"
	}
	target, err := proc.Namespace(path)
	if err != nil {
		errorLine("Cannot open network namespace: ", err)
		return cli.StatusFailure
	}
	names, err := netnsNames()
	if err != nil && !cli.IsErrno(err, unix.ENOENT) {
		errorLineAbout("Failed to open directory ", netnsRunDir, ":", err)
		return cli.StatusFailure
	}
	found := ""
	for _, name := range names {
		if id, err := proc.Namespace(netnsFile(name)); err == nil && id == target {
			found = name
		}
	}
	s.out.Text(found + "\n")
	return 0
}

// isPID is iproute2's is_pid: only digits, the empty string included.
func isPID(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// netnsPids is `ip netns pids NAME`: every process in that namespace.
func (s *session) netnsPids(a args) int {
	if len(a) < 1 {
		return failure("No netns name specified\n")
	}
	if len(a) > 1 {
		return failure("extra arguments specified\n")
	}
	target, err := proc.Namespace(netnsFile(a[0]))
	if err != nil {
		errorLine("Cannot open network namespace: ", err)
		return cli.StatusFailure
	}
	entries, err := proc.ListDir("/proc")
	if err != nil {
		errorLine("Open of /proc failed: ", err)
		return cli.StatusFailure
	}
	for _, pid := range entries {
		if !isPID(pid) {
			continue
		}
		if id, err := proc.Namespace("/proc/" + pid + "/ns/net"); err == nil && id == target {
			s.out.Text(pid + "\n")
		}
	}
	return 0
}

// netnsAdd is `ip netns add NAME` (create) and `ip netns attach NAME PID`.
// Whatever fails, no file and no mount are left behind.
func (s *session) netnsAdd(a args, create bool) int {
	// What is bound: this process's new namespace, or the PID's.
	source := "/proc/self/ns/net"
	if create && len(a) < 1 {
		return failure("No netns name specified\n")
	}
	if !create {
		if len(a) < 2 {
			return failure("No netns name and PID specified\n")
		}
		n, ok := parseS32(a[1])
		if !ok || n == 0 {
			cli.Stderr("Invalid PID: ", a[1], "\n")
			return cli.StatusFailure
		}
		source = "/proc/" + itoa(int(n)) + "/ns/net"
	}
	name := a[0]
	path := netnsFile(name)
	dir := new(netnsRunDirLock)
	if !lockNetnsRunDir(dir) {
		return cli.StatusFailure
	}
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0)
	if err != nil {
		errorLineAbout(`Cannot create namespace file "`, path, `": `, err)
		dir.undo()
		return cli.StatusFailure
	}
	unix.Close(fd)
	if create {
		err = ns.Unshare(unix.CLONE_NEWNET, func(nsPath string) error { return ns.Bind(nsPath, path) })
	} else {
		err = ns.Bind(source, path)
	}
	if err == nil {
		dir.unlock()
		return 0
	}
	if e, ok := err.(*ns.Error); ok && e.Op != "bind" {
		errorLineAbout(`Failed to create a new network namespace "`, name, `": `, err)
		cli.PrintHint(cli.NamespaceHint(unix.CLONE_NEWNET, err, cli.PathExists))
	} else {
		cli.Stderr("Bind ", source, " -> ", path, " failed: ", cli.Strerror(err), "\n")
	}
	if err := unix.Unlink(path); err != nil {
		cannotRemove(path, err)
	}
	dir.undo()
	return cli.StatusFailure
}

// netnsRunDirLock is the run directory, made ready for namespace files
// and locked with flock against other nsip and ip processes doing the same
// (parallel first-time adds used to stack mounts until the machine froze:
// Debian #949235). It remembers what making it ready changed, for undo.
type netnsRunDirLock struct {
	fd    int
	made  []string // the directories made, outermost first
	bound bool     // the directory was bound onto itself
	// mountsBelow is how many mounts were inside the directory before.
	mountsBelow int
}

// lockNetnsRunDir makes the run directory exist and be a shared mount, so
// that a namespace file unmounted in one mount namespace goes away in all
// of them, and locks it. Unlike ip, a missing /run is made too: an
// initramfs may not have one. It fills l, on the caller's stack. On
// failure it has undone what it did.
func lockNetnsRunDir(l *netnsRunDirLock) bool {
	for {
		l.fd = -1
		var ok bool
		if l.made, ok = makeNetnsRunDir(); !ok {
			return false
		}
		fd, err := unix.Open(netnsRunDir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if err != nil {
			errorLineAbout(`Cannot open netns runtime directory "`, netnsRunDir, `": `, err)
			l.undo()
			return false
		}
		l.fd = fd
		if err := unix.Flock(l.fd, unix.LOCK_EX); err != nil {
			errorLineAbout(`Warning: could not flock netns runtime directory "`, netnsRunDir, `": `, err)
		}
		// An add that failed while this one waited for the lock may
		// have removed the directory: then begin again.
		var open, named unix.Stat_t
		if unix.Fstat(l.fd, &open) != nil || unix.Stat(netnsRunDir, &named) != nil ||
			open.Dev != named.Dev || open.Ino != named.Ino {
			l.unlock()
			continue
		}
		// Locked: now the directory becomes a shared mount, or what was
		// done is undone (which unlocks it).
		l.mountsBelow = mountsBelow(netnsRunDir)
		bound, err := ns.ShareDir(netnsRunDir)
		l.bound = bound
		if err == nil {
			return true
		}
		// ip's words for the step that failed.
		step := "--make-shared "
		if e, ok := err.(*ns.Error); ok && e.Op == "bind" {
			step = "--bind " + netnsRunDir + " "
		} else if ok && e.Op == "make-private" {
			step = "--make-private "
		}
		cli.Stderr("mount ", step, netnsRunDir, " failed: ", cli.Strerror(err), "\n")
		l.undo()
		return false
	}
}

// makeNetnsRunDir makes /run and the run directory where they are
// missing, and says which it made.
func makeNetnsRunDir() (made []string, ok bool) {
	for _, dir := range [...]string{"/run", netnsRunDir} {
		err := unix.Mkdir(dir, 0o755)
		if err == nil {
			made = append(made, dir)
		} else if err != unix.EEXIST {
			errorLineAbout("mkdir ", dir, " failed: ", err)
			for i := len(made) - 1; i >= 0; i-- {
				unix.Rmdir(made[i])
			}
			return nil, false
		}
	}
	return made, true
}

// undo takes back what lockNetnsRunDir changed, for an add that failed:
// the bind of the directory onto itself, unless a namespace file of
// another process is mounted in it by now (the bind, being recursive,
// doubled the mounts that were there), and the directories it made, if
// they are empty again; then it lets the directory go.
func (l *netnsRunDirLock) undo() {
	if l.bound && mountsBelow(netnsRunDir) == 2*l.mountsBelow {
		ns.Unbind(netnsRunDir)
	}
	for i := len(l.made) - 1; i >= 0; i-- {
		unix.Rmdir(l.made[i])
	}
	l.unlock()
}

// unlock lets the run directory go.
//
//go:noinline
func (l *netnsRunDirLock) unlock() {
	if l.fd >= 0 {
		unix.Close(l.fd) // which drops the flock
	}
}

// mountsBelow counts the mounts inside dir; -1 when it cannot tell.
func mountsBelow(dir string) int {
	mounts, err := proc.Mounts()
	if err != nil {
		return -1
	}
	n := 0
	for i := range mounts {
		if ascii.HasPrefix(mounts[i].Target, dir+"/") {
			n++
		}
	}
	return n
}

// removeNetnsFile unmounts and removes a namespace file, as ip netns
// delete does; an unmount that fails (nothing mounted) is not an error.
// Unlike ip, it does not unmount a file it cannot remove (ip then frees
// the namespace and leaves an empty file): it checks first, and binds the
// namespace back if the removal fails after all.
func removeNetnsFile(path string) bool {
	if err := unlinkable(path); err != nil {
		cannotRemove(path, err)
		return false
	}
	keep := -1
	if isNS, _ := ns.IsNamespaceFile(path); isNS {
		if fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0); err == nil {
			keep = fd
		}
	}
	ns.Unbind(path)
	err := unix.Unlink(path)
	if keep >= 0 {
		if err != nil {
			ns.Bind("/proc/self/fd/"+itoa(keep), path)
		}
		unix.Close(keep)
	}
	if err != nil {
		cannotRemove(path, err)
		return false
	}
	return true
}

// cannotRemove is ip's complaint about a namespace file it cannot remove.
func cannotRemove(path string, err error) {
	errorLineAbout(`Cannot remove namespace file "`, path, `": `, err)
}

// unlinkable is what unlink(path) would fail with for reasons known
// before trying, in the order the kernel finds them: a read-only mount,
// no such file, a directory the caller may not change, a directory to
// remove.
func unlinkable(path string) error {
	dir := path[:ascii.LastIndexByte(path, '/')]
	var fs unix.Statfs_t
	if unix.Statfs(dir, &fs) == nil && fs.Flags&unix.ST_RDONLY != 0 {
		return unix.EROFS
	}
	var st unix.Stat_t
	if err := unix.Lstat(path, &st); err != nil {
		return err
	}
	if err := unix.Faccessat(unix.AT_FDCWD, dir, unix.W_OK|unix.X_OK, unix.AT_EACCESS); err != nil {
		return err
	}
	if st.Mode&unix.S_IFMT == unix.S_IFDIR {
		return unix.EISDIR
	}
	return nil
}

// netnsDelete is `ip netns delete NAME` and `ip -all netns delete`. It
// holds the run directory's lock, so that an nsip add racing with it never
// binds onto a file it is removing.
func (s *session) netnsDelete(a args) int {
	if !s.all && len(a) < 1 {
		return failure("No netns name specified\n")
	}
	lock, lockErr := unix.Open(netnsRunDir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if lockErr == nil {
		unix.Flock(lock, unix.LOCK_EX)
	}
	status := 0
	if !s.all {
		if !removeNetnsFile(netnsFile(a[0])) {
			status = cli.StatusFailure
		}
	} else if names, ok := allNetnsNames(); !ok {
		status = cli.StatusFailure
	} else {
		// ip stops at the first file it cannot remove, having removed
		// those before it; nsip finds that file first and removes none.
		for _, name := range names {
			if err := unlinkable(netnsFile(name)); err != nil {
				cannotRemove(netnsFile(name), err)
				names = nil
				break
			}
		}
		for _, name := range names {
			if !removeNetnsFile(netnsFile(name)) {
				break
			}
		}
	}
	// Closing the directory lets the lock go.
	if lockErr == nil {
		unix.Close(lock)
	}
	return status
}

// netnsMonitor is `ip netns monitor`: a line for each namespace file that
// appears or goes, until interrupted. Each line is flushed at once.
func (s *session) netnsMonitor() int {
	fd, err := unix.InotifyInit1(unix.IN_CLOEXEC)
	if err != nil {
		errorLine("inotify_init failed: ", err)
		return cli.StatusFailure
	}
	// It returns only on failure, each time closing fd itself.
	if _, ok := makeNetnsRunDir(); !ok {
		unix.Close(fd)
		return cli.StatusFailure
	}
	if _, err := unix.InotifyAddWatch(fd, netnsRunDir, unix.IN_CREATE|unix.IN_DELETE); err != nil {
		errorLine("inotify_add_watch failed: ", err)
		unix.Close(fd)
		return cli.StatusFailure
	}
	buf := make([]byte, 4096)
	for {
		n, err := proc.Read(fd, buf)
		if err != nil {
			errorLine("read failed: ", err)
			unix.Close(fd)
			return cli.StatusFailure
		}
		for b := buf[:n]; len(b) >= unix.SizeofInotifyEvent; {
			mask := endian.Native.Uint32(b[4:8])
			nameLen := int(endian.Native.Uint32(b[12:16]))
			end := min(unix.SizeofInotifyEvent+nameLen, len(b))
			name := ascii.TrimRight(string(b[unix.SizeofInotifyEvent:end]), "\x00")
			if mask&unix.IN_CREATE != 0 {
				s.out.Text("add " + name + "\n")
			}
			if mask&unix.IN_DELETE != 0 {
				s.out.Text("delete " + name + "\n")
			}
			s.out.Flush()
			b = b[end:]
		}
	}
}
