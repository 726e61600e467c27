package ip

// With -s, flushes say how they went, as ip does: each round's count of
// deleted entries, then how many rounds it took (or that there was
// nothing to flush); -s -s also prints each entry as it goes.

// flushRound reports a round that deleted count entries ("addresses" or
// "entries").
func (s *session) flushRound(round, count int, what string) {
	if s.stats > 0 {
		p := s.out // piece by piece: a concatenation of seven costs more code
		p.Text("\n*** Round ")
		p.Text(itoa(round))
		p.Text(", deleting ")
		p.Text(itoa(count))
		p.Text(" ")
		p.Text(what)
		p.Text(" ***\n")
		s.out.Flush()
	}
}

// flushDone reports the end of a flush after round rounds.
func (s *session) flushDone(round int, nothing bool) {
	switch {
	case s.stats == 0:
		return
	case nothing:
		s.out.Text("Nothing to flush.\n")
	default:
		tail := " rounds ***\n"
		if round <= 1 {
			tail = " round ***\n"
		}
		s.out.Text("*** Flush is complete after " + itoa(round) + tail)
	}
	s.out.Flush()
}
