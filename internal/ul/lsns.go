package ul

import (
	"slices"

	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/internal/getopt"
	"nsip/internal/help"
	"nsip/internal/output"
	"nsip/internal/unix"
	"nsip/nl"
	"nsip/ns"
	"nsip/proc"
)

// lsns lists namespaces as util-linux's lsns 2.38 does, and then the ones
// it cannot see: those that only a bind mount, a thread other than a
// process's leader, or an open file descriptor holds.

// lsns columns, in the order of util-linux's table.
const (
	colNS = iota
	colType
	colPath
	colNprocs
	colPID
	colPPID
	colCommand
	colUID
	colUser
	colNetnsid
	colNsfs
	colPNS
	colONS
)

// lsnsColumns are the columns' names, width hints, alignment and JSON
// type: what an output.Column starts with, in a third of its size.
var lsnsColumns = [...]struct {
	name   string
	hint   uint8
	right  bool
	number bool
}{
	colNS:      {name: "NS", hint: 10, right: true, number: true},
	colType:    {name: "TYPE", hint: 5},
	colPath:    {name: "PATH"},
	colNprocs:  {name: "NPROCS", hint: 5, right: true, number: true},
	colPID:     {name: "PID", hint: 5, right: true, number: true},
	colPPID:    {name: "PPID", hint: 5, right: true, number: true},
	colCommand: {name: "COMMAND"},
	colUID:     {name: "UID", right: true, number: true},
	colUser:    {name: "USER"},
	colNetnsid: {name: "NETNSID", right: true},
	colNsfs:    {name: "NSFS"},
	colPNS:     {name: "PNS", hint: 10, right: true, number: true},
	colONS:     {name: "ONS", hint: 10, right: true, number: true},
}

// Trees lsns draws: none, processes by parent in COMMAND, or namespaces
// by owner or parent in NS.
const (
	treeNone = iota
	treeProcess
	treeOwner
	treeParent
)

// Indexes of the related namespaces.
const (
	relParent = iota
	relOwner
)

// netnsidUnusable marks a netnsid nobody could ask for.
const netnsidUnusable = -2

// noCompare, as a struct's first field, takes == away from the struct:
// the compiler then does not build it an equality function nothing calls.
type noCompare [0]func()

type lsnsProcess struct {
	_         noCompare
	pid, ppid int
	uid       uint32
	ns        [len(ns.Kinds)]uint64
	parent    *lsnsProcess
	line      *output.Line
}

type lsnsNamespace struct {
	kind    int
	ino     uint64
	related [2]uint64
	rel     [2]*lsnsNamespace // the related namespaces, where found
	line    *output.Line      // in an owner or parent tree
	procs   []*lsnsProcess
	proc    *lsnsProcess // the lowest PID
	netnsid int

	// For a namespace no process is in: where nsip found it and its
	// owner's uid (-1 when unknown).
	source   string
	ownerUID int64
}

type lsns struct {
	prog       string
	types      [len(ns.Kinds)]bool
	columns    []int
	tree       int
	filterPID  int
	filterNS   uint64
	noWrap     bool
	noTrunc    bool
	namespaces []*lsnsNamespace // sorted by inode
	mounts     []proc.Mount     // of which the nsfs ones bind namespaces
	conn       *nl.Conn
	users      map[int32]string // by uid_t, as int32: a map type ip has already
	self       int
	pending    []pendingNamespace // found by threads and descriptors
	// Buffers readProcessIn reuses.
	statBuf []byte
	linkBuf [64]byte
}

type pendingNamespace struct {
	_    noCompare
	kind int
	path string
	ino  uint64 // when known from where it was found
}

var lsnsOptions = []getopt.Option{
	{Name: "json", Arg: getopt.NoArgument, Key: 'J'},
	{Name: "task", Arg: getopt.RequiredArgument, Key: 'p'},
	{Name: "help", Arg: getopt.NoArgument, Key: 'h'},
	{Name: "output", Arg: getopt.RequiredArgument, Key: 'o'},
	{Name: "output-all", Arg: getopt.NoArgument, Key: 0x100},
	{Name: "notruncate", Arg: getopt.NoArgument, Key: 'u'},
	{Name: "version", Arg: getopt.NoArgument, Key: 'V'},
	{Name: "noheadings", Arg: getopt.NoArgument, Key: 'n'},
	{Name: "nowrap", Arg: getopt.NoArgument, Key: 'W'},
	{Name: "list", Arg: getopt.NoArgument, Key: 'l'},
	{Name: "raw", Arg: getopt.NoArgument, Key: 'r'},
	{Name: "type", Arg: getopt.RequiredArgument, Key: 't'},
	{Name: "tree", Arg: getopt.OptionalArgument, Key: 'T'},
}

