package engine

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// FuzzHandle feeds arbitrary frames to the engine, as a hostile page or
// upload could: every answer must be a well-formed response frame, and a
// load that succeeds must leave a document every command can read.
func FuzzHandle(f *testing.F) {
	sample, err := os.ReadFile("../../testdata/zipkin/shared_rpc.json")
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range [][]byte{
		must(AppendRequest(nil, "hello", 0, nil, nil)),
		must(AppendRequest(nil, "load", 0, map[string]any{}, sample)),
		must(AppendRequest(nil, "load", 0, map[string]any{"format": "jaeger", "limits": map[string]any{"maxSpans": 2}}, sample)),
		must(AppendRequest(nil, "layout", 1, map[string]any{"t0": 0, "t1": 1e6, "width": 100, "rows": 5}, nil)),
		{3, 0, 0, 0, '{', '}', 0, 0},
		// A layout with a request array (collapsed: span 0).
		appendFrame(nil, []byte(`{"cmd":"layout","handle":1,"args":{"t0":0,"t1":1e6,"width":100,"rows":5},"arrays":[{"name":"collapsed","type":"i32","offset":0,"length":1}]}`), []byte{0, 0, 0, 0}),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, frame []byte) {
		e := New(Config{})
		check := func(out []byte) {
			hdr, _, err := splitFrame(out)
			if err != nil {
				t.Fatalf("malformed response frame: %v", err)
			}
			var r struct {
				OK    bool   `json:"ok"`
				Error *Error `json:"error"`
			}
			if err := json.Unmarshal(hdr, &r); err != nil {
				t.Fatalf("response header is not JSON: %v: %q", err, hdr)
			}
			if !r.OK && (r.Error == nil || r.Error.Message == "") {
				t.Fatalf("error response without a message: %q", hdr)
			}
			// Handle turns panics into "internal error" answers; here they
			// are bugs.
			if !r.OK && strings.Contains(r.Error.Message, "internal error") {
				t.Fatalf("panic behind the answer: %s", r.Error.Message)
			}
		}
		check(e.Handle(frame, nil))
		// If that loaded a document, every read-only command must answer.
		for _, cmd := range []string{"traces", "tree", "summary", "errors", "agentGraph", "names", "svg"} {
			check(e.Handle(must(AppendRequest(nil, cmd, 1, nil, nil)), nil))
		}
	})
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}
