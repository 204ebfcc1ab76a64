package jaeger

import (
	"strconv"

	"github.com/spanlens/spanlens/core/internal/encode"
	"github.com/spanlens/spanlens/core/model"
)

// AppendJaeger appends b to dst in the shape of Jaeger's query API,
// {"data":[trace...],"total":0,"limit":0,"offset":0,"errors":null}, one
// trace per trace id in order of first appearance and its spans in batch
// order.
//
// Times are whole microseconds (start and end are each rounded down).
// Attributes become typed tags (string, bool, int64, float64, binary as
// base64); arrays and maps become string tags holding their JSON. The kind
// becomes a span.kind tag, the scope otel.scope.name/version tags, the
// status otel.status_code (plus error=true for an error) and
// otel.status_description tags. The parent is the first reference
// (CHILD_OF); links follow as FOLLOWS_FROM references unless their
// opentracing.ref_type attribute says child_of, and their other attributes
// and trace state are dropped. Events become logs whose "event" field holds
// the name. Each trace numbers its processes p1..pN, one per distinct
// (resource, service); a process's tags are its resource's attributes
// except service.name.
func encodeJaeger(s *encode.Sink, b *model.Batch) {
	traces, order := groupByTrace(b)
	s.Buf = append(s.Buf, `{"data":[`...)
	type procKey struct {
		res     int32
		service string
	}
	procs := map[procKey]int{}
	var procList []procKey
	var extra []encode.ExtraTag
	for ti, t := range traces {
		if ti > 0 {
			s.Buf = append(s.Buf, ',')
		}
		clear(procs)
		procList = procList[:0]
		spans := order[t.first : t.first+t.count]
		s.Buf = append(s.Buf, `{"traceID":`...)
		s.Buf = encode.AppendShortTraceID(s.Buf, b.Spans[spans[0]].TraceID)
		s.Buf = append(s.Buf, `,"spans":[`...)
		for i, si := range spans {
			sp := &b.Spans[si]
			k := procKey{sp.Resource, sp.Service}
			if k.res < 0 || k.res >= int32(len(b.Resources)) {
				k.res = -1
			}
			p, ok := procs[k]
			if !ok {
				p = len(procList) + 1
				procs[k] = p
				procList = append(procList, k)
			}
			if i > 0 {
				s.Buf = append(s.Buf, ',')
			}
			if !s.Next() {
				return
			}
			extra = encode.ExtraTags(extra[:0], b, sp, encode.JaegerStyle)
			s.Buf = appendJaegerSpan(s.Buf, sp, extra, p)
		}
		s.Buf = append(s.Buf, `],"processes":{`...)
		for i, k := range procList {
			if i > 0 {
				s.Buf = append(s.Buf, ',')
			}
			s.Buf = append(s.Buf, `"p`...)
			s.Buf = strconv.AppendInt(s.Buf, int64(i+1), 10)
			s.Buf = append(s.Buf, `":{"serviceName":`...)
			s.Buf = model.AppendJSONString(s.Buf, k.service)
			s.Buf = append(s.Buf, `,"tags":[`...)
			if k.res >= 0 {
				first := true
				for _, a := range b.Resources[k.res].Attrs {
					if a.Key == model.ServiceNameKey && a.Value.Str() == k.service {
						continue
					}
					if !first {
						s.Buf = append(s.Buf, ',')
					}
					first = false
					s.Buf = appendJaegerTag(s.Buf, a.Key, a.Value)
				}
			}
			s.Buf = append(s.Buf, "]}"...)
		}
		s.Buf = append(s.Buf, `},"warnings":null}`...)
	}
	s.Buf = append(s.Buf, `],"total":0,"limit":0,"offset":0,"errors":null}`...)
}

