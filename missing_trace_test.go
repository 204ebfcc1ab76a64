package spanlens

import (
	"strings"
	"testing"
)

// Traces whose format lets the trace id be left out still export to the
// OTLP encodings, which require a non-zero one, and open again: the
// decoders give such spans one id per format (as the Chrome decoder
// always has), never the zero id (found by FuzzDocument).
func TestMissingTraceIDRoundTrips(t *testing.T) {
	for _, tc := range []struct{ name, in, warn string }{
		{"mamba", `{"spans":[{"span_id":"1","parent_id":"","start_time":0}]}`, "without trace_id"},
		{"tutorial", `{"spans":[{"span_id":"a1","parent_span_id":null,"name":"x","start_time":1.5,"end_time":2}]}`, "without trace_id"},
		{"spanforge", `{"event_type":"llm.trace.span.completed","payload":{"span_id":"0123456789abcdef","span_name":"x","start_time_unix_nano":1,"end_time_unix_nano":2}}`, "without trace_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Open([]byte(tc.in), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := string(d.Format()); got != tc.name {
				t.Fatalf("format %s, want %s", got, tc.name)
			}
			sp := d.Batch().Spans[0]
			if sp.TraceID.IsZero() {
				t.Fatalf("span keeps the zero trace id")
			}
			var warns []string
			for _, w := range d.Warnings() {
				warns = append(warns, w.Message)
			}
			if !strings.Contains(strings.Join(warns, "\n"), tc.warn) {
				t.Errorf("warnings %q, want one with %q", warns, tc.warn)
			}
			for _, to := range []Format{"otlp-json", "otlp-proto"} {
				out, err := d.AppendConvert(nil, to)
				if err != nil {
					t.Fatal(err)
				}
				back, err := Open(out, Options{})
				if err != nil {
					t.Fatalf("%s export does not open: %v", to, err)
				}
				if got := back.Batch().Spans[0].TraceID; got != sp.TraceID {
					t.Errorf("%s: trace id %s after the round trip, want %s", to, got, sp.TraceID)
				}
			}
		})
	}
}

// The all-zero trace and span ids mean "no id" in OTLP and W3C trace
// context, and Zipkin refuses them too: a decoder whose input names its ids
// refuses them as the OTLP decoders do, so that nothing it accepts fails to
// open again after an export (FuzzDocument found Zipkin's "traceId":"0").
func TestZeroIDsRefused(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"zipkin trace", `[{"traceId":"0","id":"1"}]`, `zipkin: [0].traceId: want a non-zero trace id, got "0"`},
		{"jaeger trace", `{"data":[{"traceID":"0","spans":[{"traceID":"0","spanID":"1","operationName":"x","startTime":1,"duration":1}]}]}`, `want a non-zero trace id, got "0"`},
		{"jaeger span", `{"data":[{"traceID":"1","spans":[{"traceID":"1","spanID":"0","operationName":"x","startTime":1,"duration":1}]}]}`, `spanID: want a non-zero span id`},
		{"otel-stdout trace", `{"Name":"x","SpanContext":{"TraceID":"00000000000000000000000000000000","SpanID":"0000000000000001"},"StartTime":"2024-01-01T00:00:00Z","EndTime":"2024-01-01T00:00:01Z"}`, `has a zero TraceID`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Open([]byte(tc.in), Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Open = %v, %v; want an error with %q", d, err, tc.want)
			}
		})
	}
}
