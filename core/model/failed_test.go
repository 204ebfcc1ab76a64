package model

import "testing"

func TestFailed(t *testing.T) {
	exception := []Event{{Name: "exception"}}
	attrs := func(k string, v Value) Attrs { return Attrs{{Key: k, Value: v}} }
	tests := []struct {
		name string
		span Span
		want bool
	}{
		{"unset, nothing", Span{}, false},
		{"error status", Span{Status: Status{Code: StatusError}}, true},
		{"exception event, unset", Span{Events: exception}, true},
		{"exception event, ok wins", Span{Status: Status{Code: StatusOK}, Events: exception}, false},
		{"other event", Span{Events: []Event{{Name: "retry"}}}, false},
		{"http 500 server", Span{Kind: KindServer, Attrs: attrs("http.response.status_code", IntValue(500))}, true},
		{"http 404 server", Span{Kind: KindServer, Attrs: attrs("http.response.status_code", IntValue(404))}, false},
		{"http 404 client", Span{Kind: KindClient, Attrs: attrs("http.response.status_code", IntValue(404))}, true},
		{"http 399 client", Span{Kind: KindClient, Attrs: attrs("http.response.status_code", IntValue(399))}, false},
		{"old http key as string", Span{Attrs: attrs("http.status_code", StringValue("503"))}, true},
		{"http 500, ok status", Span{Status: Status{Code: StatusOK}, Attrs: attrs("http.status_code", IntValue(500))}, false},
		{"grpc NOT_FOUND client", Span{Kind: KindClient, Attrs: attrs("rpc.grpc.status_code", IntValue(5))}, true},
		{"grpc NOT_FOUND server", Span{Kind: KindServer, Attrs: attrs("rpc.grpc.status_code", IntValue(5))}, false},
		{"grpc INTERNAL server", Span{Kind: KindServer, Attrs: attrs("rpc.grpc.status_code", IntValue(13))}, true},
		{"grpc OK client", Span{Kind: KindClient, Attrs: attrs("rpc.grpc.status_code", IntValue(0))}, false},
		// Which code counts when there are several: the current HTTP key
		// before the old one, the first of repeats, and a code that is no
		// integer as if absent.
		{"new http key first", Span{Attrs: Attrs{{Key: "http.status_code", Value: IntValue(500)}, {Key: "http.response.status_code", Value: IntValue(200)}}}, false},
		{"first of repeats", Span{Attrs: Attrs{{Key: "http.response.status_code", Value: IntValue(200)}, {Key: "http.response.status_code", Value: IntValue(500)}}}, false},
		{"unreadable code skipped", Span{Attrs: Attrs{{Key: "http.response.status_code", Value: StringValue("n/a")}, {Key: "http.status_code", Value: StringValue("503")}}}, true},
		{"http before grpc", Span{Kind: KindClient, Attrs: Attrs{{Key: "rpc.grpc.status_code", Value: IntValue(14)}, {Key: "http.status_code", Value: IntValue(200)}}}, false},
		{"http code not a number", Span{Attrs: attrs("http.status_code", StringValue("bad"))}, false},
	}
	for _, tt := range tests {
		if got := tt.span.Failed(); got != tt.want {
			t.Errorf("%s: Failed() = %v; want %v", tt.name, got, tt.want)
		}
	}
}
