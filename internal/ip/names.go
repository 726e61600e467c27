package ip

import (
	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/proc"
)

// The name databases iproute2 keeps in /etc/iproute2: numbers of route
// protocols, scopes, tables, realms and link groups and their names. Every
// table has built-in names, so nsip prints the same words on a host with no
// /etc at all; the files, when present, add to them exactly as iproute2
// reads them, quirks included.

const configDir = "/etc/iproute2"

// numeric is -Numeric: print numbers, never names.
var numeric bool

// nameEntry is one id-name pair of a database.
type nameEntry struct {
	id   uint32
	name string
}

// nameDB is a database read lazily from a file and, optionally, the *.conf
// files of a directory.
type nameDB struct {
	file, dir string
	loaded    bool
	entries   []nameEntry // built-ins first, then the files, in reading order
}

func (db *nameDB) load() {
	if db.loaded {
		return
	}
	db.loaded = true
	if db.file != "" {
		db.readFile(configDir + "/" + db.file)
	}
	if db.dir == "" {
		return
	}
	dir := configDir + "/" + db.dir
	// readdir order, not sorted: the order iproute2 sees.
	names, _ := proc.ListDir(dir)
	for _, name := range names {
		if ascii.HasPrefix(name, ".") || len(name) <= 5 || !ascii.HasSuffix(name, ".conf") {
			continue
		}
		db.readFile(dir + "/" + name)
	}
}

// readFile reads "ID NAME" lines; IDs are decimal or 0x hex, # starts a
// comment. A line it cannot read ends the file with iproute2's complaint.
func (db *nameDB) readFile(path string) {
	data, err := proc.ReadFile(path)
	if err != nil {
		return
	}
	for _, line := range ascii.Split(string(data), "\n") {
		line = ascii.TrimLeft(line, " \t")
		if line == "" || line[0] == '#' {
			continue
		}
		id, name, ok := parseIDName(line)
		if !ok {
			cli.Stderr("Database ", path, " is corrupted at ", line, "\n")
			return
		}
		if id < 0 || id > 0xffffffff {
			continue
		}
		db.entries = append(db.entries, nameEntry{uint32(id), name})
	}
}

// parseIDName reads a number and the word after it, as sscanf's "%d %s"
// and "0x%x %s" do.
func parseIDName(line string) (int64, string, bool) {
	fields := ascii.Fields(line)
	if len(fields) < 2 {
		return 0, "", false
	}
	num := fields[0]
	var id int64
	if hex, ok := ascii.CutPrefix(num, "0x"); ok {
		n, used, _ := cli.Strtoul(hex, 16)
		if used == 0 {
			return 0, "", false
		}
		if used < len(hex) {
			// sscanf stops at the first non-digit; the rest is the name.
			return int64(uint32(n)), hex[used:], true
		}
		id = int64(uint32(n))
	} else {
		n, used, _ := cli.Strtol(num, 10)
		if used == 0 {
			return 0, "", false
		}
		if used < len(num) {
			return n, num[used:], true
		}
		id = n
	}
	return id, fields[1], true
}

// byID is the name of id: the entry read last wins.
//
//go:noinline
func (db *nameDB) byID(id uint32) (string, bool) {
	for i := len(db.entries) - 1; i >= 0; i-- {
		if db.entries[i].id == id {
			return db.entries[i].name, true
		}
	}
	return "", false
}

// The array-backed databases (protocols, scopes, realms, dsfield): a
// built-in name wins without the file ever being read; the files are read
// the first time an id without a built-in name is asked for.
func (db *nameDB) arrayName(id uint32) (string, bool) {
	if !db.loaded {
		for _, e := range db.entries {
			if e.id == id {
				return db.lookupLoaded(id)
			}
		}
		db.load()
	}
	return db.lookupLoaded(id)
}

func (db *nameDB) lookupLoaded(id uint32) (string, bool) {
	if id > 255 {
		return "", false
	}
	return db.byID(id)
}

// hashID is the id named name in the hash-backed databases (tables,
// groups): buckets by id&255 in order, newest entry first in each.
func (db *nameDB) hashID(name string) (uint32, bool) {
	db.load()
	for bucket := uint32(0); bucket < 256; bucket++ {
		for i := len(db.entries) - 1; i >= 0; i-- {
			if e := db.entries[i]; e.id&255 == bucket && e.name == name {
				return e.id, true
			}
		}
	}
	return 0, false
}

