package ip

import (
	"io"
	"slices"

	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/internal/unix"
)

// maxBatchArgs is how many words ip takes on one batch line.
const maxBatchArgs = 512

// batch is -batch FILE: one command per line, all on one rtnetlink socket.
// It stops at the first failure unless -force.
func (s *session) batch(name string) int {
	in := cli.Stdin
	if name != "-" {
		fd, err := unix.Open(name, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			errorLineAbout(`Cannot open file "`, name, `" for reading: `, err)
			return cli.StatusFailure
		}
		in = cli.File(fd)
	}
	if s.conn == nil {
		s.dial()
	}
	// ip's batch socket does not ask for strict dump checking, so the
	// kernel leaves the filtering of dumps to ip; nsip does the same.
	s.conn.SetStrictCheck(false)

	family := s.family
	status := 0
	s.inBatch = true
	lines := &commandReader{r: in}
	for {
		line, ok := lines.next()
		if !ok {
			break
		}
		words := splitCommandLine(line)
		if len(words) == 0 {
			continue
		}
		s.family = family
		failed := s.command(words) != 0
		// The next command may write past the Printer (ip route save)
		// or run a program (ip netns exec).
		s.out.Flush()
		if failed {
			cli.Stderr("Command failed ", name, ":", itoa(lines.lineNo), "\n")
			status = cli.StatusFailure
			if !s.force {
				break
			}
		}
	}
	// Closed here rather than deferred: a command that ends ip ends the
	// process, which closes the file too.
	if in != cli.Stdin {
		in.Close()
	}
	return status
}

// commandReader reads batch lines as ip's getcmdline does: # starts a
// comment, and a backslash at the end of a line joins the next one.
type commandReader struct {
	r      io.Reader
	buf    []byte // read and not yet returned
	err    error  // the read error to report once buf has no line left
	lineNo int
}

// readString is bufio.Reader's ReadString('\n'): the next line with its
// newline, or what is left with the error that ended it. A Reader of its
// own: bufio's adds 4 KB to the binary for this one use.
func (c *commandReader) readString() (string, error) {
	for {
		if i := slices.Index(c.buf, '\n'); i >= 0 {
			line := string(c.buf[:i+1])
			c.buf = c.buf[i+1:]
			return line, nil
		}
		if c.err != nil {
			line, err := string(c.buf), c.err
			c.buf, c.err = nil, nil
			return line, err
		}
		var chunk [4096]byte
		n, err := c.r.Read(chunk[:])
		c.buf, c.err = append(c.buf, chunk[:n]...), err
	}
}

func (c *commandReader) readLine() (string, bool) {
	line, err := c.readString()
	if line == "" && err != nil {
		return "", false
	}
	c.lineNo++
	if i := ascii.IndexByte(line, '#'); i >= 0 {
		line = line[:i]
	}
	return line, true
}

func (c *commandReader) next() (string, bool) {
	line, ok := c.readLine()
	if !ok {
		return "", false
	}
	for {
		i := ascii.Index(line, "\\\n")
		if i < 0 {
			return line, true
		}
		more, ok := c.readLine()
		if !ok {
			cli.Stderr("Missing continuation line\n")
			return "", false
		}
		line = line[:i] + more
	}
}

// splitCommandLine splits a batch line into words at blanks; a word that
// starts with a quote runs to the matching quote.
func splitCommandLine(line string) []string {
	const blanks = " \t\r\n"
	var words []string
	for {
		line = ascii.TrimLeft(line, blanks)
		if line == "" {
			return words
		}
		if len(words) >= maxBatchArgs-1 {
			fatal(cli.StatusFailure, "Too many arguments to command\n")
		}
		// The word, and the rest after its closing quote or blank.
		word, rest := line, ""
		if q := line[0]; q == '\'' || q == '"' {
			end := ascii.IndexByte(line[1:], q)
			if end < 0 {
				fatal(cli.StatusFailure, "Unterminated quoted string\n")
			}
			word, rest = line[1:1+end], line[2+end:]
		} else if end := ascii.IndexAny(line, blanks); end >= 0 {
			word, rest = line[:end], line[end+1:]
		}
		words = append(words, word)
		line = rest
	}
}
