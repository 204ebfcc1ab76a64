package main

// The constants the JS package shares with the Go core, read from the Go
// sources (type-checked, so `1 << iota` and named constants evaluate as
// the compiler sees them) and written to web/src/constants.js and its
// declaration file. Reading sources rather than importing the packages
// lets the generator find every constant of a kind, including ones added
// later, without a list here to keep in step.

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/build"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// constantsFiles are the generated files, relative to the repository root.
var constantsFiles = []string{"web/src/constants.js", "web/src/constants.d.ts"}

// named is one exported constant with its doc comment.
type named struct {
	name string
	doc  string
	val  constant.Value
	pos  token.Pos
}

// shared is everything the generator writes.
type shared struct {
	protocol   int64
	treeFlags  []named // core/tree: constants of type Flag
	barFlags   []named // core/layout: Flag* constants, the "Flag" prefix dropped
	formats    []named // core/model: constants of type Format, in declaration order
	errorKinds []string
}

// pkgSource is one parsed, type-checked package.
type pkgSource struct {
	dir   string
	fset  *token.FileSet
	files []*ast.File
	pkg   *types.Package
	info  *types.Info
}

// loadPackage parses the package's non-test Go files for the build's
// platform and type-checks them alone: imports are not resolved, so
// errors from them are ignored; constants of the package's own types
// still evaluate.
func loadPackage(dir string) (*pkgSource, error) {
	bp, err := build.Default.ImportDir(dir, 0)
	if err != nil {
		return nil, fmt.Errorf("constants: %s: %w", dir, err)
	}
	p := &pkgSource{dir: dir, fset: token.NewFileSet()}
	for _, name := range bp.GoFiles {
		f, err := parser.ParseFile(p.fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			return nil, fmt.Errorf("constants: %w", err)
		}
		p.files = append(p.files, f)
	}
	p.info = &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}}
	conf := types.Config{Importer: noImports{}, Error: func(error) {}}
	p.pkg, _ = conf.Check(bp.ImportPath, p.fset, p.files, p.info)
	return p, nil
}

type noImports struct{}

func (noImports) Import(path string) (*types.Package, error) {
	return nil, fmt.Errorf("not resolved")
}

// consts returns the package's exported constants that keep match, sorted
// by position, with their doc (or line) comments.
func (p *pkgSource) consts(match func(name string, typ types.Type) bool) []named {
	var out []named
	for _, f := range p.files {
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				for _, id := range vs.Names {
					c, ok := p.info.Defs[id].(*types.Const)
					if !ok || !c.Exported() || c.Val().Kind() == constant.Unknown || !match(c.Name(), c.Type()) {
						continue
					}
					doc := docLine(c.Name(), vs.Doc.Text())
					if doc == "" {
						doc = docLine("", vs.Comment.Text())
					}
					out = append(out, named{name: c.Name(), doc: doc, val: c.Val(), pos: id.Pos()})
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].pos < out[j].pos })
	return out
}

// docLine turns a Go comment into one JSDoc line, whitespace folded. For
// a doc comment (name given) the "Name:" lead-in of Go's convention is
// dropped and the sentence capitalized; a line comment is kept as written.
func docLine(name, doc string) string {
	doc = strings.Join(strings.Fields(doc), " ")
	if name != "" {
		if rest, ok := strings.CutPrefix(doc, name+": "); ok {
			doc = strings.ToUpper(rest[:1]) + rest[1:]
		}
	}
	return strings.ReplaceAll(doc, "*/", "* /")
}

func isNamed(typ types.Type, name string) bool {
	n, ok := typ.(*types.Named)
	return ok && n.Obj().Name() == name
}

// readShared collects the shared constants from the core under root.
func readShared(root string) (*shared, error) {
	var s shared
	pkg := func(rel string) (*pkgSource, error) { return loadPackage(filepath.Join(root, rel)) }

	tr, err := pkg("core/tree")
	if err != nil {
		return nil, err
	}
	s.treeFlags = tr.consts(func(_ string, t types.Type) bool { return isNamed(t, "Flag") })

	lay, err := pkg("core/layout")
	if err != nil {
		return nil, err
	}
	for _, c := range lay.consts(func(n string, _ types.Type) bool { return strings.HasPrefix(n, "Flag") && len(n) > 4 }) {
		c.name = strings.TrimPrefix(c.name, "Flag")
		s.barFlags = append(s.barFlags, c)
	}

	// The one Format type and its constants live in core/model; ingest and
	// export alias them.
	mod, err := pkg("core/model")
	if err != nil {
		return nil, err
	}
	s.formats = mod.consts(func(_ string, t types.Type) bool { return isNamed(t, "Format") })

	eng, err := pkg("core/engine")
	if err != nil {
		return nil, err
	}
	if pv := eng.pkg.Scope().Lookup("ProtocolVersion"); pv != nil {
		if c, ok := pv.(*types.Const); ok {
			s.protocol, _ = constant.Int64Val(c.Val())
		}
	}
	s.errorKinds = eng.errorKinds()

	for _, check := range []struct {
		what string
		n    int
	}{
		{"core/tree: constants of type Flag", len(s.treeFlags)},
		{"core/layout: Flag* constants", len(s.barFlags)},
		{"core/model: constants of type Format", len(s.formats)},
		{"core/engine: Kind values of Error literals", len(s.errorKinds)},
	} {
		if check.n == 0 {
			return nil, fmt.Errorf("constants: %s: found none (did they move? update cmd/build/constants.go)", check.what)
		}
	}
	if s.protocol <= 0 {
		return nil, fmt.Errorf("constants: core/engine: no integer constant ProtocolVersion")
	}
	return &s, nil
}

