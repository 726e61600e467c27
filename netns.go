package main

import (
	"golang.org/x/sys/unix"

	"nsip/nl"
	"nsip/proc"
)

// netnsRunDir holds the files that pin named network namespaces.
const netnsRunDir = "/run/netns"

// netnsNames lists the entries of the run directory in readdir order.
func netnsNames() ([]string, error) { return proc.ListDir(netnsRunDir) }

// nsidOf asks the kernel which nsid the session's namespace has for the
// namespace pinned at path: -1 when none is assigned.
func (s *ipSession) nsidOf(path string) (int32, error) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, err
	}
	defer unix.Close(fd)
	ae := nl.NewAttributeEncoder()
	ae.Uint32(unix.NETNSA_FD, uint32(fd))
	replies, err := s.conn.Execute(nl.Message{
		Header: nl.Header{Type: unix.RTM_GETNSID},
		Data:   append(nl.RtGenMsg{}.Marshal(), ae.Encode()...),
	})
	if err != nil {
		return -1, err
	}
	for _, r := range replies {
		if _, rest, err := nl.UnmarshalRtGenMsg(r.Data); err == nil {
			if attrs, _ := nl.ParseAttributes(rest); attrs.Has(unix.NETNSA_NSID) {
				return int32(attrs.Uint32(unix.NETNSA_NSID)), nil
			}
		}
	}
	return -1, nil
}

// netnsName is the /run/netns name of the namespace with nsid id. When two
// names pin the same namespace, the first in readdir order wins.
func (s *ipSession) netnsName(id int32) (string, bool) {
	if id < 0 {
		return "", false
	}
	if s.nsidNames == nil {
		s.nsidNames = map[int32]string{}
		names, _ := netnsNames()
		for _, name := range names {
			nsid, err := s.nsidOf(netnsRunDir + "/" + name)
			if err != nil || nsid < 0 {
				continue
			}
			if _, dup := s.nsidNames[nsid]; !dup {
				s.nsidNames[nsid] = name
			}
		}
	}
	name, ok := s.nsidNames[id]
	return name, ok
}
