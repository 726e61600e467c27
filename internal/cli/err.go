package cli

import "nsip/internal/ascii"

// util-linux reports with err(3)'s family: "prog: message", and for err
// and warn the errno's text after it.

// ProgramName is program_invocation_short_name: argv[0] without its
// directory.
//
//go:noinline
func ProgramName(argv0 string) string {
	return argv0[ascii.LastIndexByte(argv0, '/')+1:]
}

// ErrTryHelp is util-linux's errtryhelp(EXIT_FAILURE).
//
//go:noinline
func ErrTryHelp(prog string) {
	Stderr("Try '", prog, " --help' for more information.\n")
	Fail(StatusFailure)
}

// Errx is errx(EXIT_FAILURE, ...): "prog: message".
//
//go:noinline
func Errx(prog string, parts ...string) {
	Stderr(prog, ": ", concat(parts), "\n")
	Fail(StatusFailure)
}

// Err is err(status, ...): "prog: message: strerror(errno)".
//
//go:noinline
func Err(status int, prog string, err error, parts ...string) {
	Fail(StatusOf(Failure(status, prog, err, parts...)))
}

// Failure prints what Err prints and returns the status as an error, for
// steps that run off the main goroutine and must not unwind.
func Failure(status int, prog string, err error, parts ...string) error {
	Stderr(prog, ": ", concat(parts), ": ", Strerror(err), "\n")
	return ExitStatus(status)
}
