package otlpproto

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/model"
)

// This file checks the OTLP/protobuf decoder against Go protobuf itself:
// the OTLP messages are described to it at run time (a descriptor, no
// generated code), it encodes agent.txtpb as an SDK would, and it decodes
// any input into a message that pbReference converts to the model the
// simple way. Both decoders must agree. Only tests use this machinery.

// pbSchema is the part of opentelemetry-proto's trace.proto, common.proto,
// resource.proto and trace_service.proto the decoder reads, in one file.
// ResourceSpans leaves out the legacy field 1000, so that Go protobuf keeps
// it as an unknown field; pbReference reads it the way the Collector does.
const pbSchema = `
name: "otlp_test.proto" package: "otlp" syntax: "proto3"
message_type { name: "TracesData"
  field { name: "resource_spans" number: 1 label: LABEL_REPEATED type: TYPE_MESSAGE type_name: ".otlp.ResourceSpans" } }
message_type { name: "ExportTraceServiceRequest"
  field { name: "resource_spans" number: 1 label: LABEL_REPEATED type: TYPE_MESSAGE type_name: ".otlp.ResourceSpans" } }
message_type { name: "ResourceSpans"
  field { name: "resource" number: 1 label: LABEL_OPTIONAL type: TYPE_MESSAGE type_name: ".otlp.Resource" }
  field { name: "scope_spans" number: 2 label: LABEL_REPEATED type: TYPE_MESSAGE type_name: ".otlp.ScopeSpans" }
  field { name: "schema_url" number: 3 label: LABEL_OPTIONAL type: TYPE_STRING } }
message_type { name: "Resource"
  field { name: "attributes" number: 1 label: LABEL_REPEATED type: TYPE_MESSAGE type_name: ".otlp.KeyValue" }
  field { name: "dropped_attributes_count" number: 2 label: LABEL_OPTIONAL type: TYPE_UINT32 } }
message_type { name: "ScopeSpans"
  field { name: "scope" number: 1 label: LABEL_OPTIONAL type: TYPE_MESSAGE type_name: ".otlp.InstrumentationScope" }
  field { name: "spans" number: 2 label: LABEL_REPEATED type: TYPE_MESSAGE type_name: ".otlp.Span" }
  field { name: "schema_url" number: 3 label: LABEL_OPTIONAL type: TYPE_STRING } }
message_type { name: "InstrumentationScope"
  field { name: "name" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
  field { name: "version" number: 2 label: LABEL_OPTIONAL type: TYPE_STRING }
  field { name: "attributes" number: 3 label: LABEL_REPEATED type: TYPE_MESSAGE type_name: ".otlp.KeyValue" }
  field { name: "dropped_attributes_count" number: 4 label: LABEL_OPTIONAL type: TYPE_UINT32 } }
message_type { name: "Span"
  field { name: "trace_id" number: 1 label: LABEL_OPTIONAL type: TYPE_BYTES }
  field { name: "span_id" number: 2 label: LABEL_OPTIONAL type: TYPE_BYTES }
  field { name: "trace_state" number: 3 label: LABEL_OPTIONAL type: TYPE_STRING }
  field { name: "parent_span_id" number: 4 label: LABEL_OPTIONAL type: TYPE_BYTES }
  field { name: "flags" number: 16 label: LABEL_OPTIONAL type: TYPE_FIXED32 }
  field { name: "name" number: 5 label: LABEL_OPTIONAL type: TYPE_STRING }
  field { name: "kind" number: 6 label: LABEL_OPTIONAL type: TYPE_ENUM type_name: ".otlp.Span.SpanKind" }
  field { name: "start_time_unix_nano" number: 7 label: LABEL_OPTIONAL type: TYPE_FIXED64 }
  field { name: "end_time_unix_nano" number: 8 label: LABEL_OPTIONAL type: TYPE_FIXED64 }
  field { name: "attributes" number: 9 label: LABEL_REPEATED type: TYPE_MESSAGE type_name: ".otlp.KeyValue" }
  field { name: "dropped_attributes_count" number: 10 label: LABEL_OPTIONAL type: TYPE_UINT32 }
  field { name: "events" number: 11 label: LABEL_REPEATED type: TYPE_MESSAGE type_name: ".otlp.Span.Event" }
  field { name: "dropped_events_count" number: 12 label: LABEL_OPTIONAL type: TYPE_UINT32 }
  field { name: "links" number: 13 label: LABEL_REPEATED type: TYPE_MESSAGE type_name: ".otlp.Span.Link" }
  field { name: "dropped_links_count" number: 14 label: LABEL_OPTIONAL type: TYPE_UINT32 }
  field { name: "status" number: 15 label: LABEL_OPTIONAL type: TYPE_MESSAGE type_name: ".otlp.Status" }
  nested_type { name: "Event"
    field { name: "time_unix_nano" number: 1 label: LABEL_OPTIONAL type: TYPE_FIXED64 }
    field { name: "name" number: 2 label: LABEL_OPTIONAL type: TYPE_STRING }
    field { name: "attributes" number: 3 label: LABEL_REPEATED type: TYPE_MESSAGE type_name: ".otlp.KeyValue" }
    field { name: "dropped_attributes_count" number: 4 label: LABEL_OPTIONAL type: TYPE_UINT32 } }
  nested_type { name: "Link"
    field { name: "trace_id" number: 1 label: LABEL_OPTIONAL type: TYPE_BYTES }
    field { name: "span_id" number: 2 label: LABEL_OPTIONAL type: TYPE_BYTES }
    field { name: "trace_state" number: 3 label: LABEL_OPTIONAL type: TYPE_STRING }
    field { name: "attributes" number: 4 label: LABEL_REPEATED type: TYPE_MESSAGE type_name: ".otlp.KeyValue" }
    field { name: "dropped_attributes_count" number: 5 label: LABEL_OPTIONAL type: TYPE_UINT32 }
    field { name: "flags" number: 6 label: LABEL_OPTIONAL type: TYPE_FIXED32 } }
  enum_type { name: "SpanKind"
    value { name: "SPAN_KIND_UNSPECIFIED" number: 0 } value { name: "SPAN_KIND_INTERNAL" number: 1 }
    value { name: "SPAN_KIND_SERVER" number: 2 } value { name: "SPAN_KIND_CLIENT" number: 3 }
    value { name: "SPAN_KIND_PRODUCER" number: 4 } value { name: "SPAN_KIND_CONSUMER" number: 5 } } }
message_type { name: "Status"
  field { name: "message" number: 2 label: LABEL_OPTIONAL type: TYPE_STRING }
  field { name: "code" number: 3 label: LABEL_OPTIONAL type: TYPE_ENUM type_name: ".otlp.Status.StatusCode" }
  enum_type { name: "StatusCode"
    value { name: "STATUS_CODE_UNSET" number: 0 } value { name: "STATUS_CODE_OK" number: 1 }
    value { name: "STATUS_CODE_ERROR" number: 2 } } }
message_type { name: "KeyValue"
  field { name: "key" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
  field { name: "value" number: 2 label: LABEL_OPTIONAL type: TYPE_MESSAGE type_name: ".otlp.AnyValue" } }
message_type { name: "AnyValue"
  oneof_decl { name: "value" }
  field { name: "string_value" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING oneof_index: 0 }
  field { name: "bool_value" number: 2 label: LABEL_OPTIONAL type: TYPE_BOOL oneof_index: 0 }
  field { name: "int_value" number: 3 label: LABEL_OPTIONAL type: TYPE_INT64 oneof_index: 0 }
  field { name: "double_value" number: 4 label: LABEL_OPTIONAL type: TYPE_DOUBLE oneof_index: 0 }
  field { name: "array_value" number: 5 label: LABEL_OPTIONAL type: TYPE_MESSAGE type_name: ".otlp.ArrayValue" oneof_index: 0 }
  field { name: "kvlist_value" number: 6 label: LABEL_OPTIONAL type: TYPE_MESSAGE type_name: ".otlp.KeyValueList" oneof_index: 0 }
  field { name: "bytes_value" number: 7 label: LABEL_OPTIONAL type: TYPE_BYTES oneof_index: 0 } }
message_type { name: "ArrayValue"
  field { name: "values" number: 1 label: LABEL_REPEATED type: TYPE_MESSAGE type_name: ".otlp.AnyValue" } }
message_type { name: "KeyValueList"
  field { name: "values" number: 1 label: LABEL_REPEATED type: TYPE_MESSAGE type_name: ".otlp.KeyValue" } }
`

