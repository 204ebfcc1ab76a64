package decode

import (
	"errors"
	"math"
	"strconv"

	"github.com/spanlens/spanlens/core/internal/jsonscan"
	"github.com/spanlens/spanlens/core/internal/keys"
	"github.com/spanlens/spanlens/core/model"
)

// This file holds what the Jaeger and Zipkin decoders share: timestamps in
// microseconds, and the tags OpenTelemetry's Jaeger and Zipkin exporters
// write for span fields those formats lack (kind, status, scope).

// The tags that stand for span fields (core/internal/keys):
// OpenTelemetry's own Jaeger translator moves them back into the span and
// removes them, and so do we.

// maxMicros is the largest magnitude of a microsecond time whose nanosecond
// value fits in an int64.
const maxMicros = math.MaxInt64 / 1000

// Micros reads a time or duration in microseconds, written as a number or
// a string, fractions allowed, and returns it in nanoseconds.
func Micros(s *jsonscan.Scanner) (int64, error) {
	at := s.Offset()
	b, err := s.NumberText()
	if err != nil {
		return 0, err
	}
	if v, ok := Atoi(b); ok {
		if v > maxMicros || v < -maxMicros {
			return 0, ErrAt(s, at, "%s µs is out of range", b)
		}
		return v * 1000, nil
	}
	f, err := strconv.ParseFloat(string(b), 64)
	switch {
	case errors.Is(err, strconv.ErrRange) || (err == nil && math.Abs(f) > maxMicros):
		return 0, ErrAt(s, at, "%s µs is out of range", b[:min(len(b), 40)])
	case err != nil || math.IsNaN(f) || math.IsInf(f, 0):
		return 0, ErrAt(s, at, "want microseconds, got %s", jsonscan.Quote(b))
	}
	return int64(math.Round(f * 1000)), nil
}

// ScopeIndex dedupes instrumentation scopes by name and version.
type ScopeIndex map[[2]string]int32

func (si ScopeIndex) Get(b *model.Batch, name, version string) int32 {
	k := [2]string{name, version}
	if i, ok := si[k]; ok {
		return i
	}
	i := b.AddScope(model.Scope{Name: name, Version: version})
	si[k] = i
	return i
}

// FieldTags moves the tags that stand for span fields into sp and removes
// them from sp.Attrs:
//   - span.kind ("server", ...) becomes the kind, unless the span has one;
//   - error becomes an error status. In Jaeger it is a boolean (or the
//     string "true"), and "false" stays a tag; in Zipkin any value is an
//     error and the value is the message (errorIsMessage);
//   - otel.status_code OK/ERROR becomes the status when error did not
//     already decide it, and otel.status_description its message;
//   - otel.scope.name/version (or otel.library.*) become the scope.
func (st *State) FieldTags(sp *model.Span, scopes ScopeIndex, errorIsMessage bool) {
	kind, errTag, code, desc, scope, scopeVer := -1, -1, -1, -1, -1, -1
	for i := range sp.Attrs {
		switch sp.Attrs[i].Key {
		case keys.SpanKind:
			kind = i
		case keys.Error:
			errTag = i
		case keys.StatusCode:
			code = i
		case keys.StatusDesc:
			desc = i
		case keys.ScopeName:
			scope = i
		case keys.LibName:
			if scope < 0 {
				scope = i
			}
		case keys.ScopeVersion:
			scopeVer = i
		case keys.LibVersion:
			if scopeVer < 0 {
				scopeVer = i
			}
		}
	}
	if kind < 0 && errTag < 0 && code < 0 && scope < 0 {
		return
	}
	var drop [8]int
	n := 0
	if kind >= 0 {
		if k, ok := model.ParseSpanKind(sp.Attrs[kind].Value.Str()); ok {
			if sp.Kind == model.KindUnspecified {
				sp.Kind = k
			}
			drop[n] = kind
			n++
		}
	}
	statusDesc := func() string {
		if desc < 0 {
			return ""
		}
		drop[n] = desc
		n++
		return sp.Attrs[desc].Value.AsString()
	}
	if errTag >= 0 {
		v := sp.Attrs[errTag].Value
		switch {
		case errorIsMessage:
			sp.Status = model.Status{Code: model.StatusError, Message: v.AsString()}
			if desc >= 0 {
				sp.Status.Message = statusDesc()
			}
		case v.Bool() || v.Str() == "true":
			sp.Status = model.Status{Code: model.StatusError, Message: statusDesc()}
		default:
			errTag = -1 // error=false is kept as a tag
		}
		if errTag >= 0 {
			drop[n] = errTag
			n++
		}
	}
	if code >= 0 {
		if sp.Status.Code == model.StatusUnset {
			// "OK" and "ERROR", or older exporters' "STATUS_CODE_ERROR".
			c, _ := OTLPStatusCodeName([]byte(sp.Attrs[code].Value.Str()))
			if c != model.StatusUnset {
				sp.Status = model.Status{Code: c, Message: statusDesc()}
			}
		}
		drop[n] = code
		n++
	}
	if scope >= 0 {
		if name := sp.Attrs[scope].Value.Str(); name != "" {
			version := ""
			if scopeVer >= 0 {
				version = sp.Attrs[scopeVer].Value.AsString()
				drop[n] = scopeVer
				n++
			}
			sp.Scope = scopes.Get(st.Batch, name, version)
			drop[n] = scope
			n++
		}
	}
	if n > 0 {
		sp.Attrs = RemoveAttrs(sp.Attrs, drop[:n])
	}
}

// RemoveAttrs removes the attributes at the given indexes, keeping the
// order of the others. It edits attrs in place.
func RemoveAttrs(attrs model.Attrs, idx []int) model.Attrs {
	out := attrs[:0]
	for i, a := range attrs {
		keep := true
		for _, j := range idx {
			if i == j {
				keep = false
				break
			}
		}
		if keep {
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