// errorKinds returns the distinct constant values given to the Kind field
// of Error composite literals, sorted: the kinds the engine can answer.
func (p *pkgSource) errorKinds() []string {
	seen := map[string]bool{}
	for _, f := range p.files {
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok || !isNamed(p.info.Types[lit].Type, "Error") {
				return true
			}
			for _, e := range lit.Elts {
				kv, ok := e.(*ast.KeyValueExpr)
				if k, isID := kv.Key.(*ast.Ident); !ok || !isID || k.Name != "Kind" {
					continue
				}
				if v := p.info.Types[kv.Value].Value; v != nil && v.Kind() == constant.String {
					seen[constant.StringVal(v)] = true
				}
			}
			return true
		})
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

const generatedHeader = `// Code generated by cmd/build from the Go constants in core/; DO NOT EDIT.
// Regenerate with ` + "`go run ./cmd/build -constants`" + `; cmd/build's tests fail
// when this file differs from what the generator writes.
`

// render returns the contents of constantsFiles, in that order.
func (s *shared) render() [][]byte {
	var js, dts bytes.Buffer
	js.WriteString(generatedHeader)
	dts.WriteString(generatedHeader)

	fmt.Fprintf(&js, "\n/** The protocol version this package speaks (core/engine ProtocolVersion). */\nexport const PROTOCOL_VERSION = %d;\n", s.protocol)
	fmt.Fprintf(&dts, "\n/** The protocol version this package speaks (core/engine ProtocolVersion). */\nexport declare const PROTOCOL_VERSION: %d;\n", s.protocol)

	flags := func(name, doc string, cs []named) {
		fmt.Fprintf(&js, "\n/** %s */\nexport const %s = Object.freeze({\n", doc, name)
		fmt.Fprintf(&dts, "\n/** %s */\nexport declare const %s: {\n", doc, name)
		for _, c := range cs {
			fmt.Fprintf(&js, "  /** %s */\n  %s: %s,\n", c.doc, c.name, c.val.ExactString())
			fmt.Fprintf(&dts, "  /** %s */\n  readonly %s: %s;\n", c.doc, c.name, c.val.ExactString())
		}
		js.WriteString("});\n")
		dts.WriteString("};\n")
	}
	flags("TreeFlag", "Bits of `Tree.flags` and `SpanDetails.flags` (core/tree Flag).", s.treeFlags)
	flags("BarFlag", "Bits of `Layout.flags` (core/layout Flag* constants).", s.barFlags)

	var quoted []string
	js.WriteString("\n/** The input formats, in declaration order (core/ingest Format). */\nexport const FORMATS = Object.freeze([\n")
	for _, f := range s.formats {
		q := strconv.Quote(constant.StringVal(f.val))
		quoted = append(quoted, q)
		fmt.Fprintf(&js, "  %s, // %s\n", q, f.doc)
	}
	js.WriteString("]);\n")
	fmt.Fprintf(&dts, "\n/** The input formats (core/ingest Format). */\nexport declare const FORMATS: readonly [%s];\n", strings.Join(quoted, ", "))
	dts.WriteString("\n/** An input format name. */\nexport type Format = (typeof FORMATS)[number];\n")

	quoted = quoted[:0]
	for _, k := range s.errorKinds {
		quoted = append(quoted, strconv.Quote(k))
	}
	fmt.Fprintf(&js, "\n/** The kinds of error the engine answers (core/engine Error.Kind). */\nexport const ENGINE_ERROR_KINDS = Object.freeze([%s]);\n", strings.Join(quoted, ", "))
	fmt.Fprintf(&dts, "\n/** The kinds of error the engine answers (core/engine Error.Kind). */\nexport declare const ENGINE_ERROR_KINDS: readonly [%s];\n", strings.Join(quoted, ", "))
	dts.WriteString("\n/** A kind of error the engine answers. */\nexport type EngineErrorKind = (typeof ENGINE_ERROR_KINDS)[number];\n")
	return [][]byte{js.Bytes(), dts.Bytes()}
}
