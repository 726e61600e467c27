package nl

import "nsip/internal/unix"

// NsidUnassigned is the nsid of a namespace that has none where it is asked.
const NsidUnassigned = -1

// NsidMessage is an RTM_GETNSID or RTM_NEWNSID request with the attributes
// of ae (NETNSA_*).
func NsidMessage(typ HeaderType, ae *AttributeEncoder) Message {
	return Message{Header: Header{Type: typ}, Data: append(RtGenMsg{}.Marshal(), ae.Encode()...)}
}

// NsidAttributes are the attributes of an RTM_NEWNSID or RTM_DELNSID. On
// malformed input it returns what it read before the fault and the error.
func NsidAttributes(m Message) (Attributes, error) {
	_, rest, err := UnmarshalRtGenMsg(m.Data)
	if err != nil {
		return Attributes{}, err
	}
	return ParseAttributes(rest)
}

// Nsid asks which nsid the Conn's namespace has for the network namespace
// open at fd: NsidUnassigned when it has none.
func (c *Conn) Nsid(fd int) (int32, error) {
	ae := NewAttributeEncoder()
	ae.Uint32(unix.NETNSA_FD, uint32(fd))
	replies, err := c.Execute(NsidMessage(unix.RTM_GETNSID, ae))
	if err != nil {
		return NsidUnassigned, err
	}
	for _, r := range replies {
		if attrs, err := NsidAttributes(r); err == nil && attrs.Has(unix.NETNSA_NSID) {
			return int32(attrs.Uint32(unix.NETNSA_NSID)), nil
		}
	}
	return NsidUnassigned, nil
}

// NsidOfFile is Nsid for the namespace pinned at path, a /run/netns entry
// or a /proc/PID/ns/net file.
func (c *Conn) NsidOfFile(path string) (int32, error) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return NsidUnassigned, err
	}
	id, err := c.Nsid(fd)
	unix.Close(fd)
	return id, err
}

// SetNsid gives the network namespace open at fd the nsid id in the Conn's
// namespace; NsidUnassigned lets the kernel choose one.
func (c *Conn) SetNsid(fd int, id int32) error {
	ae := NewAttributeEncoder()
	ae.Uint32(unix.NETNSA_FD, uint32(fd))
	ae.Uint32(unix.NETNSA_NSID, uint32(id))
	_, err := c.Execute(NsidMessage(unix.RTM_NEWNSID, ae))
	return err
}