var pbFile = sync.OnceValue(func() protoreflect.FileDescriptor {
	var fdp descriptorpb.FileDescriptorProto
	if err := prototext.Unmarshal([]byte(pbSchema), &fdp); err != nil {
		panic(err)
	}
	fd, err := protodesc.NewFile(&fdp, nil)
	if err != nil {
		panic(err)
	}
	return fd
})

// pbNew returns an empty dynamic message of the named schema type.
func pbNew(name string) *dynamicpb.Message {
	return dynamicpb.NewMessage(pbFile().Messages().ByName(protoreflect.Name(name)))
}

// pbGet returns the value of m's field name.
func pbGet(m protoreflect.Message, name string) protoreflect.Value {
	return m.Get(m.Descriptor().Fields().ByName(protoreflect.Name(name)))
}

func pbHas(m protoreflect.Message, name string) bool {
	return m.Has(m.Descriptor().Fields().ByName(protoreflect.Name(name)))
}

// pbReference converts a decoded TracesData to the model field by field.
func pbReference(m protoreflect.Message) (*model.Batch, error) {
	b := &model.Batch{Format: model.OTLPProto}
	rsl := pbGet(m, "resource_spans").List()
	for i := range rsl.Len() {
		rs := rsl.Get(i).Message()
		res, service := int32(-1), ""
		if pbHas(rs, "resource") {
			attrs := pbRefAttrs(pbGet(rs, "resource").Message(), "attributes")
			service = decode.OTLPServiceName(attrs)
			res = b.AddResource(model.Resource{Service: service, Attrs: attrs})
		}
		var scopeSpans []protoreflect.Message
		for l, j := pbGet(rs, "scope_spans").List(), 0; j < l.Len(); j++ {
			scopeSpans = append(scopeSpans, l.Get(j).Message())
		}
		if len(scopeSpans) == 0 {
			legacy, err := pbLegacyScopeSpans(rs.GetUnknown())
			if err != nil {
				return nil, err
			}
			scopeSpans = legacy
		}
		for _, ss := range scopeSpans {
			scope := int32(-1)
			if pbHas(ss, "scope") {
				sc := pbGet(ss, "scope").Message()
				scope = b.AddScope(model.Scope{
					Name:    pbGet(sc, "name").String(),
					Version: pbGet(sc, "version").String(),
					Attrs:   pbRefAttrs(sc, "attributes"),
				})
			}
			spans := pbGet(ss, "spans").List()
			for k := range spans.Len() {
				s := spans.Get(k).Message()
				sp := model.Span{Service: service, Resource: res, Scope: scope}
				copy(sp.TraceID[:], pbGet(s, "trace_id").Bytes())
				copy(sp.ID[:], pbGet(s, "span_id").Bytes())
				copy(sp.ParentID[:], pbGet(s, "parent_span_id").Bytes())
				sp.Name = pbGet(s, "name").String()
				sp.Kind = decode.OTLPSpanKind(int64(pbGet(s, "kind").Enum()))
				sp.Start = int64(pbGet(s, "start_time_unix_nano").Uint())
				sp.End = int64(pbGet(s, "end_time_unix_nano").Uint())
				sp.Attrs = pbRefAttrs(s, "attributes")
				for evs, e := pbGet(s, "events").List(), 0; e < evs.Len(); e++ {
					ev := evs.Get(e).Message()
					sp.Events = append(sp.Events, model.Event{
						Time:  int64(pbGet(ev, "time_unix_nano").Uint()),
						Name:  pbGet(ev, "name").String(),
						Attrs: pbRefAttrs(ev, "attributes"),
					})
				}
				for ls, e := pbGet(s, "links").List(), 0; e < ls.Len(); e++ {
					l := ls.Get(e).Message()
					var link model.Link
					copy(link.TraceID[:], pbGet(l, "trace_id").Bytes())
					copy(link.SpanID[:], pbGet(l, "span_id").Bytes())
					link.TraceState = pbGet(l, "trace_state").String()
					link.Attrs = pbRefAttrs(l, "attributes")
					sp.Links = append(sp.Links, link)
				}
				st := pbGet(s, "status").Message()
				sp.Status = model.Status{
					Code:    decode.OTLPStatusCode(int64(pbGet(st, "code").Enum())),
					Message: pbGet(st, "message").String(),
				}
				b.Spans = append(b.Spans, sp)
			}
		}
	}
	return b, nil
}

