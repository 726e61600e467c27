package getopt

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"nsip/internal/cli"
	"nsip/internal/testenv"
)

type parsedOption struct {
	key    int
	arg    string
	hasArg bool
}

// parseAll runs getopt to the end and returns the options, the operands
// and the exit status a bad option ended with (-1 for none).
func parseAll(argv []string, short string, long []Option) (opts []parsedOption, operands []string, status int) {
	status = -1
	defer cli.Recover(&status)
	g := New(argv, short, long)
	for c := g.Next(); c >= 0; c = g.Next() {
		opts = append(opts, parsedOption{c, g.Arg, g.HasArg})
	}
	return opts, g.Operands(), status
}

func TestGetoptLikeGlibc(t *testing.T) {
	long := []Option{{"net", OptionalArgument, 'n'}, {"target", RequiredArgument, 't'},
		{"fork", NoArgument, 'f'}, {"follow", NoArgument, 'F'}, {"netns", NoArgument, 0x100}}
	tests := []struct {
		name     string
		args     string
		short    string
		opts     []parsedOption
		operands []string
		status   int
	}{
		{"cluster and attached value", "-ft5 x", "ft:n::", []parsedOption{{'f', "", false}, {'t', "5", true}}, []string{"x"}, -1},
		{"value in the next word", "-t 5", "ft:", []parsedOption{{'t', "5", true}}, nil, -1},
		{"optional short value only attached", "-n file", "n::", []parsedOption{{'n', "", false}}, []string{"file"}, -1},
		{"long with =", "--net=/run/x --target 7", "n::t:", []parsedOption{{'n', "/run/x", true}, {'t', "7", true}}, nil, -1},
		{"optional long value never from the next word", "--net /run/x", "n::", []parsedOption{{'n', "", false}}, []string{"/run/x"}, -1},
		{"unique abbreviation", "--targ=1 --for", "t:f", []parsedOption{{'t', "1", true}, {'f', "", false}}, nil, -1},
		{"exact name beats longer ones", "--net", "n::", []parsedOption{{'n', "", false}}, nil, -1},
		{"operands are moved after the options", "a -f b", "f", []parsedOption{{'f', "", false}}, []string{"a", "b"}, -1},
		{"a leading + stops at the first operand", "a -f", "+f", nil, []string{"a", "-f"}, -1},
		{"-- ends the options", "-f -- -t", "ft:", []parsedOption{{'f', "", false}}, []string{"-t"}, -1},
		{"a lone - is an operand", "-", "f", nil, []string{"-"}, -1},
		{"unknown short option", "-x", "f", nil, nil, 1},
		{"missing value", "-t", "t:", nil, nil, 1},
		{"ambiguous abbreviation", "--f", "fF", nil, nil, 1},
		{"value not allowed", "--fork=1", "f", nil, nil, 1},
		{"unknown long option", "--nope", "f", nil, nil, 1},
	}
	for _, tt := range tests {
		argv := append([]string{"prog"}, strings.Fields(tt.args)...)
		opts, operands, status := parseAll(argv, tt.short, long)
		if !reflect.DeepEqual(opts, tt.opts) || !reflect.DeepEqual(operands, tt.operands) || status != tt.status {
			t.Errorf("%s: got %v %q status %d, want %v %q status %d", tt.name, opts, operands, status, tt.opts, tt.operands, tt.status)
		}
	}
}

// FuzzGetopt parses arbitrary command lines (arguments separated by NUL)
// with the option strings of lsns, unshare and nsenter: a bad option may
// end the program, nothing may panic, and every operand is one of argv's.
func FuzzGetopt(f *testing.F) {
	long := []Option{{"net", OptionalArgument, 'n'}, {"target", RequiredArgument, 't'},
		{"fork", NoArgument, 'f'}, {"follow", NoArgument, 'F'}, {"netns", NoArgument, 0x100}}
	for _, s := range []string{"-n\x00--net=\x00-t", "--ne\x00--fo\x00-tf", "--\x00-x\x00-", "-nfile\x00--target\x001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		argv := append([]string{"prog"}, strings.Split(line, "\x00")...)
		testenv.Quiet(t)
		for _, short := range []string{"Jlp:o:nruhVt:T::W", "+fhVmuinpCTUrR:w:S:G:c", "+ahVt:m::u::i::n::p::C::U::T::S:G:r::w::W:FZ"} {
			_, operands, _ := parseAll(argv, short, long)
			for _, op := range operands {
				if !slices.Contains(argv[1:], op) {
					t.Fatalf("operand %q is not one of %q", op, argv)
				}
			}
		}
	})
}
