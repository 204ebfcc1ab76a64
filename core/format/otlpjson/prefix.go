package otlpjson

import (
	"bytes"
	"slices"
)

var (
	otlpJSONHead = []byte(`{"resourceSpans":[`)
	resourceKey  = []byte(`{"resource":`)
	spanCut      = []byte(`},{"traceId":`)
)

// prefix returns a copy of the complete spans at the start of buf as an
// OTLP/JSON document of their own, or nil (Codec.Prefix). The cut is found
// by a pattern, not by parsing, so that it costs nothing beside the decode:
// a key and its colon cannot occur inside a JSON string (its quotes would
// be escaped), and in OTLP/JSON only a span or a link has a "traceId" key
// and only a resourceSpans element a "resource" one. So the cut is between
// two spans of one scope (the document is closed after the first), or else
// before a resourceSpans element. A wrong cut (between two links) only
// makes the preview fail to decode, which skips it.
func prefix(buf []byte) []byte {
	if !bytes.HasPrefix(buf, otlpJSONHead) {
		return nil
	}
	if at := bytes.LastIndex(buf, spanCut); at > 0 {
		return slices.Concat(buf[:at+1], []byte("]}]}]}"))
	}
	body := buf[len(otlpJSONHead):]
	at := bytes.LastIndex(body, resourceKey)
	// The element at `at` may be incomplete; the one before it ends at
	// the comma that precedes it.
	if at <= 0 || body[at-1] != ',' {
		return nil
	}
	return slices.Concat(buf[:len(otlpJSONHead)+at-1], []byte("]}"))
}
