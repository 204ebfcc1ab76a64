package export

import (
	"strconv"

	"github.com/spanlens/spanlens/core/model"
)

// zipkinKinds maps model kinds to Zipkin's; internal and unspecified spans
// have no kind in Zipkin.
var zipkinKinds = [...]string{model.KindServer: "SERVER", model.KindClient: "CLIENT", model.KindProducer: "PRODUCER", model.KindConsumer: "CONSUMER"}

// AppendZipkin appends b to dst as a Zipkin v2 JSON array of spans, in
// batch order.
//
// Times are whole microseconds (start and end are each rounded down); a
// span without a positive duration has no duration member, as Zipkin
// requires. The kind is upper-case and absent for internal spans. Tags are
// strings: string attributes as they are, bytes as base64, other values as
// their JSON text, so attribute types do not survive. The span's service is
// its localEndpoint; other resource attributes are dropped. An error status
// becomes the tags otel.status_code=ERROR and error=<message> (possibly
// empty: any error tag marks an error), an ok status otel.status_code=OK,
// the scope otel.scope.name/version. Events become annotations holding only
// the event name; links are dropped.
func AppendZipkin(dst []byte, b *model.Batch) []byte {
	dst = append(dst, '[')
	var extra []extraTag
	for i := range b.Spans {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = reserve(dst, spanRoom)
		extra = extraTags(extra[:0], b, &b.Spans[i], false, true)
		dst = appendZipkinSpan(dst, &b.Spans[i], extra)
	}
	return append(dst, ']')
}

func appendZipkinSpan(dst []byte, sp *model.Span, extra []extraTag) []byte {
	dst = append(dst, `{"traceId":`...)
	dst = appendShortTraceID(dst, sp.TraceID)
	dst = append(dst, `,"id":`...)
	dst = appendQuotedHex(dst, sp.ID[:])
	if !sp.ParentID.IsZero() {
		dst = append(dst, `,"parentId":`...)
		dst = appendQuotedHex(dst, sp.ParentID[:])
	}
	if int(sp.Kind) < len(zipkinKinds) && zipkinKinds[sp.Kind] != "" {
		dst = append(dst, `,"kind":"`...)
		dst = append(dst, zipkinKinds[sp.Kind]...)
		dst = append(dst, '"')
	}
	dst = append(dst, `,"name":`...)
	dst = model.AppendJSONString(dst, sp.Name)
	start := micros(sp.Start)
	dst = append(dst, `,"timestamp":`...)
	dst = strconv.AppendInt(dst, start, 10)
	if d := micros(sp.End) - start; d > 0 {
		dst = append(dst, `,"duration":`...)
		dst = strconv.AppendInt(dst, d, 10)
	}
	dst = append(dst, `,"localEndpoint":{"serviceName":`...)
	dst = model.AppendJSONString(dst, sp.Service)
	dst = append(dst, '}')
	if len(sp.Events) > 0 {
		dst = append(dst, `,"annotations":[`...)
		for i := range sp.Events {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, `{"timestamp":`...)
			dst = strconv.AppendInt(dst, micros(sp.Events[i].Time), 10)
			dst = append(dst, `,"value":`...)
			dst = model.AppendJSONString(dst, sp.Events[i].Name)
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	if len(sp.Attrs)+len(extra) > 0 {
		dst = append(dst, `,"tags":{`...)
		for i, a := range sp.Attrs {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = model.AppendJSONString(dst, a.Key)
			dst = append(dst, ':')
			dst = appendStringTag(dst, a.Value)
		}
		for i, t := range extra {
			if i > 0 || len(sp.Attrs) > 0 {
				dst = append(dst, ',')
			}
			dst = model.AppendJSONString(dst, t.key)
			dst = append(dst, ':')
			dst = model.AppendJSONString(dst, t.val)
		}
		dst = append(dst, '}')
	}
	return append(dst, '}')
}
