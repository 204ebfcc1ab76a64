package export_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/spanlens/spanlens/core/export"
	"github.com/spanlens/spanlens/core/synth"
	"github.com/stretchr/testify/require"
)

// TestEncodeMatchesAppend encodes a batch whose output spans several of
// Encode's chunks, and compares it with Append's.
func TestEncodeMatchesAppend(t *testing.T) {
	b := synth.Generate(synth.Config{Seed: 3, Spans: 8000, Traces: 4, Shape: synth.AgentLoop, EventsEvery: 5})
	for _, f := range export.Formats() {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, export.Encode(&buf, b, f))
			want, err := export.Append([]byte("prefix"), b, f)
			require.NoError(t, err)
			require.Greater(t, buf.Len(), 2<<20, "output spans several chunks")
			require.Equal(t, string(want[len("prefix"):]), buf.String())
		})
	}
}

// failingWriter accepts n bytes, then fails.
type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		return w.n, errors.New("disk full")
	}
	w.n -= len(p)
	return len(p), nil
}

func TestEncodeWriteError(t *testing.T) {
	b := synth.Generate(synth.Config{Seed: 3, Spans: 8000})
	err := export.Encode(&failingWriter{n: 1 << 20}, b, export.Zipkin)
	require.EqualError(t, err, "export: zipkin: writing output: disk full")
}
