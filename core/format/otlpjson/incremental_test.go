package otlpjson

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/internal/decode/decodetest"
	"github.com/spanlens/spanlens/core/internal/encode"
	"github.com/spanlens/spanlens/core/model"
)

// feed decodes data with an incremental decoder in chunks of n bytes, as
// core/engine's staged load does: the bytes not consumed are passed again
// with the next chunk. Every buffer it drops is overwritten, so a batch
// that kept a byte of the input reads it wrong. It returns the batch, the
// bytes consumed before the end, and the first error.
func feed(data []byte, n int, lim decode.Limits) (*model.Batch, int, error) {
	in := newIncremental(decode.Options{Format: model.OTLPJSON, Limits: lim}, int64(len(data)))
	var buf []byte
	consumed := 0
	for at := 0; at < len(data); at += n {
		buf = append(buf, data[at:min(at+n, len(data))]...)
		used, err := in.Feed(buf)
		if err != nil {
			return nil, consumed, err
		}
		consumed += used
		rest := append([]byte(nil), buf[used:]...)
		for i := range buf {
			buf[i] = 'x'
		}
		buf = rest
	}
	b, err := in.Finish(buf)
	return b, consumed, err
}

// compactDoc is OTLP/JSON in the layout writers use, with what the
// incremental reading must carry from piece to piece: three resources (the
// first with a scope of three spans, one with links and one with an event,
// and a scopeSpans without a scope; the second with an empty spans array
// before a scope of two), and a resource with no scopeSpans at all.
func compactDoc() string {
	links := `"links":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"0000000000000001"},{"traceId":"5b8efff798038103d269b633813fc60d","spanId":"0000000000000002","attributes":[{"key":"name","value":{"stringValue":"x"}}]}]`
	event := `"events":[{"timeUnixNano":"1500","name":"exception","attributes":[{"key":"exception.type","value":{"stringValue":"E"}}]}]`
	res := func(service, scopes string) string {
		return `{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"` + service + `"}}]},"scopeSpans":[` + scopes + `]}`
	}
	span := func(id, parent string, extra ...string) string {
		s := `{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"` + id + `"`
		if parent != "" {
			s += `,"parentSpanId":"` + parent + `"`
		}
		s += `,"name":"op` + id[15:] + `","startTimeUnixNano":"1000","endTimeUnixNano":"9000"`
		for _, e := range extra {
			s += "," + e
		}
		return s + "}"
	}
	shop := res("shop", `{"scope":{"name":"a","version":"1","attributes":[{"key":"k","value":{"stringValue":"v"}}]},"spans":[`+
		span("0000000000000001", "")+","+span("0000000000000002", "0000000000000001", links)+","+span("0000000000000003", "0000000000000001", event)+
		`]},{"spans":[`+span("0000000000000004", "0000000000000002")+`]}`)
	worker := res("worker", `{"scope":{"name":"w"},"spans":[]},{"scope":{"name":"w2"},"spans":[`+
		span("0000000000000005", "0000000000000003")+","+span("0000000000000006", "0000000000000005", `"kind":2`, `"status":{"code":2,"message":"boom"}`)+`]}`)
	idle := res("idle", "")
	return `{"resourceSpans":[` + shop + "," + worker + "," + idle + `]}`
}

// TestIncrementalIsDecode: decoded in pieces of any size, a compact
// document and every OTLP/JSON sample, compacted or re-encoded, give
// Decode's batch; those of more than one span are consumed before their
// end (they are read as they arrive, not buffered).
func TestIncrementalIsDecode(t *testing.T) {
	docs := map[string][]byte{"compactDoc": []byte(compactDoc())}
	for name, data := range readOTLPTestdata(t) {
		if strings.HasSuffix(name, ".jsonl") {
			continue
		}
		var c bytes.Buffer
		require.NoError(t, json.Compact(&c, data), name)
		docs[name+" compacted"] = c.Bytes()
		b, err := testDecode(data, decode.Options{})
		require.NoError(t, err, name)
		s := encode.NewSink(nil, len(b.Spans))
		encodeOTLPJSON(s, b)
		docs[name+" re-encoded"] = s.Buf
	}
	for name, data := range docs {
		want, err := testDecode(data, decode.Options{})
		require.NoError(t, err, name)
		for _, n := range []int{1, 7, 64, 300, 4096, len(data)} {
			got, consumed, err := feed(data, n, decode.Limits{})
			if (strings.Contains(name, "tempo") || strings.Contains(name, "jaeger-v2")) && strings.HasSuffix(name, "compacted") {
				// Not the TracesData layout (base64 ids in "batches", an
				// envelope): nothing is consumed, and the engine decodes
				// the input it kept whole.
				require.Error(t, err, "%s in pieces of %d", name, n)
				require.Zero(t, consumed, "%s in pieces of %d", name, n)
				continue
			}
			require.NoError(t, err, "%s in pieces of %d", name, n)
			require.Equal(t, string(decodetest.Dump(want)), string(decodetest.Dump(got)), "%s in pieces of %d", name, n)
			if n < len(data)/2 && len(want.Spans) > 1 {
				require.NotZero(t, consumed, "%s in pieces of %d: consumed before the end", name, n)
			}
		}
	}
}