func lsnsMain(argv []string) int {
	l := &lsns{prog: cli.ProgramName(argv[0]), self: unix.Getpid()}
	t := output.NewTable(output.FormatHuman)
	t.Name = "namespaces"
	var columnList string
	haveOutput, list, anyType, isNet := false, false, false, false
	g := getopt.New(argv, "Jlp:o:nruhVt:T::W", lsnsOptions)
	if cli.Getenv("POSIXLY_CORRECT") != "" {
		g.InOrder = true
	}
	g.Exclusive("Jr", "lT")
	for c := g.Next(); c >= 0; c = g.Next() {
		switch c {
		case 'J':
			t.Format = output.FormatJSON
		case 'l':
			list = true
		case 'o':
			columnList, haveOutput = g.Arg, true
		case 0x100:
			l.columns = l.columns[:0]
			for i := range lsnsColumns {
				l.columns = append(l.columns, i)
			}
		case 'p':
			l.filterPID = utilInt32(l.prog, g.Arg, "invalid PID argument")
		case 'n':
			t.NoHeadings = true
		case 'r':
			t.Format, l.noWrap = output.FormatRaw, true
		case 'u':
			l.noTrunc = true
		case 't':
			kind := ns.Kind(g.Arg)
			if kind < 0 {
				cli.Errx(l.prog, "unknown namespace type: ", g.Arg)
			}
			l.types[kind], anyType = true, true
			isNet = isNet || kind == ns.Net
		case 'W':
			l.noWrap = true
		case 'T':
			switch arg := ascii.TrimPrefix(g.Arg, "="); {
			case !g.HasArg || arg == "owner":
				l.tree = treeOwner
			case arg == "parent":
				l.tree = treeParent
			case arg == "process":
				l.tree = treeProcess
			default:
				cli.Errx(l.prog, "unknown tree type: ", arg)
			}
		case 'h':
			cli.Stdout.WriteString(help.Text(help.Lsns))
			return 0
		case 'V':
			printUtilVersion(l.prog)
		default:
			cli.ErrTryHelp(l.prog)
		}
	}
	if !anyType {
		for i := range l.types {
			l.types[i] = true
		}
	}
	if operands := g.Operands(); len(operands) > 0 {
		if l.filterPID != 0 {
			cli.Errx(l.prog, "--task is mutually exclusive with <namespace>")
		}
		l.filterNS = utilUint64(l.prog, operands[0], "invalid namespace argument")
		if l.tree == treeNone && !list {
			l.tree = treeProcess
		}
		if len(l.columns) == 0 {
			// Appended, not literals: those would each bring an array
			// type's descriptor into the binary.
			l.columns = append(l.columns, colPID, colPPID, colUser, colCommand)
		}
	}
	if len(l.columns) == 0 {
		l.columns = append(l.columns, colNS, colType, colNprocs, colPID, colUser)
		if isNet {
			l.columns = append(l.columns, colNetnsid, colNsfs)
		}
		l.columns = append(l.columns, colCommand)
		if l.tree == treeNone && !list {
			l.tree = treeProcess
		}
	}
	if haveOutput && !l.parseColumns(columnList) {
		return cli.StatusFailure
	}
	for _, id := range l.columns {
		col := &lsnsColumns[id]
		c := output.Column{Name: col.name, Hint: int(col.hint), Right: col.right, Number: col.number}
		c.Tree = l.tree == treeProcess && id == colCommand
		if l.tree >= treeOwner && id == colNS {
			c.Tree, c.Right = true, false
		}
		c.Lines = !l.noWrap && id == colNsfs
		c.Trunc = !l.noTrunc && id == colCommand
		t.Columns = append(t.Columns, &c)
	}
	if l.has(colNetnsid) {
		l.conn, _ = nl.Dial()
	}
	if l.has(colNsfs) || l.filterNS == 0 {
		var err error
		if l.mounts, err = proc.Mounts(); err != nil && l.has(colNsfs) {
			cli.Err(cli.StatusFailure, l.prog, err, "failed to parse /proc/self/mountinfo")
		}
	}
	l.readProcesses()
	l.readNamespaces()
	if l.filterNS != 0 {
		n := l.find(l.filterNS)
		if n == nil {
			cli.Errx(l.prog, "not found namespace: ", utoa(l.filterNS))
		}
		for _, p := range n.procs {
			if p.line == nil {
				l.showProcess(t, n, p)
			}
		}
	} else {
		for _, n := range l.namespaces {
			if l.filterPID != 0 && !n.hasPID(l.filterPID) {
				continue
			}
			if n.line == nil {
				l.showNamespace(t, n)
			}
		}
	}
	t.Print()
	return 0
}

