package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/model"
)

// lineSamples are the JSON-lines and NDJSON samples of testdata.
func lineSamples(t testing.TB) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, dir := range []string{"otlp-json", "spanforge"} {
		for name, data := range seedTestdata(t, dir) {
			if strings.HasSuffix(name, ".jsonl") {
				out[dir+"/"+name] = data
			}
		}
	}
	if len(out) < 3 {
		t.Fatalf("found %d JSON-lines samples, want the 3 of testdata", len(out))
	}
	return out
}

// result is a decode's batch dump or error, for comparing two decodes.
func result(b *model.Batch, err error) string {
	if err != nil {
		return fmt.Sprintf("error %#v: %v", errorFields(err), err)
	}
	return string(dumpBatch(b))
}

// errorFields are the parts of err that must agree, beyond its text.
func errorFields(err error) any {
	var de *decode.Error
	var le *decode.LimitError
	switch {
	case errors.As(err, &de):
		return *de
	case errors.As(err, &le):
		return *le
	}
	return nil
}

// sameAsWhole checks that DecodeReader, fed data by each reader, gives
// Decode's result, and returns it.
func sameAsWhole(t *testing.T, data []byte, opts Options) string {
	t.Helper()
	want := result(Decode(data, opts))
	readers := map[string]io.Reader{
		"whole":    bytes.NewReader(data),
		"one byte": iotest.OneByteReader(bytes.NewReader(data)),
		"halves":   iotest.HalfReader(bytes.NewReader(data)),
	}
	for name, r := range readers {
		if got := result(DecodeReader(r, opts)); got != want {
			t.Fatalf("%s reader: DecodeReader differs from Decode\n got: %s\nwant: %s", name, got, want)
		}
	}
	return want
}

// TestDecodeReaderSamples streams every JSON-lines sample, whole and cut
// short at each line, with the format detected and given.
func TestDecodeReaderSamples(t *testing.T) {
	for name, data := range lineSamples(t) {
		t.Run(name, func(t *testing.T) {
			f, err := Detect(data)
			if err != nil {
				t.Fatal(err)
			}
			for _, opts := range []Options{{}, {Format: f}, {Limits: Limits{MaxSpans: 2}}, {Limits: Limits{MaxBytes: int64(len(data)) - 1}}} {
				got := sameAsWhole(t, data, opts)
				if opts.Limits == (Limits{}) && strings.HasPrefix(got, "error") {
					t.Fatalf("sample does not decode: %s", got)
				}
			}
			for i := range data {
				if data[i] == '\n' || i%97 == 0 {
					sameAsWhole(t, data[:i], Options{Format: f})
				}
			}
		})
	}
}