func appendJaegerSpan(dst []byte, sp *model.Span, extra []encode.ExtraTag, proc int) []byte {
	dst = append(dst, `{"traceID":`...)
	dst = encode.AppendShortTraceID(dst, sp.TraceID)
	dst = append(dst, `,"spanID":`...)
	dst = encode.AppendQuotedHex(dst, sp.ID[:])
	dst = append(dst, `,"operationName":`...)
	dst = model.AppendJSONString(dst, sp.Name)
	dst = append(dst, `,"references":[`...)
	n := 0
	if !sp.ParentID.IsZero() {
		dst = appendJaegerRef(dst, "CHILD_OF", sp.TraceID, sp.ParentID)
		n++
	}
	for i := range sp.Links {
		l := &sp.Links[i]
		if n > 0 {
			dst = append(dst, ',')
		}
		n++
		typ := "FOLLOWS_FROM"
		if v, ok := l.Attrs.Get(model.RefTypeKey); ok && v.Str() == "child_of" {
			typ = "CHILD_OF"
		}
		dst = appendJaegerRef(dst, typ, l.TraceID, l.SpanID)
	}
	start := encode.Micros(sp.Start)
	dst = append(dst, `],"startTime":`...)
	dst = strconv.AppendInt(dst, start, 10)
	dst = append(dst, `,"duration":`...)
	dst = strconv.AppendInt(dst, max(encode.Micros(sp.End)-start, 0), 10)
	dst = append(dst, `,"tags":[`...)
	for i, a := range sp.Attrs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendJaegerTag(dst, a.Key, a.Value)
	}
	for i, t := range extra {
		if i > 0 || len(sp.Attrs) > 0 {
			dst = append(dst, ',')
		}
		v := model.StringValue(t.Val)
		if t.Flag {
			v = model.BoolValue(true)
		}
		dst = appendJaegerTag(dst, t.Key, v)
	}
	dst = append(dst, `],"logs":[`...)
	for i := range sp.Events {
		e := &sp.Events[i]
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"timestamp":`...)
		dst = strconv.AppendInt(dst, encode.Micros(e.Time), 10)
		dst = append(dst, `,"fields":[`...)
		dst = appendJaegerTag(dst, "event", model.StringValue(e.Name))
		for _, a := range e.Attrs {
			dst = append(dst, ',')
			dst = appendJaegerTag(dst, a.Key, a.Value)
		}
		dst = append(dst, "]}"...)
	}
	dst = append(dst, `],"processID":"p`...)
	dst = strconv.AppendInt(dst, int64(proc), 10)
	return append(dst, `","warnings":null}`...)
}

func appendJaegerRef(dst []byte, typ string, t model.TraceID, s model.SpanID) []byte {
	dst = append(dst, `{"refType":"`...)
	dst = append(dst, typ...)
	dst = append(dst, `","traceID":`...)
	dst = encode.AppendShortTraceID(dst, t)
	dst = append(dst, `,"spanID":`...)
	dst = encode.AppendQuotedHex(dst, s[:])
	return append(dst, '}')
}

// appendJaegerTag appends one {key, type, value} tag. Doubles that JSON
// cannot hold (NaN, ±Inf) become string tags; an empty value is a null.
func appendJaegerTag(dst []byte, key string, v model.Value) []byte {
	dst = append(dst, `{"key":`...)
	dst = model.AppendJSONString(dst, key)
	switch v.Type() {
	case model.TypeInt:
		dst = append(dst, `,"type":"int64","value":`...)
		dst = strconv.AppendInt(dst, v.Int(), 10)
	case model.TypeDouble:
		if f := v.Double(); f-f != 0 {
			dst = append(dst, `,"type":"string","value":`...)
		} else {
			dst = append(dst, `,"type":"float64","value":`...)
		}
		dst = encode.AppendDouble(dst, v.Double())
	case model.TypeBool:
		dst = append(dst, `,"type":"bool","value":`...)
		dst = strconv.AppendBool(dst, v.Bool())
	case model.TypeBytes:
		dst = append(dst, `,"type":"binary","value":`...)
		dst = encode.AppendBase64(dst, v.Bytes())
	case model.TypeEmpty:
		dst = append(dst, `,"type":"string","value":null`...)
	default:
		dst = append(dst, `,"type":"string","value":`...)
		dst = encode.AppendStringTag(dst, v)
	}
	return append(dst, '}')
}

// traceRun is one trace's run in the order slice of groupByTrace.
type traceRun struct{ first, count int }

// groupByTrace returns one run per trace id in order of first appearance
// and the span indices arranged trace by trace, in batch order within each.
func groupByTrace(b *model.Batch) ([]traceRun, []int32) {
	index := map[model.TraceID]int{}
	var runs []traceRun
	tid := make([]int32, len(b.Spans))
	var last model.TraceID
	lastID := -1
	for i := range b.Spans {
		t := b.Spans[i].TraceID
		if lastID < 0 || t != last {
			id, ok := index[t]
			if !ok {
				id = len(runs)
				index[t] = id
				runs = append(runs, traceRun{})
			}
			last, lastID = t, id
		}
		runs[lastID].count++
		tid[i] = int32(lastID)
	}
	slot := make([]int, len(runs))
	next := 0
	for i := range runs {
		runs[i].first = next
		slot[i] = next
		next += runs[i].count
	}
	order := make([]int32, len(b.Spans))
	for i, id := range tid {
		order[slot[id]] = int32(i)
		slot[id]++
	}
	return runs, order
}
