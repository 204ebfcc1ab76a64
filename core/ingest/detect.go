package ingest

import (
	"bytes"
	"errors"
)

// sniffLen is how much of the input Detect looks at.
const sniffLen = 64 << 10

// signature is a member name that only one JSON format writes near the
// start of a document.
type signature struct {
	key    string
	format Format
}

// objectSignatures and arraySignatures are checked in order of where they
// first appear: the earliest wins, so a Chrome trace whose args mention
// "resourceSpans" is still Chrome.
var (
	objectSignatures = []signature{
		{`"resourceSpans"`, OTLPJSON}, {`"scopeSpans"`, OTLPJSON}, {`"batches"`, OTLPJSON},
		{`"instrumentationLibrarySpans"`, OTLPJSON},
		{`"traceEvents"`, Chrome}, {`"ph"`, Chrome},
		{`"traceID"`, Jaeger}, {`"spanID"`, Jaeger}, {`"operationName"`, Jaeger}, {`"processes"`, Jaeger},
		{`"SpanContext"`, OTelStdout},
	}
	arraySignatures = []signature{
		{`"ph"`, Chrome}, {`"traceId"`, Zipkin}, {`"localEndpoint"`, Zipkin},
		{`"SpanContext"`, OTelStdout},
	}
)

// errEmpty reports input with nothing but whitespace.
var errEmpty = errors.New("ingest: empty input")

// Detect names the format of data from its first bytes. It does not parse
// the input: JSON formats are told apart by the member names that appear
// first, OTLP/protobuf by the shape of its first fields.
func Detect(data []byte) (Format, error) {
	if looksLikeOTLPProto(data) {
		return OTLPProto, nil
	}
	head := data[:min(len(data), sniffLen)]
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	head = bytes.TrimLeft(head, " \t\r\n")
	if len(head) == 0 {
		return "", errEmpty
	}
	sigs := objectSignatures
	switch head[0] {
	case '{':
	case '[':
		sigs = arraySignatures
	default:
		return "", ErrUnknownFormat
	}
	// The agent SDKs' shapes first: their member names are distinctive,
	// while "traceId" alone would also match them.
	switch {
	case looksLikeSpanforge(head):
		return Spanforge, nil
	case looksLikeTutorial(head):
		return Tutorial, nil
	case looksLikeMamba(head):
		return Mamba, nil
	}
	if f := earliest(head, sigs); f != "" {
		return f, nil
	}
	return "", ErrUnknownFormat
}

// earliest returns the format of the signature that occurs first in head
// as a member name (followed by a colon, not as a string value).
func earliest(head []byte, sigs []signature) Format {
	best, at := Format(""), len(head)
	for _, s := range sigs {
		if i := memberIndex(head[:at], s.key); i >= 0 {
			best, at = s.format, i
		}
	}
	return best
}

// memberIndex returns where key first occurs in h followed by optional
// whitespace and a colon, or -1.
func memberIndex(h []byte, key string) int {
	for off := 0; ; {
		i := bytes.Index(h[off:], []byte(key))
		if i < 0 {
			return -1
		}
		j := off + i + len(key)
		rest := bytes.TrimLeft(h[j:], " \t\r\n")
		if len(rest) > 0 && rest[0] == ':' {
			return off + i
		}
		off = j
	}
}