var (
	protocolNames = &nameDB{file: "rt_protos", dir: "rt_protos.d", entries: []nameEntry{
		{0, "unspec"}, {1, "redirect"}, {2, "kernel"}, {3, "boot"}, {4, "static"},
		{8, "gated"}, {9, "ra"}, {10, "mrt"}, {11, "zebra"}, {12, "bird"},
		{13, "dnrouted"}, {14, "xorp"}, {15, "ntk"}, {16, "dhcp"}, {18, "keepalived"},
		{42, "babel"}, {186, "bgp"}, {187, "isis"}, {188, "ospf"}, {189, "rip"},
		{192, "eigrp"},
	}}
	scopeNames = &nameDB{file: "rt_scopes", entries: []nameEntry{
		{0, "global"}, {255, "nowhere"}, {254, "host"}, {253, "link"}, {200, "site"},
	}}
	realmNames = &nameDB{file: "rt_realms", entries: []nameEntry{{0, "unknown"}}}
	tableNames = &nameDB{file: "rt_tables", dir: "rt_tables.d", entries: []nameEntry{
		{253, "default"}, {254, "main"}, {255, "local"},
	}}
	groupNames     = &nameDB{file: "group", entries: []nameEntry{{0, "default"}}}
	dsfieldNames   = &nameDB{file: "rt_dsfield", entries: []nameEntry{{0, "0"}}}
	protodownNames = &nameDB{dir: "protodown_reasons.d"}
)

func numberName(id uint32) string { return utoa(uint64(id)) }

func protocolName(id uint8) string { return protocolNames.arrayWord(uint32(id)) }

func scopeName(id uint8) string { return scopeNames.arrayWord(uint32(id)) }

func realmName(id uint32) string { return realmNames.arrayWord(id) }

// arrayWord is the name of id in an array-backed database, or its number
// (always with -Numeric).
func (db *nameDB) arrayWord(id uint32) string {
	if name, ok := db.arrayName(id); ok && !numeric {
		return name
	}
	return numberName(id)
}

func tableName(id uint32) string {
	tableNames.load()
	if name, ok := tableNames.byID(id); ok && !numeric {
		return name
	}
	return numberName(id)
}

func groupName(id int32) string {
	groupNames.load()
	if name, ok := groupNames.byID(uint32(id)); ok && !numeric {
		return name
	}
	return itoa(int(id))
}

// dsfieldName names a TOS value, or writes it as 0xNN.
func dsfieldName(id uint8) string {
	if name, ok := dsfieldNames.arrayName(uint32(id)); ok && !numeric {
		return name
	}
	return "0x" + hexByteString(id)
}

// dsfieldID reads a TOS name, or a number in hex.
func dsfieldID(arg string) (uint8, bool) { return dsfieldNames.byteID(arg, 16) }

// byteID reads a name of an array-backed database, or a number up to 255
// written in base (0 for C's prefixes).
func (db *nameDB) byteID(arg string, base int) (uint8, bool) {
	// The names are looked up by scanning ids upward, as iproute2 does.
	db.load()
	for id := uint32(0); id < 256; id++ {
		if n, ok := db.byID(id); ok && n == arg {
			return uint8(id), true
		}
	}
	n, ok := cli.ParseUint(arg, base)
	return uint8(n), ok && n <= 255
}

// scopeID reads a scope name or number.
func scopeID(arg string) (uint8, bool) { return scopeNames.byteID(arg, 0) }

// protocolID reads a route protocol name or number.
func protocolID(arg string) (uint8, bool) { return protocolNames.byteID(arg, 0) }

// tableID reads a route table name or number.
func tableID(arg string) (uint32, bool) {
	if id, ok := tableNames.hashID(arg); ok {
		return id, true
	}
	n, ok := cli.ParseUint(arg, 0)
	return uint32(n), ok && n <= 0xffffffff
}

// groupID reads a link group name or non-negative number.
func groupID(arg string) (int32, bool) {
	if id, ok := groupNames.hashID(arg); ok {
		return int32(id), true
	}
	// ip keeps strtol's long in an int: only the low 32 bits count, so
	// 4294967296 is group 0 and 2147483648 is refused as negative.
	n, used, _ := cli.Strtol(arg, 0)
	id := int32(n)
	return id, used > 0 && used == len(arg) && id >= 0
}
