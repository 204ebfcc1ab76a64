package ingest

import "bytes"

// The agent-SDK formats are plain JSON told apart by their member names,
// which differ from the distributed-tracing formats' (OTLP and Jaeger use
// camelCase, Zipkin "parentId", Chrome "traceEvents") and from each other:
// spanforge spans have "span_name", the tutorial's "parent_span_id",
// mamba-agents' "parent_id". A name counts only as a member (followed by a
// colon), never as a value such as OTLP's {"key": "event_type"}.

// looksLikeSpanforge reports whether head, the first bytes of an input,
// starts like spanforge output: event envelopes with "event_type" and
// "payload", or bare span payloads with "span_name" and
// "start_time_unix_nano" (Trace.save(), Trace.to_json()).
func looksLikeSpanforge(head []byte) bool {
	h := seedJSONStart(head)
	if h == nil {
		return false
	}
	return seedMember(h, `"event_type"`) && seedMember(h, `"payload"`) ||
		seedMember(h, `"span_name"`) && seedMember(h, `"start_time_unix_nano"`)
}

// looksLikeTutorial reports whether head starts like the tracing
// tutorial's to_json() output: "spans" whose members include
// "parent_span_id", without spanforge's "span_name" or mamba's "parent_id".
func looksLikeTutorial(head []byte) bool {
	h := seedJSONStart(head)
	if h == nil || seedForeign(h) {
		return false
	}
	return seedMember(h, `"spans"`) && seedMember(h, `"parent_span_id"`) &&
		!seedMember(h, `"parent_id"`) && !seedMember(h, `"span_name"`)
}

// looksLikeMamba reports whether head starts like a mamba-agents
// TraceContext as dataclasses.asdict() gives it: "spans" whose members
// include "parent_id" and "span_id".
func looksLikeMamba(head []byte) bool {
	h := seedJSONStart(head)
	if h == nil || seedForeign(h) {
		return false
	}
	return seedMember(h, `"spans"`) && seedMember(h, `"parent_id"`) && seedMember(h, `"span_id"`) &&
		!seedMember(h, `"parent_span_id"`)
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

// seedForeign reports member names of the other formats whose documents
// may hold "spans", "span_id" or "parent_span_id" members too: OTLP/JSON
// (also with protobuf's snake_case field names), Jaeger, Zipkin, and
// Chrome events whose args are free-form.
func seedForeign(h []byte) bool {
	for _, name := range [...]string{`"resourceSpans"`, `"resource_spans"`, `"scope_spans"`, `"batches"`,
		`"traceID"`, `"localEndpoint"`, `"traceEvents"`} {
		if seedMember(h, name) {
			return true
		}
	}
	return false
}

// seedMember reports whether the quoted name occurs in h followed by
// optional whitespace and a colon.
func seedMember(h []byte, quoted string) bool {
	for i := 0; i < len(h); {
		j := bytes.Index(h[i:], []byte(quoted))
		if j < 0 {
			return false
		}
		k := i + j + len(quoted)
		for k < len(h) && (h[k] == ' ' || h[k] == '\t' || h[k] == '\r' || h[k] == '\n') {
			k++
		}
		if k < len(h) && h[k] == ':' {
			return true
		}
		i += j + 1
	}
	return false
}
