package export_test

import (
	"os"

	"github.com/spanlens/spanlens/core/export"
	"github.com/spanlens/spanlens/core/model"
)

func ExampleEncode() {
	b := &model.Batch{Spans: []model.Span{{
		TraceID: model.TraceID{15: 1}, ID: model.SpanID{7: 2},
		Start: 1_000_000, End: 3_500_000, Name: "GET /", Service: "web",
		Kind: model.KindServer, Resource: -1, Scope: -1,
		Attrs: model.Attrs{{Key: "http.response.status_code", Value: model.IntValue(200)}},
	}}}
	if err := export.Encode(os.Stdout, b, export.Zipkin); err != nil {
		panic(err)
	}
	// Output:
	// [{"traceId":"0000000000000001","id":"0000000000000002","kind":"SERVER","name":"GET /","timestamp":1000,"duration":2500,"localEndpoint":{"serviceName":"web"},"tags":{"http.response.status_code":"200"}}]
}
