package decodetest

import (
	"io/fs"
	"path"
	"testing"

	"github.com/spanlens/spanlens/core/model"
)

// Sample reads samples/<format>/<name>.
func Sample(t testing.TB, samples fs.FS, format, name string) []byte {
	t.Helper()
	data, err := fs.ReadFile(samples, path.Join(format, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// SpanID parses a hex span id, panicking on a bad one.
func SpanID(s string) model.SpanID {
	id, ok := model.ParseSpanID([]byte(s))
	if !ok {
		panic("bad span id " + s)
	}
	return id
}

// TraceID parses a hex trace id, panicking on a bad one.
func TraceID(s string) model.TraceID {
	id, ok := model.ParseTraceID([]byte(s))
	if !ok {
		panic("bad trace id " + s)
	}
	return id
}

// Str is a string value.
func Str(s string) model.Value { return model.StringValue(s) }

// CheckIndexes checks that every span's resource and scope index is
// valid.
func CheckIndexes(t *testing.T, b *model.Batch) {
	for i := range b.Spans {
		sp := &b.Spans[i]
		if sp.Resource < -1 || int(sp.Resource) >= len(b.Resources) {
			t.Fatalf("span %d: resource %d of %d", i, sp.Resource, len(b.Resources))
		}
		if sp.Scope < -1 || int(sp.Scope) >= len(b.Scopes) {
			t.Fatalf("span %d: scope %d of %d", i, sp.Scope, len(b.Scopes))
		}
		if sp.Resource >= 0 && b.Resources[sp.Resource].Service != sp.Service {
			t.Fatalf("span %d: service %q, resource's %q", i, sp.Service, b.Resources[sp.Resource].Service)
		}
	}
}
