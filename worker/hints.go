package main

import (
	"bytes"
	"strings"

	"github.com/spanlens/spanlens/internal/wire"
)

// httpapi's error messages name the Config field or flag that changes a
// limit; on a Worker that is a wrangler var or a binding, so answers are
// given that name too before they leave (hint adds it).

const storeHint = "; on this Worker bind a KV namespace as TRACES_KV or an R2 bucket as TRACES_R2 in wrangler.toml"

// hint returns what to add to message: how to change, on this Worker,
// the first limit it names, or "".
func hint(message string) string {
	if strings.Contains(message, "Config.Store") {
		return storeHint
	}
	for _, v := range vars {
		for _, f := range strings.Split(v.field, "|") {
			if f != "" && strings.Contains(message, f) {
				return "; on this Worker set the var " + v.name + " in wrangler.toml [vars]"
			}
		}
	}
	return ""
}

// withHint adds the hint to an error answer's message: a JSON error
// ({"error":{"message":…}} or OTLP's {"code":…,"message":…}) or an OTLP
// protobuf google.rpc.Status. Other answers come back as they were.
func withHint(status int, contentType string, body []byte) []byte {
	if status < 400 {
		return body
	}
	switch contentType {
	case "application/json":
		// The messages hold no quote or backslash where the field names
		// are, so the hint goes in as it is, before the string's end.
		i := bytes.Index(body, []byte(`"message":"`))
		if i < 0 {
			return body
		}
		start := i + len(`"message":"`)
		q := closingQuote(body[start:])
		if q < 0 {
			return body
		}
		end := start + q
		h := hint(string(body[start:end]))
		if h == "" {
			return body
		}
		out := append([]byte(nil), body[:end]...)
		return append(append(out, h...), body[end:]...)
	case "application/x-protobuf":
		return statusWithHint(body)
	}
	return body
}

// closingQuote is the index of the first unescaped quote in b.
func closingQuote(b []byte) int {
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

// statusWithHint rewrites a google.rpc.Status's message (field 2).
func statusWithHint(b []byte) []byte {
	var out []byte
	for rest := b; len(rest) > 0; {
		num, typ, n := wire.ConsumeTag(rest)
		if n < 0 {
			return b
		}
		m := wire.ConsumeFieldValue(num, typ, rest[n:])
		if m < 0 {
			return b
		}
		if num == 2 && typ == wire.BytesType {
			msg, _ := wire.ConsumeString(rest[n:])
			out = wire.AppendTag(out, 2, wire.BytesType)
			out = wire.AppendString(out, msg+hint(msg))
		} else {
			out = append(out, rest[:n+m]...)
		}
		rest = rest[n+m:]
	}
	return out
}
