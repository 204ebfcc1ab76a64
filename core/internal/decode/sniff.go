package decode

import "bytes"

// SniffLen is how much of the input Detect looks at.
const SniffLen = 64 << 10

// TrimBOM drops a UTF-8 byte-order mark.
func TrimBOM(b []byte) []byte { return bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) }

// jsonHead returns the first sniffLen bytes of data from its first JSON
// byte (after a byte-order mark and whitespace), or nil when they do not
// start an object or an array.
func jsonHead(data []byte) []byte {
	head := bytes.TrimLeft(TrimBOM(data[:min(len(data), SniffLen)]), " \t\r\n")
	if len(head) == 0 || (head[0] != '{' && head[0] != '[') {
		return nil
	}
	return head
}

// SniffMembers returns where the first of a format's member names occurs
// in data's JSON head as a member (followed by a colon, not as a string
// value): one of objectKeys when the input is an object, of arrayKeys when
// it is an array. It returns -1 when none does.
func SniffMembers(data []byte, objectKeys, arrayKeys []string) int {
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

// SniffShape matches at offset 0, ahead of any member name, when data's
// JSON head has the shape looks recognizes.
func SniffShape(data []byte, looks func(head []byte) bool) int {
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