// TestDecodeReaderEdges covers what a line-at-a-time decode could get
// wrong: line numbers after blank lines, values spread over lines, a
// span completed lines after it started, the cut tail, the limits.
func TestDecodeReaderEdges(t *testing.T) {
	const span = `{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7","name":"a","startTimeUnixNano":"1","endTimeUnixNano":"2"}`
	otlp := `{"resourceSpans":[{"scopeSpans":[{"spans":[` + span + `]}]}]}`
	started := `{"event_type":"llm.trace.span.started","payload":{"span_id":"1a2b3c4d5e6f7081","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_name":"x","start_time_unix_nano":100}}`
	done := `{"event_type":"llm.trace.span.completed","payload":{"span_id":"1a2b3c4d5e6f7081","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_name":"x","start_time_unix_nano":100,"end_time_unix_nano":250}}`
	other := `{"event_type":"llm.trace.span.started","payload":{"span_id":"2a2b3c4d5e6f7081","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_name":"y","start_time_unix_nano":120}}`
	cases := []struct {
		name, in string
		want     string // a part of the result worked out by hand
	}{
		{"otlp error on line 4 after blank lines", otlp + "\n\n  \n" + `{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":1}]}]}]}` + "\n", "line 4: resourceSpans[0].scopeSpans[0].spans[0].spanId"},
		{"otlp one line, error, no line number", `{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":1}]}]}]}`, "ingest: otlp-json: resourceSpans[0].scopeSpans[0].spans[0].spanId"},
		{"otlp one line then blank lines", `{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":1}]}]}]}` + "\n \n\n", "ingest: otlp-json: resourceSpans[0].scopeSpans[0].spans[0].spanId"},
		{"otlp pretty-printed", strings.ReplaceAll(otlp, ",", ",\n  "), "1 spans"},
		{"otlp two documents on one line", otlp + " " + otlp, "2 spans"},
		// Lines and blank runs longer than the 64 KiB read buffer.
		{"otlp long lines", strings.Replace(otlp, `"a"`, `"`+strings.Repeat("n", 100<<10)+`"`, 1) + "\n" + strings.Repeat(" ", 70<<10) + "\n" + strings.Repeat("\t", 70<<10) + otlp + "\n" + strings.Repeat(" ", 70<<10), "2 spans"},
		{"otlp error after a long blank line", otlp + "\n" + strings.Repeat(" ", 70<<10) + "x\n", "line 2: want object"},
		{"otlp error quoting the next line", "A\n00", `got "A\n00"`}, // a fuzz finding
		{"otlp blank input", "\n \r\n\t", "empty input"},
		{"otlp no resourceSpans", "{}\n{}\n", `no "resourceSpans" member`},
		{"otlp string with a bracket over lines", `{"resourceSpans":[{"scopeSpans":[{"spans":[` + strings.Replace(span, `"a"`, "\"a}]\\\"\n\"", 1) + `]}]}]}`, "line 1: resourceSpans[0].scopeSpans[0].spans[0].name"},
		{"spanforge started, completed two lines later", started + "\n" + other + "\n" + done + "\n", "start=100 end=250"},
		{"spanforge cut tail", started + "\n" + done[:40], "the last line is cut short"},
		{"spanforge string open over a line end", started + "\n" + done[:40] + "\n" + other, "line 3: event_type: want ',' or '}'"},
		{"spanforge error on line 3", started + "\n\n" + `{"event_type":"llm.trace.span.started","payload":{}}`, "line 3: payload.span_id: missing"},
		{"spanforge long blank runs", started + "\n" + strings.Repeat(" ", 70<<10) + done + "\n" + strings.Repeat(" \n", 40<<10) + other, "2 spans"},
		{"spanforge error after long blank runs", started + "\n" + strings.Repeat(" \n", 40<<10) + strings.Repeat(" ", 70<<10) + "{]", "line 40962: "},
		{"spanforge array of events", "[" + started + ",\n" + done + "]\n", "1 spans"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := model.OTLPJSON
			if strings.HasPrefix(c.name, "spanforge") {
				f = model.Spanforge
			}
			got := sameAsWhole(t, []byte(c.in), Options{Format: f})
			if !strings.Contains(got, c.want) {
				t.Fatalf("got %s\nwant it to hold %q", got, c.want)
			}
		})
	}
}

// TestDecodeReaderLimits checks that MaxBytes counts the whole stream even
// past an error, and that MaxSpans stops a stream as it stops a whole
// decode.
func TestDecodeReaderLimits(t *testing.T) {
	data := lineSamples(t)["spanforge/multi_agent.jsonl"]
	bad := append([]byte("{\"event_type\":1}\n"), data...)
	_, err := DecodeReader(bytes.NewReader(bad), Options{Limits: Limits{MaxBytes: int64(len(bad)) - 1}})
	var le *LimitError
	if !errors.As(err, &le) || le.Limit != "MaxBytes" || le.Max != int64(len(bad))-1 {
		t.Fatalf("bad first line of an input over MaxBytes: got %v, want the MaxBytes limit (%d)", err, len(bad)-1)
	}
	_, err = DecodeReader(bytes.NewReader(data), Options{Limits: Limits{MaxSpans: 1}})
	if !errors.As(err, &le) || le.Limit != "MaxSpans" || !strings.Contains(le.Where, "line 4") {
		t.Fatalf("MaxSpans 1: got %v, want MaxSpans hit on line 4 (the second span's first event; line 3 is a cost event)", err)
	}
}

