package ip

import "nsip/nl"

func printBondData(s *session, data nl.Attributes)     {}
func printBondPortData(s *session, data nl.Attributes) {}
