package cli

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"nsip/internal/unix"
	"nsip/nl"
	"nsip/ns"
	"nsip/proc"
)

// ErrnoOf finds the errno through each of nsip's wrapping errors, as
// errors.As does.
func TestErrnoOf(t *testing.T) {
	tests := []error{
		unix.EPERM,
		&ns.Error{Op: "setns", Path: "/run/netns/a", Err: unix.EPERM},
		&ns.SpawnError{Step: ns.StepExec, Err: unix.EPERM},
		&proc.PathError{Path: "/proc/1/ns/net", Err: unix.EPERM},
		&nl.OpError{Errno: unix.EPERM, Message: "no"},
		&nl.ListenError{Op: "bind", Err: unix.EPERM},
		&ns.Error{Op: "open", Err: &proc.PathError{Err: &nl.OpError{Errno: unix.EPERM}}},
	}
	for _, err := range tests {
		var want unix.Errno
		if !errors.As(err, &want) {
			t.Fatalf("%v wraps no errno", err)
		}
		if got, ok := ErrnoOf(err); !ok || got != want {
			t.Errorf("ErrnoOf(%v) = %v, %v; want %v", err, got, ok, want)
		}
	}
	for _, err := range []error{nil, errors.New("plain"), &ns.Error{Op: "open", Err: errors.New("plain")}, ExitStatus(1)} {
		if got, ok := ErrnoOf(err); ok {
			t.Errorf("ErrnoOf(%v) = %v, true; want none", err, got)
		}
	}
}

// ErrnoOf unwraps by concrete type: every type of nsip's with an Unwrap
// method must be one it knows.
func TestErrnoOfUnwrapsEveryWrapper(t *testing.T) {
	known := []string{"ns.Error", "ns.SpawnError", "proc.PathError", "nl.OpError", "nl.ListenError"}
	var found []string
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "tests" || strings.HasPrefix(d.Name(), ".")) && path != "../.." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		file, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, decl := range file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || fn.Name.Name != "Unwrap" {
				continue
			}
			recv := fn.Recv.List[0].Type
			if star, ok := recv.(*ast.StarExpr); ok {
				recv = star.X
			}
			found = append(found, file.Name.Name+"."+recv.(*ast.Ident).Name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(found)
	slices.Sort(known)
	if !slices.Equal(found, known) {
		t.Errorf("types with Unwrap: %v; ErrnoOf knows %v", found, known)
	}
}
