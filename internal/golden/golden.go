// Package golden compares test output with golden files. Every golden
// test of the module uses it, so one flag rewrites them all:
//
//	go test ./core/... -update
//
// Review the diff of every rewritten file as you would code. The package
// lives outside core/ because it writes files, which the core never does.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

var update = flag.Bool("update", false, "rewrite the golden files (and generated samples) with the output of the tests that read them")

// Update reports whether the test run was asked to rewrite golden files.
func Update() bool { return *update }

// Write writes data to path, creating its directory.
func Write(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Check compares got with the golden file at path, which -update first
// rewrites with got. A difference fails the test with a diff.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		Write(t, path, got)
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden: %v (go test -update writes it)", err)
	}
	assert.Equal(t, string(want), string(got), "%s differs from the output (go test -update rewrites it)", path)
}
