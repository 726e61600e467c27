package ip

// ip rule save (listRules) and restore (in ipRule) use the dump file of ip
// address and ip route (dumpfile.go), with a magic of their own.
var ruleDumpFile = dumpFile{0x71706986, "rule"}
