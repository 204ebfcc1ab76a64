package main

import (
	"bytes"
	"go/constant"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spanlens/spanlens/core/engine"
	"github.com/spanlens/spanlens/core/ingest"
	"github.com/spanlens/spanlens/core/layout"
	"github.com/spanlens/spanlens/core/tree"
)

const root = "../.."

// TestConstantsUpToDate fails when the committed web/src/constants.js or
// constants.d.ts differs from what the generator writes now, i.e. when a
// Go constant changed and the JS package did not follow.
func TestConstantsUpToDate(t *testing.T) {
	s, err := readShared(root)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range s.render() {
		got, err := os.ReadFile(filepath.Join(root, constantsFiles[i]))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run `go run ./cmd/build -constants` and commit it; the generator writes:\n%s", constantsFiles[i], want)
		}
	}
}

// TestConstantsMatchCompiled checks that reading the sources gives the
// values the compiler gives the same constants, so that the type-check
// without imports is not quietly wrong.
func TestConstantsMatchCompiled(t *testing.T) {
	s, err := readShared(root)
	if err != nil {
		t.Fatal(err)
	}
	if s.protocol != engine.ProtocolVersion {
		t.Errorf("protocol = %d; want %d", s.protocol, engine.ProtocolVersion)
	}
	check := func(what string, got []named, want map[string]int64) {
		t.Helper()
		if len(got) != len(want) {
			t.Errorf("%s: got %d constants; want %d", what, len(got), len(want))
		}
		for _, c := range got {
			v, _ := constant.Int64Val(c.val)
			if w, ok := want[c.name]; !ok || v != w {
				t.Errorf("%s.%s = %d; want %d (known: %v)", what, c.name, v, w, ok)
			}
		}
	}
	check("TreeFlag", s.treeFlags, map[string]int64{
		"Orphan": int64(tree.Orphan), "Duplicate": int64(tree.Duplicate), "CycleBroken": int64(tree.CycleBroken),
		"Skewed": int64(tree.Skewed), "Adjusted": int64(tree.Adjusted), "Failed": int64(tree.Failed),
	})
	check("BarFlag", s.barFlags, map[string]int64{
		"Error": int64(layout.FlagError), "Selected": int64(layout.FlagSelected), "Critical": int64(layout.FlagCritical),
		"Match": int64(layout.FlagMatch), "Dense": int64(layout.FlagDense), "Collapsed": int64(layout.FlagCollapsed),
		"Parent": int64(layout.FlagParent), "Offscreen": int64(layout.FlagOffscreen),
	})
	var formats []string
	for _, f := range s.formats {
		formats = append(formats, constant.StringVal(f.val))
	}
	var want []string
	for _, f := range ingest.Formats() {
		want = append(want, string(f))
	}
	if !slices.Equal(formats, want) {
		t.Errorf("formats = %v; want ingest.Formats() = %v", formats, want)
	}
	if got := strings.Join(s.errorKinds, ","); got != "Error,IncrementalError,LimitError,TypeError" {
		t.Errorf("error kinds = %s; want Error,IncrementalError,LimitError,TypeError", got)
	}
}

// TestReadSharedRefusesEmpty: a core that moved its constants makes the
// generator fail with a message, not write an empty table.
func TestReadSharedRefusesEmpty(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"core/tree", "core/layout", "core/model", "core/engine"} {
		if err := os.MkdirAll(filepath.Join(dir, p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p, "x.go"), []byte("package x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := readShared(dir)
	if err == nil || !strings.Contains(err.Error(), "core/tree: constants of type Flag: found none") {
		t.Fatalf("readShared on an empty core: err = %v; want one naming core/tree's Flag constants", err)
	}
}
