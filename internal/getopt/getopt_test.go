package getopt

import (
	"reflect"
	"strings"
	"testing"

	"nsip/internal/cli"
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