// TestIncrementalRefuses: what the incremental reading does not take is an
// error, before any byte is consumed when the layout shows at the start
// (so the input can still be decoded whole), and after the bytes it
// could read otherwise; the whole decode then gives each its result.
func TestIncrementalRefuses(t *testing.T) {
	doc := compactDoc()
	second := strings.Index(doc, `,{"resource":`)
	tests := []struct {
		name      string
		data      string
		early     bool // refused with nothing consumed
		wholeFine bool // and Decode reads it
	}{
		{"pretty-printed", strings.Replace(doc, `{"resourceSpans":[`, "{\n  \"resourceSpans\": [", 1), true, true},
		{"a byte-order mark", "\ufeff" + doc, true, false},
		{"another member first", `{"x":1,` + doc[1:], true, true},
		{"a bad id in the second resource", doc[:second] + strings.Replace(doc[second:], `"spanId":"0000000000000005"`, `"spanId":"xyz"`, 1), false, false},
		{"a member after the spans", strings.Replace(doc, `]},{"spans":[`, `],"schemaUrl":"s"},{"spans":[`, 1), false, true},
		{"a trailing comma", strings.TrimSuffix(doc, "]}") + ",]}", false, false},
		{"another document after it", doc + "\n" + doc, false, true},
		{"cut short", doc[:len(doc)-3], false, false},
	}
	for _, tt := range tests {
		_, wholeErr := testDecode([]byte(tt.data), decode.Options{})
		require.Equal(t, tt.wholeFine, wholeErr == nil, "%s: %v", tt.name, wholeErr)
		_, consumed, err := feed([]byte(tt.data), 97, decode.Limits{})
		require.Error(t, err, tt.name)
		if tt.early {
			require.Zero(t, consumed, tt.name)
		} else {
			require.NotZero(t, consumed, tt.name)
		}
	}
}

// TestIncrementalLimits: the limits hold as in the whole decode (the
// depth bound counts the levels the incremental reading walks itself).
func TestIncrementalLimits(t *testing.T) {
	doc := []byte(compactDoc())
	for _, lim := range []decode.Limits{{MaxSpans: 5}, {MaxDepth: 11}, {MaxDepth: 12}, {MaxAttrValueBytes: 3}, {MaxEventsPerSpan: 1}} {
		_, wholeErr := testDecode(doc, decode.Options{Limits: lim})
		_, _, err := feed(doc, 64, lim)
		require.Equal(t, wholeErr == nil, err == nil, "%+v: whole %v, incremental %v", lim, wholeErr, err)
	}
}

// FuzzIncremental: on any input cut in pieces of any size, an incremental
// decode that succeeds gives Decode's batch.
func FuzzIncremental(f *testing.F) {
	f.Add([]byte(compactDoc()), uint16(97))
	f.Add([]byte(spanDoc(spanWith(""), spanWith(`"attributes":[{"key":"a","value":{"intValue":"1"}}]`))), uint16(40))
	lim := decode.Limits{MaxAttrsPerSpan: 16, MaxEventsPerSpan: 8, MaxAttrValueBytes: 256, MaxDepth: 24}
	f.Fuzz(func(t *testing.T, data []byte, n uint16) {
		got, _, err := feed(data, int(n)+1, lim)
		if err != nil {
			return
		}
		want, err := testDecode(data, decode.Options{Limits: lim})
		require.NoError(t, err, "read in pieces but not whole: %q", data)
		require.Equal(t, string(decodetest.Dump(want)), string(decodetest.Dump(got)), "%q in pieces of %d", data, int(n)+1)
	})
}
