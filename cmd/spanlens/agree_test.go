package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens"
	"github.com/spanlens/spanlens/core/engine"
)

// expectation is what every surface must say of one file, worked out by
// hand in testdata/agree.json; web/test/agree.test.js checks the
// WebAssembly engine against the same file.
type expectation struct {
	Spans        int        `json:"spans"`
	Traces       int        `json:"traces"`
	DurationNs   int64      `json:"durationNs"`
	Errors       int        `json:"errors"`
	ErrorSpans   []int32    `json:"errorSpans"`
	CriticalPath [][3]int64 `json:"criticalPath"`
}

// answers is one surface's view of a file.
type answers struct {
	Spans, Traces, Errors int
	Duration              int64
	ErrorSpans            []int32
	CriticalPath          [][3]int64
}

func (e expectation) check(t *testing.T, surface string, a answers) {
	t.Helper()
	assert.Equal(t, e.Spans, a.Spans, "%s: spans", surface)
	assert.Equal(t, e.Traces, a.Traces, "%s: traces", surface)
	assert.Equal(t, e.DurationNs, a.Duration, "%s: duration", surface)
	assert.Equal(t, e.Errors, a.Errors, "%s: errors", surface)
	if e.ErrorSpans != nil {
		assert.Equal(t, e.ErrorSpans, a.ErrorSpans, "%s: error spans", surface)
	}
	if e.CriticalPath != nil {
		assert.Equal(t, e.CriticalPath, a.CriticalPath, "%s: critical path", surface)
	}
}

func readExpectations(t *testing.T) map[string]expectation {
	data, err := os.ReadFile("../../testdata/agree.json")
	require.NoError(t, err)
	var raw map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(data, &raw))
	out := map[string]expectation{}
	for name, m := range raw {
		if name[0] == '_' {
			continue
		}
		var e expectation
		require.NoError(t, json.Unmarshal(m, &e))
		out[name] = e
	}
	return out
}

// decode turns a JSON answer into v by way of its JSON, as a client would.
func decode(t *testing.T, data []byte, v any) {
	t.Helper()
	require.NoError(t, json.Unmarshal(data, v), "%s", data)
}

type wireSummary struct {
	Spans  int `json:"spans"`
	Errors int `json:"errors"`
	Traces []struct {
		Duration int64 `json:"duration"`
	} `json:"traces"`
}

type wireError struct {
	Span int32 `json:"span"`
}

type wireSegment struct {
	Span       int32 `json:"span"`
	Start, End int64
}

func segmentsOf(ss []wireSegment) [][3]int64 {
	out := make([][3]int64, len(ss))
	for k, s := range ss {
		out[k] = [3]int64{int64(s.Span), s.Start, s.End}
	}
	return out
}

func (a *answers) fromSummary(s wireSummary) {
	a.Spans, a.Errors, a.Traces = s.Spans, s.Errors, len(s.Traces)
	if len(s.Traces) > 0 {
		a.Duration = s.Traces[0].Duration
	}
}

func (a *answers) fromErrors(es []wireError) {
	for _, e := range es {
		a.ErrorSpans = append(a.ErrorSpans, e.Span)
	}
}

// TestSurfacesAgree feeds the same files through the Go API, the CLI's
// --json and the engine protocol, and checks each against the hand-made
// expectations.
func TestSurfacesAgree(t *testing.T) {
	for name, want := range readExpectations(t) {
		path := filepath.Join("../../testdata", name)
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		t.Run(name, func(t *testing.T) {
			// The Go API.
			d, err := spanlens.Open(data, spanlens.Options{})
			require.NoError(t, err)
			var api answers
			s := d.Summary()
			api.Spans, api.Errors, api.Traces, api.Duration = s.Spans, s.Errors, len(s.Traces), s.Traces[0].Duration
			for _, e := range d.Errors() {
				api.ErrorSpans = append(api.ErrorSpans, e.Span)
			}
			path0, err := d.CriticalPath(0)
			require.NoError(t, err)
			for _, seg := range path0 {
				api.CriticalPath = append(api.CriticalPath, [3]int64{int64(seg.Span), seg.Start, seg.End})
			}
			want.check(t, "Go API", api)

			// The CLI.
			var cli answers
			code, out, stderr := run(t, "", "summary", "--json", path)
			require.Equal(t, 0, code, stderr)
			var sum wireSummary
			decode(t, []byte(out), &sum)
			cli.fromSummary(sum)
			code, out, stderr = run(t, "", "errors", "--json", path)
			require.Equal(t, 0, code, stderr)
			var errs []wireError
			decode(t, []byte(out), &errs)
			cli.fromErrors(errs)
			code, out, stderr = run(t, "", "critical-path", "--json", path)
			require.Equal(t, 0, code, stderr)
			var paths []struct {
				Segments []wireSegment `json:"segments"`
			}
			decode(t, []byte(out), &paths)
			cli.CriticalPath = segmentsOf(paths[0].Segments)
			want.check(t, "CLI", cli)

			// The engine protocol, natively.
			e := engine.New(engine.Config{})
			call := func(cmd string, handle uint32, args any, payload []byte) []byte {
				req, err := engine.AppendRequest(nil, cmd, handle, args, payload)
				require.NoError(t, err)
				resp := e.Handle(req, nil)
				hdr := responseHeader(t, resp)
				var r struct {
					OK     bool            `json:"ok"`
					Result json.RawMessage `json:"result"`
					Error  *engine.Error   `json:"error"`
				}
				decode(t, hdr, &r)
				require.True(t, r.OK, "%s: %+v", cmd, r.Error)
				return r.Result
			}
			var loaded struct {
				Handle uint32 `json:"handle"`
			}
			decode(t, call("load", 0, nil, data), &loaded)
			var eng answers
			decode(t, call("summary", loaded.Handle, nil, nil), &sum)
			eng.fromSummary(sum)
			errs = nil
			decode(t, call("errors", loaded.Handle, nil, nil), &errs)
			eng.fromErrors(errs)
			var segs []wireSegment
			decode(t, call("criticalPath", loaded.Handle, map[string]int{"trace": 0}, nil), &segs)
			eng.CriticalPath = segmentsOf(segs)
			want.check(t, "engine", eng)
		})
	}
}

// responseHeader returns the JSON header of a response frame: a 4-byte
// little-endian length, then the header (docs/protocol.md).
func responseHeader(t *testing.T, frame []byte) []byte {
	t.Helper()
	require.GreaterOrEqual(t, len(frame), 4)
	n := int(frame[0]) | int(frame[1])<<8 | int(frame[2])<<16 | int(frame[3])<<24
	require.GreaterOrEqual(t, len(frame), 4+n)
	return frame[4 : 4+n]
}