// parseColumns applies -o: a list of column names, added to the default
// ones when it starts with '+'. It follows util-linux to the letter: an
// empty name fails without a word, an unknown one is reported with the
// rest of the list.
func (l *lsns) parseColumns(list string) bool {
	if ascii.HasPrefix(list, "+") {
		list = list[1:]
	} else {
		l.columns = l.columns[:0]
	}
	if list == "" {
		return false
	}
	start := 0
	for i := 0; i < len(list); i++ {
		end := -1
		if list[i] == ',' {
			end = i
		}
		if i+1 == len(list) {
			end = i + 1
		}
		if end < 0 {
			continue
		}
		if end <= start || len(l.columns) >= 2*len(lsnsColumns) {
			return false
		}
		// The column the name names, in any case.
		id := 0
		for id < len(lsnsColumns) && !ascii.EqualFold(lsnsColumns[id].name, list[start:end]) {
			id++
		}
		if id == len(lsnsColumns) {
			cli.Stderr(l.prog, ": unknown column: ", list[start:], "\n")
			return false
		}
		l.columns = append(l.columns, id)
		start = i + 1
	}
	return true
}

// hasPID reports whether process pid is in n.
func (n *lsnsNamespace) hasPID(pid int) bool {
	for _, p := range n.procs {
		if p.pid == pid {
			return true
		}
	}
	return false
}

// has reports whether col is shown; out of line in its many callers.
//
//go:noinline
func (l *lsns) has(col int) bool { return slices.Contains(l.columns, col) }

