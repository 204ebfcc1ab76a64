package decode

import "bytes"

// The agent-SDK formats are plain JSON told apart by their member names,
// which differ from the distributed-tracing formats' (OTLP and Jaeger use
// camelCase, Zipkin "parentId", Chrome "traceEvents" and "ph") and from
// each other: spanforge spans have "span_name", the tutorial's
// "parent_span_id", mamba-agents' "parent_id". A name counts only as a
// member (followed by a colon), never as a value such as OTLP's
// {"key": "event_type"}; and it must come before any other format's
// member names, so that a Chrome event whose free-form args hold a
// "parent_id" is still Chrome.

// LooksLikeSpanforge reports whether head, the first bytes of an input,
// starts like spanforge output: event envelopes with "event_type" and
// "payload", or bare span payloads with "span_name" and
// "start_time_unix_nano" (Trace.save(), Trace.to_json()).
func LooksLikeSpanforge(head []byte) bool {
	h := seedJSONStart(head)
	if h == nil {
		return false
	}
	foreign := seedForeign(h)
	if i := seedMemberIndex(h, `"event_type"`); i >= 0 && i < foreign && seedMemberIndex(h, `"payload"`) >= 0 {
		return true
	}
	i := seedMemberIndex(h, `"span_name"`)
	return i >= 0 && i < foreign && seedMemberIndex(h, `"start_time_unix_nano"`) >= 0
}

// LooksLikeTutorial reports whether head starts like the tracing
// tutorial's to_json() output: "spans" whose members include
// "parent_span_id" (before any "parent_id"), and not spanforge's.
func LooksLikeTutorial(head []byte) bool {
	h := seedJSONStart(head)
	if h == nil || LooksLikeSpanforge(h) {
		return false
	}
	i := seedMemberIndex(h, `"parent_span_id"`)
	if i < 0 || i > seedForeign(h) || seedMemberIndex(h, `"spans"`) < 0 {
		return false
	}
	j := seedMemberIndex(h, `"parent_id"`)
	return j < 0 || j > i
}

// LooksLikeMamba reports whether head starts like a mamba-agents
// TraceContext as dataclasses.asdict() gives it: "spans" whose members
// include "span_id" and "parent_id" (before any "parent_span_id").
func LooksLikeMamba(head []byte) bool {
	h := seedJSONStart(head)
	if h == nil {
		return false
	}
	i := seedMemberIndex(h, `"parent_id"`)
	if i < 0 || i > seedForeign(h) || seedMemberIndex(h, `"spans"`) < 0 || seedMemberIndex(h, `"span_id"`) < 0 {
		return false
	}
	j := seedMemberIndex(h, `"parent_span_id"`)
	return j < 0 || j > i
}

// seedJSONStart returns head from its first JSON byte, or nil when it does
// not start with an object or an array.
func seedJSONStart(head []byte) []byte {
	h := bytes.TrimLeft(head, " \t\r\n\ufeff")
	if len(h) == 0 || (h[0] != '{' && h[0] != '[') {
		return nil
	}
	return h
}

// seedForeignNames are member names of the other formats, whose documents
// may also hold "spans", "span_id" or "parent_span_id" members: OTLP/JSON
// (with protobuf's snake_case field names too), Jaeger, Zipkin, and
// Chrome events with free-form args.
var seedForeignNames = [...]string{
	`"resourceSpans"`, `"resource_spans"`, `"scopeSpans"`, `"scope_spans"`, `"batches"`,
	`"instrumentationLibrarySpans"`, `"traceEvents"`, `"ph"`,
	`"traceID"`, `"spanID"`, `"operationName"`, `"traceId"`, `"localEndpoint"`,
}

// seedForeign returns where the first member name of another format is in
// h, or len(h).
func seedForeign(h []byte) int {
	at := len(h)
	for _, name := range seedForeignNames {
		if i := seedMemberIndex(h[:at], name); i >= 0 {
			at = i
		}
	}
	return at
}

// seedMemberIndex returns where the quoted name first occurs in h followed
// by optional whitespace and a colon, or -1.
func seedMemberIndex(h []byte, quoted string) int {
	for i := 0; i < len(h); {
		j := bytes.Index(h[i:], []byte(quoted))
		if j < 0 {
			return -1
		}
		k := i + j + len(quoted)
		for k < len(h) && (h[k] == ' ' || h[k] == '\t' || h[k] == '\r' || h[k] == '\n') {
			k++
		}
		if k < len(h) && h[k] == ':' {
			return i + j
		}
		i += j + 1
	}
	return -1
}
