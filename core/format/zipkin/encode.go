package zipkin

import (
	"strconv"

	"github.com/spanlens/spanlens/core/internal/encode"
	"github.com/spanlens/spanlens/core/model"
)

// zipkinKinds maps model kinds to Zipkin's; internal and unspecified spans
// have no kind in Zipkin.
var zipkinKinds = [...]string{model.KindServer: "SERVER", model.KindClient: "CLIENT", model.KindProducer: "PRODUCER", model.KindConsumer: "CONSUMER"}

// encodeZipkin writes b as a Zipkin v2 JSON array of spans, in
// batch order.
//
// Times are whole microseconds (start and end are each rounded down); a
// span without a positive duration has no duration member, as Zipkin
// requires. The kind is upper-case and absent for internal spans. Tags are
// strings: string attributes as they are, bytes as base64, other values as
// their JSON text, so attribute types do not survive.
//
// Endpoints are built from the attributes the Zipkin decoder makes of them
// (current OpenTelemetry names): the localEndpoint from the span's service,
// the resource's network.local.address and the span's network.local.port;
// the remoteEndpoint from peer.service, network.peer.address and
// network.peer.port. Addresses must be IP literals and ports ints, or the
// attribute stays a tag. Other resource attributes are dropped. An error status
// becomes the tags otel.status_code=ERROR and error=<message> (possibly
// empty: any error tag marks an error), an ok status otel.status_code=OK,
// the scope otel.scope.name/version. Events become annotations holding only
// the event name; links are dropped.
func encodeZipkin(s *encode.Sink, b *model.Batch) {
	s.Buf = append(s.Buf, '[')
	var extra []encode.ExtraTag
	for i := range b.Spans {
		if i > 0 {
			s.Buf = append(s.Buf, ',')
		}
		if !s.Next() {
			return
		}
		extra = encode.ExtraTags(extra[:0], b, &b.Spans[i], encode.ZipkinStyle)
		s.Buf = appendZipkinSpan(s.Buf, b, &b.Spans[i], extra)
	}
	s.Buf = append(s.Buf, ']')
}