// pbLegacyScopeSpans decodes the fields 1000 among unknown fields.
func pbLegacyScopeSpans(unknown []byte) ([]protoreflect.Message, error) {
	var out []protoreflect.Message
	for len(unknown) > 0 {
		num, typ, n := protowire.ConsumeField(unknown)
		if n < 0 {
			return nil, protowire.ParseError(n)
		}
		if num == 1000 {
			if typ != protowire.BytesType {
				return nil, fmt.Errorf("field 1000 has wire type %d", typ)
			}
			_, _, tn := protowire.ConsumeTag(unknown)
			v, _ := protowire.ConsumeBytes(unknown[tn:])
			ss := pbNew("ScopeSpans")
			if err := proto.Unmarshal(v, ss); err != nil {
				return nil, err
			}
			out = append(out, ss)
		}
		unknown = unknown[n:]
	}
	return out, nil
}

func pbRefAttrs(m protoreflect.Message, field string) model.Attrs {
	var out model.Attrs
	for l, i := pbGet(m, field).List(), 0; i < l.Len(); i++ {
		kv := l.Get(i).Message()
		a := model.Attr{Key: pbGet(kv, "key").String()}
		if pbHas(kv, "value") {
			a.Value = pbRefValue(pbGet(kv, "value").Message())
		}
		out = append(out, a)
	}
	return out
}