// readProcesses reads every process in /proc. Processes that vanish or
// deny access on the way are left out, as lsns does. The files are read
// relative to /proc and to each /proc/PID, and the namespaces' inodes
// taken from their links, which the kernel gives without making up an
// nsfs inode as stat does: lsns reads thousands of them.
func (l *lsns) readProcesses() {
	procDir, err := proc.OpenDir(proc.Here, "/proc")
	if err != nil {
		return
	}
	names, _ := procDir.List()
	// The processes in pid order, which /proc lists them in already: a
	// parent is then found by binary search, where a map would cost the
	// binary a map type of its own.
	var procs []*lsnsProcess
	for _, name := range names {
		pid, ok := proc.Atoi(name)
		if !ok || pid <= 0 {
			continue
		}
		dir, err := proc.OpenDir(procDir, name)
		if err != nil {
			continue
		}
		if p := l.readProcessIn(dir, pid); p != nil {
			i := len(procs)
			procs = append(procs, p)
			for ; i > 0 && procs[i-1].pid > p.pid; i-- {
				procs[i] = procs[i-1]
			}
			procs[i] = p
		}
		dir.Close()
	}
	procDir.Close()
	for _, p := range procs {
		lo, hi := 0, len(procs)
		for lo < hi {
			if mid := int(uint(lo+hi) >> 1); procs[mid].pid < p.ppid {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		if lo < len(procs) && procs[lo].pid == p.ppid {
			p.parent = procs[lo]
		}
	}
}

// readProcessIn reads the process whose /proc directory is open at dir.
func (l *lsns) readProcessIn(dir proc.Dir, pid int) *lsnsProcess {
	var st unix.Stat_t
	if dir.Stat(&st) != nil {
		return nil
	}
	data, err := dir.ReadFile("stat", l.statBuf)
	if err != nil {
		return nil
	}
	l.statBuf = data
	stat, err := proc.ParseStat(string(data))
	if err != nil {
		return nil
	}
	p := &lsnsProcess{pid: stat.PID, ppid: stat.PPID, uid: st.Uid}
	for kind, want := range l.types {
		if want {
			l.addProcess(p, dir, kind)
		}
	}
	if stat.Threads > 1 {
		// The namespaces that threads other than the leader are in.
		// They are recorded after the processes are read, so that a
		// namespace a process is in is never taken for a thread's.
		tids, _ := proc.Tasks(pid)
		for _, tid := range tids {
			if tid == pid {
				continue
			}
			for kind := range ns.Kinds {
				l.pending = append(l.pending, pendingNamespace{kind: kind, path: proc.TaskNamespacePath(pid, tid, ns.Kinds[kind])})
			}
		}
	}
	// The namespaces that open descriptors refer to.
	if pid == l.self {
		return p
	}
	fdDir, err := proc.OpenDir(dir, "fd")
	if err != nil {
		return p
	}
	fds, _ := fdDir.List()
	for _, fd := range fds {
		target, err := fdDir.Readlink(fd, l.linkBuf[:])
		if err != nil {
			continue
		}
		if kind, ino, ok := proc.NamespaceLink(string(target)); ok {
			l.pending = append(l.pending, pendingNamespace{kind: ns.Kind(kind), path: proc.PIDPath(pid, "fd/"+fd), ino: ino})
		}
	}
	fdDir.Close()
	return p
}

// addProcess records that p is in its namespace of kind, in the order
// lsns meets them, unless the namespace cannot be seen. It reads the
// process's namespace file of kind for the inode and, when the PNS or ONS
// column or a tree asks, for its parent's and owner's.
func (l *lsns) addProcess(p *lsnsProcess, dir proc.Dir, kind int) {
	name := "ns/" + ns.Kinds[kind]
	link, err := dir.Readlink(name, l.linkBuf[:])
	if err != nil {
		return
	}
	ino, _ := proc.NamespaceInode(string(link), ns.Kinds[kind])
	if ino == 0 {
		return
	}
	p.ns[kind] = ino
	n := l.find(ino)
	if n == nil {
		n = &lsnsNamespace{kind: kind, ino: ino, netnsid: netnsidUnusable}
		if l.has(colPNS) || l.has(colONS) || l.tree >= treeOwner {
			if fd, err := unix.Openat(int(dir), name, unix.O_RDONLY|unix.O_CLOEXEC, 0); err == nil {
				n.related = [2]uint64{ns.RelativeInode(fd, ns.Parent), ns.RelativeInode(fd, ns.Owner)}
				unix.Close(fd)
			}
		}
		if kind == ns.Net {
			n.netnsid = l.netnsid(proc.PIDPath(p.pid, "ns/net"))
		}
		l.add(n)
	}
	n.procs = append(n.procs, p)
	if n.proc == nil || n.proc.pid > p.pid {
		n.proc = p
	}
}

// netnsid asks the kernel which nsid the network namespace at path has
// for the one nsip is in.
func (l *lsns) netnsid(path string) int {
	if l.conn != nil {
		if id, err := l.conn.NsidOfFile(path); err == nil {
			return int(id)
		}
	}
	return netnsidUnusable
}

// find is the namespace with inode ino, or nil.
func (l *lsns) find(ino uint64) *lsnsNamespace {
	if i := l.place(ino); i < len(l.namespaces) && l.namespaces[i].ino == ino {
		return l.namespaces[i]
	}
	return nil
}

// add records n in its place by inode. A sorted list serves lsns's
// look-ups, and its output order, without a map keyed by inode, whose
// runtime code nothing else in nsip needs.
func (l *lsns) add(n *lsnsNamespace) {
	i := l.place(n.ino)
	l.namespaces = append(l.namespaces, nil)
	copy(l.namespaces[i+1:], l.namespaces[i:])
	l.namespaces[i] = n
}

// place is where the namespace with inode ino is or would go in
// l.namespaces: a binary search, out of line in its many callers.
//
//go:noinline
func (l *lsns) place(ino uint64) int {
	lo, hi := 0, len(l.namespaces)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if l.namespaces[mid].ino < ino {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// extra records a namespace that no process's own file shows, found at
// path, unless it is known already. When the place it was found in named
// its inode (want, else 0), path must still lead to it: a bind mount can
// be hidden by another mount over it.
func (l *lsns) extra(kind int, path string, want uint64) {
	if kind < 0 || !l.types[kind] {
		return
	}
	var st unix.Stat_t
	if unix.Stat(path, &st) != nil || l.find(st.Ino) != nil || (want != 0 && st.Ino != want) {
		return
	}
	n := &lsnsNamespace{kind: kind, ino: st.Ino, source: path, ownerUID: -1, netnsid: netnsidUnusable}
	if fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0); err == nil {
		n.related = [2]uint64{ns.RelativeInode(fd, ns.Parent), ns.RelativeInode(fd, ns.Owner)}
		n.ownerUID = ownerUID(fd, kind)
		unix.Close(fd)
	}
	if kind == ns.Net {
		n.netnsid = l.netnsid(path)
	}
	l.add(n)
}

// ownerUID is the user that created the user namespace owning the
// namespace at fd (that is itself, for a user namespace), or -1.
func ownerUID(fd, kind int) int64 {
	if kind != ns.User {
		owner, err := ns.Owner(fd)
		if err != nil {
			return -1
		}
		uid := ownerUID(owner, ns.User)
		unix.Close(owner)
		return uid
	}
	uid, err := ns.OwnerUID(fd)
	if err != nil {
		return -1
	}
	return int64(uid)
}

// readNamespaces adds to the namespaces of the processes the ones only
// threads, descriptors and bind mounts hold, and, for the trees by owner
// and parent, links them to their relatives.
func (l *lsns) readNamespaces() {
	for _, x := range l.pending {
		l.extra(x.kind, x.path, x.ino)
	}
	for i := range l.mounts {
		m := &l.mounts[i]
		if kind, ino, ok := proc.NamespaceLink(m.Root); ok && m.FSType == "nsfs" {
			l.extra(ns.Kind(kind), m.Target, ino)
		}
	}
	if l.tree < treeOwner {
		return
	}
	// Link each namespace to its parent (for pid and user ones) and its
	// owner. A relative no process shows, such as the parent of the pid
	// namespace lsns runs in, is found through the namespace itself and
	// added, with its own relatives.
	for _, n := range slices.Clone(l.namespaces) {
		for rel, ino := range n.related {
			if ino == 0 || (rel == relParent && n.kind != ns.User && n.kind != ns.PID) {
				continue
			}
			if n.rel[rel] = l.find(ino); n.rel[rel] != nil {
				continue
			}
			path := n.source
			if n.proc != nil {
				path = proc.PIDPath(n.proc.pid, "ns/"+ns.Kinds[n.kind])
			}
			fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
			if err != nil {
				continue
			}
			n.rel[rel] = l.relative(fd, rel, ino)
			unix.Close(fd)
		}
	}
}

// showNamespace adds the line of n, in an owner or parent tree after the
// line of the namespace it hangs from.
func (l *lsns) showNamespace(t *output.Table, n *lsnsNamespace) {
	owner, parent := n.rel[relOwner], n.rel[relParent]
	switch {
	case l.tree == treeOwner && owner != nil && owner.line == nil:
		l.showNamespace(t, owner)
	case l.tree == treeParent && parent != nil:
		if parent.line == nil {
			l.showNamespace(t, parent)
		}
	case l.tree == treeParent && owner != nil && owner.line == nil:
		l.showNamespace(t, owner)
	}
	l.addLine(t, n, n.proc)
}

// showProcess adds the line of p in n, after the line of its parent when
// the parent is in n too and has none yet.
func (l *lsns) showProcess(t *output.Table, n *lsnsNamespace, p *lsnsProcess) {
	if l.tree == treeProcess && p.parent != nil && p.parent.line == nil && p.parent.ns[n.kind] == p.ns[n.kind] {
		l.showProcess(t, n, p.parent)
	}
	l.addLine(t, n, p)
}

// addLine adds the line of n as process p shows it, or as nsip found n
// when p is nil. In the tree the line goes below the latest line of p's
// parent.
func (l *lsns) addLine(t *output.Table, n *lsnsNamespace, p *lsnsProcess) {
	var parent *output.Line
	switch {
	case l.tree == treeProcess && p != nil && p.parent != nil:
		parent = p.parent.line
	case l.tree == treeParent && n.rel[relParent] != nil:
		parent = n.rel[relParent].line
	case l.tree == treeOwner && n.rel[relOwner] != nil:
		parent = n.rel[relOwner].line
	}
	ln := t.AddLine(parent)
	uid := n.ownerUID
	if p != nil {
		uid = int64(p.uid)
	}
	if l.tree >= treeOwner {
		n.line = ln
	} else if p != nil {
		p.line = ln
	}
	for i, col := range l.columns {
		ln.Cells[i] = l.cell(col, n, p, uid)
	}
}

// cell is what column col shows for n as process p shows it, or as nsip
// found n when p is nil; uid is p's, or that of n's owner.
func (l *lsns) cell(col int, n *lsnsNamespace, p *lsnsProcess, uid int64) string {
	switch {
	case col == colNS:
		return utoa(n.ino)
	case col == colType:
		return ns.Kinds[n.kind]
	case col == colPath && p == nil:
		return n.source
	case col == colPath:
		return proc.PIDPath(p.pid, "ns/"+ns.Kinds[n.kind])
	case col == colNprocs:
		return itoa(len(n.procs))
	case col == colPID && p != nil:
		return itoa(p.pid)
	case col == colPPID && p != nil:
		return itoa(p.ppid)
	case col == colCommand && p != nil:
		return proc.CommandLine(p.pid)
	case col == colUID && uid >= 0:
		return utoa(uint64(uid))
	case col == colUser && uid >= 0:
		// The name /etc/passwd gives uid, or the number itself.
		if l.users == nil {
			l.users = map[int32]string{}
			data, _ := proc.ReadFile("/etc/passwd")
			for _, line := range ascii.Split(string(data), "\n") {
				fields := ascii.Split(line, ":")
				if len(fields) < 3 {
					continue
				}
				id, ok := proc.ParseUint(fields[2], 10, 32)
				if _, seen := l.users[int32(id)]; ok && !seen {
					l.users[int32(id)] = fields[0]
				}
			}
		}
		if name, ok := l.users[int32(uid)]; ok {
			return name
		}
		return utoa(uint64(uid))
	case col == colNetnsid && n.kind == ns.Net && n.netnsid >= 0:
		return itoa(n.netnsid)
	case col == colNetnsid && n.kind == ns.Net && n.netnsid == -1:
		return "unassigned"
	case col == colNsfs:
		// The bind mounts of n, one per line, or separated by commas
		// under -W and -r.
		root := ns.Kinds[n.kind] + ":[" + utoa(n.ino) + "]"
		sep := "\n"
		if l.noWrap {
			sep = ","
		}
		var targets []string
		text := ""
		for i := range l.mounts {
			if m := &l.mounts[i]; m.Root == root && m.FSType == "nsfs" && !slices.Contains(targets, m.Target) {
				if targets = append(targets, m.Target); len(targets) > 1 {
					text += sep
				}
				text += m.Target
			}
		}
		return text
	case col == colPNS:
		return utoa(n.related[relParent])
	case col == colONS:
		return utoa(n.related[relOwner])
	}
	return ""
}

// relative opens the parent or owner of the namespace at fd and records
// it, if it is the namespace ino.
func (l *lsns) relative(fd, rel int, ino uint64) *lsnsNamespace {
	get := ns.Parent
	if rel == relOwner {
		get = ns.Owner
	}
	relFD, err := get(fd)
	if err != nil {
		return nil
	}
	var n *lsnsNamespace
	if got, err := ns.Inode(relFD); err == nil && got == ino {
		n = l.addRelative(relFD, ino)
	}
	unix.Close(relFD)
	return n
}

// addRelative records the namespace open at fd, which no process showed,
// and then its own relatives.
func (l *lsns) addRelative(fd int, ino uint64) *lsnsNamespace {
	if n := l.find(ino); n != nil {
		return n
	}
	flag, err := ns.TypeOf(fd)
	kind := ns.KindOfFlag(flag)
	if err != nil || kind < 0 {
		return nil
	}
	n := &lsnsNamespace{kind: kind, ino: ino, ownerUID: ownerUID(fd, kind), netnsid: netnsidUnusable,
		related: [2]uint64{ns.RelativeInode(fd, ns.Parent), ns.RelativeInode(fd, ns.Owner)}}
	l.add(n)
	for rel, relIno := range n.related {
		if relIno != 0 && relIno != ino && (rel == relOwner || kind == ns.User || kind == ns.PID) {
			n.rel[rel] = l.relative(fd, rel, relIno)
		}
	}
	return n
}
