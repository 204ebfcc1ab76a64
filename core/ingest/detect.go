package ingest

import (
	"bytes"
	"errors"
)

// sniffLen is how much of the input Detect looks at.
const sniffLen = 64 << 10

// errEmpty reports input with nothing but whitespace.
var errEmpty = errors.New("ingest: empty input")

// Detect names the format of data from its first bytes. It does not parse
// the input: it asks every format's sniffer and takes the format whose
// evidence starts first. JSON formats are told apart by the member names
// that appear first, so a Chrome trace whose args mention "resourceSpans"
// is still Chrome; OTLP/protobuf by the shape of its first fields.
func Detect(data []byte) (Format, error) {
	best, at := Format(""), -1
	for _, c := range codecs {
		if i := c.sniff(data); i >= 0 && (at < 0 || i < at) {
			best, at = c.dec.Format(), i
		}
	}
	if at >= 0 {
		return best, nil
	}
	if len(bytes.TrimLeft(trimBOM(data[:min(len(data), sniffLen)]), " \t\r\n")) == 0 {
		return "", errEmpty
	}
	return "", ErrUnknownFormat
}

// trimBOM drops a UTF-8 byte-order mark.
func trimBOM(b []byte) []byte { return bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) }

// jsonHead returns the first sniffLen bytes of data from its first JSON
// byte (after a byte-order mark and whitespace), or nil when they do not
// start an object or an array.
func jsonHead(data []byte) []byte {
	head := bytes.TrimLeft(trimBOM(data[:min(len(data), sniffLen)]), " \t\r\n")
	if len(head) == 0 || (head[0] != '{' && head[0] != '[') {
		return nil
	}
	return head
}

// sniffMembers returns where the first of a format's member names occurs
// in data's JSON head as a member (followed by a colon, not as a string
// value): one of objectKeys when the input is an object, of arrayKeys when
// it is an array. It returns -1 when none does.
func sniffMembers(data []byte, objectKeys, arrayKeys []string) int {
	head := jsonHead(data)
	if head == nil {
		return -1
	}
	keys := objectKeys
	if head[0] == '[' {
		keys = arrayKeys
	}
	at := -1
	for _, k := range keys {
		if i := memberIndex(head, k); i >= 0 && (at < 0 || i < at) {
			at = i
		}
	}
	return at
}

// sniffShape matches at offset 0, ahead of any member name, when data's
// JSON head has the shape looks recognizes.
func sniffShape(data []byte, looks func(head []byte) bool) int {
	if head := jsonHead(data); head != nil && looks(head) {
		return 0
	}
	return -1
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