func pbRefValue(av protoreflect.Message) model.Value {
	f := av.WhichOneof(av.Descriptor().Oneofs().ByName("value"))
	if f == nil {
		return model.Value{}
	}
	v := av.Get(f)
	switch f.Name() {
	case "string_value":
		return model.StringValue(v.String())
	case "bool_value":
		return model.BoolValue(v.Bool())
	case "int_value":
		return model.IntValue(v.Int())
	case "double_value":
		return model.DoubleValue(v.Float())
	case "bytes_value":
		return model.BytesValue(v.Bytes())
	case "array_value":
		var vs []model.Value
		for l, i := pbGet(v.Message(), "values").List(), 0; i < l.Len(); i++ {
			vs = append(vs, pbRefValue(l.Get(i).Message()))
		}
		return model.ArrayValue(vs...)
	case "kvlist_value":
		return model.MapValue(pbRefAttrs(v.Message(), "values")...)
	}
	panic("unknown AnyValue field " + f.Name())
}

// pbCrossCheck checks that Go protobuf accepts data, which the decoder
// accepted as ours, and that pbReference converts it to the same batch.
func pbCrossCheck(t *testing.T, data []byte, ours *model.Batch) {
	t.Helper()
	m := pbNew("TracesData")
	if err := proto.Unmarshal(data, m); err != nil {
		t.Fatalf("decoded what Go protobuf rejects: %v", err)
	}
	ref, err := pbReference(m)
	if err != nil {
		t.Fatalf("decoded what the reference rejects: %v", err)
	}
	require.Equal(t, pbDump(ref, false), pbDump(ours, false))
}

// TestOTLPProtoCrossCheck has Go protobuf encode agent.txtpb, as both
// TracesData and ExportTraceServiceRequest, and checks that the decoder
// reads the same as from the builder's agent.pb.
func TestOTLPProtoCrossCheck(t *testing.T) {
	text, err := os.ReadFile(filepath.Join(pbDir, "agent.txtpb"))
	require.NoError(t, err)
	want, err := pbDecode(pbAgentSample(), decode.Limits{})
	require.NoError(t, err)

	var encoded [][]byte
	for _, name := range []string{"TracesData", "ExportTraceServiceRequest"} {
		m := pbNew(name)
		require.NoError(t, prototext.Unmarshal(text, m), name)
		data, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
		require.NoError(t, err)
		got, err := pbDecode(data, decode.Limits{})
		require.NoError(t, err, name)
		assert.Equal(t, pbDump(want, true), pbDump(got, true), name)
		assert.True(t, looksLikeOTLPProto(data), name)
		encoded = append(encoded, data)
	}
	assert.Equal(t, encoded[0], encoded[1], "the two messages share a wire form")

	// And the other way: Go protobuf reads the builder's bytes as the
	// decoder does, for the sample and for the unknown-field torture test.
	for _, data := range [][]byte{pbAgentSample(), pbSmall(true)} {
		ours, err := pbDecode(data, decode.Limits{})
		require.NoError(t, err)
		pbCrossCheck(t, data, ours)
	}
}
