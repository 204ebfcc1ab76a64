package export

import (
	"math"

	"github.com/spanlens/spanlens/core/model"
)

// t0 is 2023-11-14T22:13:20Z in nanoseconds.
const t0 = 1_700_000_000_000_000_000

var (
	trace1 = model.TraceID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	trace2 = model.TraceID{15: 0xaa} // a 64-bit id, as Jaeger and Zipkin write them
)

// sampleBatch has two traces, two resources and two scopes, one span with
// neither, every attribute type, an error with an event and a link,
// Zipkin endpoint attributes, and times with sub-microsecond parts.
func sampleBatch() *model.Batch {
	b := &model.Batch{Format: "test"}
	b.AddResource(model.Resource{Service: "frontend", Attrs: model.Attrs{
		{Key: "service.name", Value: model.StringValue("frontend")},
		{Key: "host.name", Value: model.StringValue("web-1")},
	}})
	b.AddResource(model.Resource{Service: "db-proxy", Attrs: model.Attrs{
		{Key: "telemetry.sdk.language", Value: model.StringValue("go")},
		{Key: "network.local.address", Value: model.StringValue("10.0.3.7")},
	}})
	b.AddScope(model.Scope{Name: "otelhttp", Version: "0.63.0"})
	b.AddScope(model.Scope{Name: "database/sql"})
	b.Spans = []model.Span{
		{
			TraceID: trace1, ID: model.SpanID{7: 1}, Start: t0, End: t0 + 10_000_500,
			Name: "GET /cart", Service: "frontend", Kind: model.KindServer, Resource: 0, Scope: 0,
			Status: model.Status{Code: model.StatusOK},
			Attrs: model.Attrs{
				{Key: "http.request.method", Value: model.StringValue("GET")},
				{Key: "http.response.status_code", Value: model.IntValue(200)},
			},
		},
		{
			TraceID: trace1, ID: model.SpanID{7: 2}, ParentID: model.SpanID{7: 1}, Start: t0 + 1_000_250, End: t0 + 4_000_000,
			Name: "SELECT cart", Service: "db-proxy", Kind: model.KindClient, Resource: 1, Scope: 1,
			Status: model.Status{Code: model.StatusError, Message: "timeout"},
			Attrs: model.Attrs{
				{Key: "db.system.name", Value: model.StringValue("postgresql")},
				{Key: "ratio", Value: model.DoubleValue(0.25)},
				{Key: "whole", Value: model.DoubleValue(2)},
				{Key: "cached", Value: model.BoolValue(false)},
				{Key: "tags", Value: model.ArrayValue(model.StringValue("a"), model.IntValue(-1))},
				{Key: "blob", Value: model.BytesValue([]byte{0xde, 0xad})},
				{Key: "nested", Value: model.MapValue(model.Attr{Key: "k", Value: model.IntValue(1)})},
				{Key: "peer.service", Value: model.StringValue("postgres")},
				{Key: "network.peer.address", Value: model.StringValue("fd00::5")},
				{Key: "network.peer.port", Value: model.IntValue(5432)},
			},
			Events: []model.Event{{Time: t0 + 2_000_000, Name: "exception", Attrs: model.Attrs{
				{Key: "exception.type", Value: model.StringValue("Timeout")},
			}}},
			Links: []model.Link{{TraceID: trace2, SpanID: model.SpanID{7: 0xaa}, Attrs: model.Attrs{
				{Key: model.RefTypeKey, Value: model.StringValue("follows_from")},
			}}},
		},
		{
			TraceID: trace1, ID: model.SpanID{7: 3}, ParentID: model.SpanID{7: 1}, Start: t0 + 5_000_000, End: t0 + 9_000_000,
			Name: "render", Service: "frontend", Kind: model.KindInternal, Resource: 0, Scope: -1,
			Attrs: model.Attrs{{Key: "text", Value: model.StringValue("quote\" slash\\ line\n")}},
		},
		{
			TraceID: trace2, ID: model.SpanID{7: 0xaa}, Start: t0 + 500_000_000, End: t0 + 500_001_999,
			Name: "nightly", Service: "batch-job", Resource: -1, Scope: -1,
			Attrs: model.Attrs{{Key: "score", Value: model.DoubleValue(math.NaN())}},
		},
	}
	return b
}
