//go:build ignore

// mkconst writes zconst.go and zconst_test.go: every constant that nsip's
// packages use from this package and that no hand-written file declares,
// with golang.org/x/sys/unix's value. A constant syscall has with the same
// value and type on every architecture named on the command line becomes
// syscall's; one whose value is the same everywhere becomes a literal; one
// that differs by architecture must be written by hand.
//
// Run as `go generate ./internal/unix`. It reads the values by running
// itself once per architecture with GOARCH set: go/importer then
// type-checks x/sys/unix and syscall for that architecture.
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

const self = "nsip/internal/unix"

func main() {
	log.SetFlags(0)
	log.SetPrefix("mkconst: ")
	if len(os.Args) > 1 && os.Args[1] == "-values" {
		printValues()
		return
	}
	arches := os.Args[1:]
	if len(arches) == 0 {
		log.Fatal("usage: go run mkconst.go ARCH...")
	}
	var sorted []string
	for name := range usedNames("../..") {
		sorted = append(sorted, name)
	}
	sort.Strings(sorted)
	byHand := declaredByHand(".")

	bin := buildSelf()
	values := map[string]map[string]value{} // name -> arch -> value
	for _, arch := range arches {
		for name, v := range valuesFor(bin, arch, sorted) {
			if values[name] == nil {
				values[name] = map[string]value{}
			}
			values[name][arch] = v
		}
	}
	os.Remove(bin)
	var decls, checks bytes.Buffer
	failed := false
	for _, name := range sorted {
		if byHand[name] {
			if values[name] != nil {
				fmt.Fprintf(&checks, "\t_ = same[unix.%s-xunix.%[1]s]\n", name)
			}
			continue
		}
		decl, err := declare(name, values[name], arches)
		if err != nil {
			log.Print(err)
			failed = true
			continue
		}
		fmt.Fprintf(&decls, "\t%s = %s\n", name, decl)
		fmt.Fprintf(&checks, "\t_ = same[unix.%s-xunix.%[1]s]\n", name)
	}
	if failed {
		os.Exit(1)
	}
	write("zconst.go", "package unix\n\nimport \"syscall\"\n\nconst (\n"+decls.String()+")\n")
	write("zconst_test.go", `package unix_test

import (
	xunix "golang.org/x/sys/unix"
	"nsip/internal/unix"
)

// Each index is 0 when the constant is x/sys/unix's, and does not compile
// otherwise: go vet with GOARCH set checks an architecture.
func _() {
	var same [1]struct{}
`+checks.String()+"}\n")
}

// A value is a constant's in x/sys/unix and in syscall (empty when
// syscall lacks it), each with its type.
type value struct {
	X, XType, Sys, SysType string
}

// declare is the right-hand side of name's declaration.
func declare(name string, byArch map[string]value, arches []string) (string, error) {
	first, ok := byArch[arches[0]]
	if !ok {
		return "", fmt.Errorf("%s is no constant of x/sys/unix: write it by hand", name)
	}
	sameX, sameSys := true, first.Sys != ""
	for _, arch := range arches {
		v, ok := byArch[arch]
		if !ok {
			return "", fmt.Errorf("%s: x/sys/unix lacks it on %s", name, arch)
		}
		sameX = sameX && v.X == first.X && v.XType == first.XType
		sameSys = sameSys && v.Sys == v.X && v.SysType == v.XType
	}
	switch {
	case sameSys:
		return "syscall." + name, nil
	case !sameX:
		return "", fmt.Errorf("%s differs by architecture: write it by hand", name)
	}
	literal := first.X
	if n, err := strconv.ParseInt(first.X, 10, 64); err == nil && n > 9 {
		literal = "0x" + strconv.FormatInt(n, 16)
	} else if n, err := strconv.ParseUint(first.X, 10, 64); err == nil && n > 9 {
		literal = "0x" + strconv.FormatUint(n, 16)
	}
	if first.XType != "untyped int" {
		literal = first.XType + "(" + literal + ")"
	}
	return literal, nil
}

// usedNames is every unix.NAME in the Go files under root that import
// this package, the generated ones aside.
func usedNames(root string) map[string]bool {
	names := map[string]bool{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasPrefix(d.Name(), "zconst") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		local := ""
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == self {
				local = "unix"
				if imp.Name != nil {
					local = imp.Name.Name
				}
			}
		}
		if local == "" {
			return nil
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == local {
					names[sel.Sel.Name] = true
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	return names
}

// declaredByHand is the package-level names of the package in dir,
// generated files aside, for every architecture.
func declaredByHand(dir string) map[string]bool {
	names := map[string]bool{}
	fset := token.NewFileSet()
	paths, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, path := range paths {
		base := filepath.Base(path)
		if strings.HasPrefix(base, "z") || strings.HasSuffix(base, "_test.go") || base == "mkconst.go" {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			log.Fatal(err)
		}
		for _, decl := range f.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok && fn.Recv == nil {
				names[fn.Name.Name] = true
			}
			if gen, ok := decl.(*ast.GenDecl); ok {
				for _, spec := range gen.Specs {
					switch s := spec.(type) {
					case *ast.ValueSpec:
						for _, n := range s.Names {
							names[n.Name] = true
						}
					case *ast.TypeSpec:
						names[s.Name.Name] = true
					}
				}
			}
		}
	}
	return names
}

// valuesFor runs bin, this program built for the host, as if on arch, and
// reads its values.
func valuesFor(bin, arch string, names []string) map[string]value {
	cmd := exec.Command(bin, "-values")
	cmd.Env = append(os.Environ(), "GOARCH="+arch)
	cmd.Stdin = strings.NewReader(strings.Join(names, "\n"))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		log.Fatalf("values for %s: %v", arch, err)
	}
	values := map[string]value{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		values[f[0]] = value{X: f[1], XType: f[2], Sys: f[3], SysType: f[4]}
	}
	return values
}

// buildSelf builds this program for the host into a temporary file.
func buildSelf() string {
	bin, err := os.CreateTemp("", "mkconst")
	if err != nil {
		log.Fatal(err)
	}
	bin.Close()
	build := exec.Command("go", "build", "-o", bin.Name(), "mkconst.go")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		log.Fatal(err)
	}
	return bin.Name()
}

// printValues prints, for each name on stdin that is a constant of
// x/sys/unix, its value and type there and in syscall, for the GOARCH of
// the environment.
func printValues() {
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "source", nil)
	x, err := imp.Import("golang.org/x/sys/unix")
	if err != nil {
		log.Fatal(err)
	}
	sys, err := imp.Import("syscall")
	if err != nil {
		log.Fatal(err)
	}
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		name := sc.Text()
		c, ok := x.Scope().Lookup(name).(*types.Const)
		if !ok {
			continue
		}
		sysVal, sysType := "", ""
		if s, ok := sys.Scope().Lookup(name).(*types.Const); ok {
			sysVal, sysType = s.Val().ExactString(), typeName(s.Type())
		}
		fmt.Printf("%s\t%s\t%s\t%s\t%s\n", name, c.Val().ExactString(), typeName(c.Type()), sysVal, sysType)
	}
}

func typeName(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}

func write(path, src string) {
	b, err := format.Source([]byte("// Code generated by mkconst.go; DO NOT EDIT.\n\n" + src))
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		log.Fatal(err)
	}
}