func appendZipkinSpan(dst []byte, b *model.Batch, sp *model.Span, extra []encode.ExtraTag) []byte {
	dst = append(dst, `{"traceId":`...)
	dst = encode.AppendShortTraceID(dst, sp.TraceID)
	dst = append(dst, `,"id":`...)
	dst = encode.AppendQuotedHex(dst, sp.ID[:])
	if !sp.ParentID.IsZero() {
		dst = append(dst, `,"parentId":`...)
		dst = encode.AppendQuotedHex(dst, sp.ParentID[:])
	}
	if int(sp.Kind) < len(zipkinKinds) && zipkinKinds[sp.Kind] != "" {
		dst = append(dst, `,"kind":"`...)
		dst = append(dst, zipkinKinds[sp.Kind]...)
		dst = append(dst, '"')
	}
	dst = append(dst, `,"name":`...)
	dst = model.AppendJSONString(dst, sp.Name)
	start := encode.Micros(sp.Start)
	dst = append(dst, `,"timestamp":`...)
	dst = strconv.AppendInt(dst, start, 10)
	if d := encode.Micros(sp.End) - start; d > 0 {
		dst = append(dst, `,"duration":`...)
		dst = strconv.AppendInt(dst, d, 10)
	}
	local, remote, skip := zipkinEndpoints(b, sp)
	dst = append(dst, `,"localEndpoint":`...)
	dst = local.appendJSON(dst)
	if remote != (outEndpoint{}) {
		dst = append(dst, `,"remoteEndpoint":`...)
		dst = remote.appendJSON(dst)
	}
	if len(sp.Events) > 0 {
		dst = append(dst, `,"annotations":[`...)
		for i := range sp.Events {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, `{"timestamp":`...)
			dst = strconv.AppendInt(dst, encode.Micros(sp.Events[i].Time), 10)
			dst = append(dst, `,"value":`...)
			dst = model.AppendJSONString(dst, sp.Events[i].Name)
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	if len(sp.Attrs)-skip.count()+len(extra) > 0 {
		dst = append(dst, `,"tags":{`...)
		first := true
		for i, a := range sp.Attrs {
			if skip.has(i) {
				continue
			}
			if !first {
				dst = append(dst, ',')
			}
			first = false
			dst = model.AppendJSONString(dst, a.Key)
			dst = append(dst, ':')
			dst = encode.AppendStringTag(dst, a.Value)
		}
		for _, t := range extra {
			if !first {
				dst = append(dst, ',')
			}
			first = false
			dst = model.AppendJSONString(dst, t.Key)
			dst = append(dst, ':')
			dst = model.AppendJSONString(dst, t.Val)
		}
		dst = append(dst, '}')
	}
	return append(dst, '}')
}

// Attributes the Zipkin decoder makes of endpoints.
const (
	peerServiceKey  = "peer.service"
	peerAddressKey  = "network.peer.address"
	peerPortKey     = "network.peer.port"
	localAddressKey = "network.local.address"
	localPortKey    = "network.local.port"
)

// outEndpoint is a Zipkin endpoint as written; empty fields are not
// written.
type outEndpoint struct {
	service, ipv4, ipv6 string
	port                int64
}

func (e outEndpoint) appendJSON(dst []byte) []byte {
	dst = append(dst, `{"serviceName":`...)
	dst = model.AppendJSONString(dst, e.service)
	if e.ipv4 != "" {
		dst = append(dst, `,"ipv4":`...)
		dst = model.AppendJSONString(dst, e.ipv4)
	}
	if e.ipv6 != "" {
		dst = append(dst, `,"ipv6":`...)
		dst = model.AppendJSONString(dst, e.ipv6)
	}
	if e.port != 0 {
		dst = append(dst, `,"port":`...)
		dst = strconv.AppendInt(dst, e.port, 10)
	}
	return append(dst, '}')
}

// setAddress puts an IP literal into the matching field, and reports
// whether a was one.
func (e *outEndpoint) setAddress(a string) bool {
	switch {
	case isIPv4(a):
		e.ipv4 = a
	case isIPv6(a):
		e.ipv6 = a
	default:
		return false
	}
	return true
}

// attrSet is a set of attribute indexes, small enough for a bit mask; the
// endpoint attributes sit among a span's first 64 in practice, and later
// ones simply stay tags.
type attrSet uint64

func (s *attrSet) add(i int) bool {
	if i >= 64 {
		return false
	}
	*s |= 1 << i
	return true
}

func (s attrSet) has(i int) bool { return i < 64 && s&(1<<i) != 0 }

func (s attrSet) count() int {
	n := 0
	for ; s != 0; s &= s - 1 {
		n++
	}
	return n
}

// zipkinEndpoints returns the span's endpoints and the attributes they
// took, which are not written again as tags.
func zipkinEndpoints(b *model.Batch, sp *model.Span) (local, remote outEndpoint, took attrSet) {
	local.service = sp.Service
	if sp.Resource >= 0 && int(sp.Resource) < len(b.Resources) {
		if v, ok := b.Resources[sp.Resource].Attrs.Get(localAddressKey); ok {
			local.setAddress(v.Str())
		}
	}
	seen := [4]bool{}
	for i, a := range sp.Attrs {
		switch {
		case a.Key == localPortKey && !seen[0] && a.Value.Type() == model.TypeInt && a.Value.Int() != 0:
			if seen[0] = took.add(i); seen[0] {
				local.port = a.Value.Int()
			}
		case a.Key == peerServiceKey && !seen[1] && a.Value.Str() != "":
			if seen[1] = took.add(i); seen[1] {
				remote.service = a.Value.Str()
			}
		case a.Key == peerAddressKey && !seen[2]:
			var e outEndpoint
			if e.setAddress(a.Value.Str()) {
				if seen[2] = took.add(i); seen[2] {
					remote.ipv4, remote.ipv6 = e.ipv4, e.ipv6
				}
			}
		case a.Key == peerPortKey && !seen[3] && a.Value.Type() == model.TypeInt && a.Value.Int() != 0:
			if seen[3] = took.add(i); seen[3] {
				remote.port = a.Value.Int()
			}
		}
	}
	return local, remote, took
}

// isIPv4 reports whether s is a dotted-quad IPv4 address.
func isIPv4(s string) bool {
	parts, n := 0, 0
	digits := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '.' {
			if digits == 0 || n > 255 {
				return false
			}
			parts++
			n, digits = 0, 0
			continue
		}
		c := s[i]
		if c < '0' || c > '9' || digits == 3 {
			return false
		}
		n = n*10 + int(c-'0')
		digits++
	}
	return parts == 4
}

// isIPv6 reports whether s looks like an IPv6 address: hex digits and
// colons (two at least), possibly ending in a dotted IPv4 part.
func isIPv6(s string) bool {
	colons := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ':':
			colons++
		case c == '.':
			j := i
			for j > 0 && s[j-1] != ':' {
				j--
			}
			return colons >= 2 && isIPv4(s[j:])
		case '0' <= c && c <= '9', 'a' <= c && c <= 'f', 'A' <= c && c <= 'F':
		default:
			return false
		}
	}
	return colons >= 2
}