// TestDecodeReaderBudget checks the stream's memory budget: the ratio
// applies to the input read so far, so a dense first line fails the
// stream, though the blank lines after it would let the whole input pass.
func TestDecodeReaderBudget(t *testing.T) {
	line := `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7","name":"a"}]}]}]}` + "\n"
	data := []byte(line + strings.Repeat(" ", 1000) + "\n")
	opts := Options{Limits: Limits{MaxModelBytesPerInputByte: 1}}
	if _, err := Decode(data, opts); err != nil {
		t.Fatalf("whole decode: %v, want 1 span: 1 model byte per input byte allows %d", err, len(data))
	}
	_, err := DecodeReader(bytes.NewReader(data), opts)
	// The span is a model.Span and its one-byte name, from the first line.
	want := LimitError{Format: model.OTLPJSON, Limit: "MaxModelBytesPerInputByte", Max: 1,
		Where: fmt.Sprintf("span 0: model ≈ %d bytes from %d input bytes", decode.SpanBytes+1, len(line))}
	var le *LimitError
	if !errors.As(err, &le) || *le != want {
		t.Fatalf("stream: got %v, want %v", err, &want)
	}
}

// jsonLines generates n Collector JSON lines of one span each, the span
// names padded so that line i is about 200+i%pad bytes long.
func jsonLines(n, pad int) []byte {
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"%016x","name":"op %s","startTimeUnixNano":"%d","endTimeUnixNano":"%d"}]}]}]}`+"\n",
			i+1, strings.Repeat("x", i%pad), 1000+i, 2000+i)
	}
	return b.Bytes()
}

// TestDecodeReaderMemory streams 20,000 lines through a reader and checks
// that the buffer DecodeReader held stayed within a few lines, where a
// whole read holds the input.
func TestDecodeReaderMemory(t *testing.T) {
	data := jsonLines(20_000, 300)
	longest := 0
	for _, l := range bytes.Split(data, []byte{'\n'}) {
		longest = max(longest, len(l)+1)
	}
	lr := newLineReader(iotest.HalfReader(bytes.NewReader(data)), DefaultLimits.MaxBytes)
	b, err := decodeReader(lr, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Spans) != 20_000 {
		t.Fatalf("got %d spans, want 20000", len(b.Spans))
	}
	// append grows a buffer to at most about twice what it holds.
	if lr.peak < longest || lr.peak > 3*longest {
		t.Fatalf("line buffer peaked at %d bytes, want between the longest line (%d) and 3 times it; the input is %d", lr.peak, longest, len(data))
	}
	if lr.r.Size() > 64<<10 {
		t.Fatalf("read buffer is %d bytes, want at most 64 KiB", lr.r.Size())
	}
}

// TestDecodeReaderProgress checks that a stream reports spans while it
// reads, not only once it has read everything.
func TestDecodeReaderProgress(t *testing.T) {
	data := jsonLines(2_000, 100)
	var calls []Progress
	b, err := DecodeReader(bytes.NewReader(data), Options{Progress: func(p Progress) { calls = append(calls, p) }})
	if err != nil {
		t.Fatal(err)
	}
	// 2,000 lines of about 260 bytes make about 500 KiB: a call per 64 KiB.
	if len(calls) < 5 {
		t.Fatalf("got %d progress calls (%v), want one per 64 KiB of %d bytes", len(calls), calls, len(data))
	}
	for i, p := range calls[:len(calls)-1] {
		if p.Bytes <= 0 || p.Bytes >= int64(len(data)) || p.TotalBytes != -1 || p.Spans <= 0 || p.Spans >= 2_000 {
			t.Fatalf("call %d: %+v, want bytes and spans part of the way", i, p)
		}
	}
	if last := calls[len(calls)-1]; last != (Progress{Bytes: int64(len(data)), TotalBytes: int64(len(data)), Spans: len(b.Spans)}) {
		t.Fatalf("last call %+v, want the whole input and %d spans", last, len(b.Spans))
	}
}

// FuzzDecodeReader feeds each input to Decode and, a byte at a time, to
// DecodeReader, which must agree.
func FuzzDecodeReader(f *testing.F) {
	for _, data := range lineSamples(f) {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, format := range []model.Format{"", model.OTLPJSON, model.Spanforge} {
			opts := Options{Format: format, Limits: fuzzLimits}
			want := result(Decode(data, opts))
			_, err := DecodeReader(iotest.OneByteReader(bytes.NewReader(data)), opts)
			var le *LimitError
			if errors.As(err, &le) && le.Limit == "MaxModelBytesPerInputByte" {
				continue // a stream's budget is the ratio of the input read so far
			}
			if got := result(DecodeReader(iotest.OneByteReader(bytes.NewReader(data)), opts)); got != want {
				t.Fatalf("format %q: DecodeReader differs from Decode\n got: %s\nwant: %s", format, got, want)
			}
		}
	})
}
