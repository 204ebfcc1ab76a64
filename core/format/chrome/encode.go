package chrome

import (
	"strconv"

	"github.com/spanlens/spanlens/core/internal/encode"
	"github.com/spanlens/spanlens/core/internal/keys"
	"github.com/spanlens/spanlens/core/model"
)

// encodeChrome writes b as Chrome trace-event JSON,
// {"traceEvents":[...],"displayTimeUnit":"ms"}, which Perfetto and
// chrome://tracing open.
//
// Each service is a process (pid 1, 2, ... in order of first appearance,
// named by an M process_name event). Each span is an X (complete) event
// whose ts and dur are microseconds written as exact decimals (up to three
// fractional digits, so nanoseconds survive). Its args hold trace_id,
// span_id and parent_span_id (hex), the attributes as plain JSON values,
// then the kind (span.kind, unless internal), the scope (otel.scope.name
// and version) and the status (error=<message> for an error, as the Chrome
// decoder reads it; otel.status_code=OK). Span events become thread-scoped
// instant events (ph "i", s "t") with their attributes as args. Resource
// attributes other than the service name, and links, are dropped.
//
// The attributes the Chrome decoder derives from event fields go back into
// them: chrome.category becomes the cat, and thread.id is dropped because
// the tid is chosen afresh; attributes named like the id args are replaced
// by them. So a Chrome file decoded and encoded again keeps
// its names, times, args, services and (same-thread) nesting, and its
// decoder-assigned span ids, which follow event order.
//
// The tid of a span is chosen so that every thread's events nest properly,
// which the viewers require; see chromeLanes.
func encodeChrome(s *encode.Sink, b *model.Batch) {
	lanes := chromeLanes(b)
	s.Buf = append(s.Buf, `{"traceEvents":[`...)
	for i, name := range lanes.services {
		if i > 0 {
			s.Buf = append(s.Buf, ',')
		}
		s.Buf = append(s.Buf, `{"name":"process_name","ph":"M","pid":`...)
		s.Buf = strconv.AppendInt(s.Buf, int64(i+1), 10)
		s.Buf = append(s.Buf, `,"tid":0,"args":{"name":`...)
		s.Buf = model.AppendJSONString(s.Buf, name)
		s.Buf = append(s.Buf, "}}"...)
	}
	var extra []encode.ExtraTag
	for i := range b.Spans {
		sp := &b.Spans[i]
		if i > 0 || len(lanes.services) > 0 {
			s.Buf = append(s.Buf, ',')
		}
		if !s.Next() {
			return
		}
		extra = encode.ExtraTags(extra[:0], b, sp, encode.ChromeStyle)
		s.Buf = appendChromeSpan(s.Buf, sp, extra, lanes.pid[i], lanes.tid[i])
	}
	s.Buf = append(s.Buf, `],"displayTimeUnit":"ms"}`...)
}

func appendChromeSpan(dst []byte, sp *model.Span, extra []encode.ExtraTag, pid, tid int32) []byte {
	dst = append(dst, `{"name":`...)
	dst = model.AppendJSONString(dst, sp.Name)
	if cat, ok := sp.Attrs.Get(keys.ChromeCategory); ok && cat.Type() == model.TypeString {
		dst = append(dst, `,"cat":`...)
		dst = model.AppendJSONString(dst, cat.Str())
	}
	dst = append(dst, `,"ph":"X","ts":`...)
	dst = encode.AppendMicrosExact(dst, sp.Start)
	dst = append(dst, `,"dur":`...)
	dst = encode.AppendMicrosExact(dst, encode.Duration(sp.Start, sp.End))
	dst = appendPidTid(dst, pid, tid)
	dst = append(dst, `,"args":{"trace_id":`...)
	dst = encode.AppendQuotedHex(dst, sp.TraceID[:])
	dst = append(dst, `,"span_id":`...)
	dst = encode.AppendQuotedHex(dst, sp.ID[:])
	if !sp.ParentID.IsZero() {
		dst = append(dst, `,"parent_span_id":`...)
		dst = encode.AppendQuotedHex(dst, sp.ParentID[:])
	}
	for _, a := range sp.Attrs {
		switch a.Key {
		case keys.ThreadID, keys.ChromeTraceID, keys.ChromeSpanID, keys.ChromeParentID:
			continue // replaced by what this encoder writes
		case keys.ChromeCategory:
			if a.Value.Type() == model.TypeString {
				continue
			}
		}
		dst = append(dst, ',')
		dst = model.AppendJSONString(dst, a.Key)
		dst = append(dst, ':')
		dst = appendPlainValue(dst, a.Value)
	}
	for _, t := range extra {
		dst = append(dst, ',')
		dst = model.AppendJSONString(dst, t.Key)
		dst = append(dst, ':')
		if t.Flag {
			dst = append(dst, "true"...)
		} else {
			dst = model.AppendJSONString(dst, t.Val)
		}
	}
	dst = append(dst, "}}"...)
	for i := range sp.Events {
		e := &sp.Events[i]
		dst = append(dst, `,{"name":`...)
		dst = model.AppendJSONString(dst, e.Name)
		dst = append(dst, `,"ph":"i","s":"t","ts":`...)
		dst = encode.AppendMicrosExact(dst, e.Time)
		dst = appendPidTid(dst, pid, tid)
		if len(e.Attrs) > 0 {
			dst = append(dst, `,"args":`...)
			dst = appendPlainValue(dst, model.MapValue(e.Attrs...))
		}
		dst = append(dst, '}')
	}
	return dst
}

func appendPidTid(dst []byte, pid, tid int32) []byte {
	dst = append(dst, `,"pid":`...)
	dst = strconv.AppendInt(dst, int64(pid), 10)
	dst = append(dst, `,"tid":`...)
	return strconv.AppendInt(dst, int64(tid), 10)
}

// appendPlainValue appends v as an untyped JSON value, as Chrome args hold
// them. Doubles keep a fraction (3.0, not 3) so that readers guessing types
// from the text read a double back; bytes are base64 strings.
func appendPlainValue(dst []byte, v model.Value) []byte {
	switch v.Type() {
	case model.TypeDouble:
		return encode.AppendDouble(dst, v.Double())
	case model.TypeBytes:
		return encode.AppendBase64(dst, v.Bytes())
	case model.TypeArray:
		dst = append(dst, '[')
		for i, e := range v.Array() {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendPlainValue(dst, e)
		}
		return append(dst, ']')
	case model.TypeMap:
		dst = append(dst, '{')
		for i, kv := range v.Map() {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = model.AppendJSONString(dst, kv.Key)
			dst = append(dst, ':')
			dst = appendPlainValue(dst, kv.Value)
		}
		return append(dst, '}')
	}
	return v.AppendJSON(dst)
}
