package spanlens

import (
	"strings"
	"testing"
)

// A Jaeger query API reply that carries only errors (a trace id it does
// not know, a storage failure) is read as Jaeger and says what Jaeger
// answered, not "unknown trace format"; errors beside spans are warnings.
func TestJaegerErrorReply(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"v1 not found", `{"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":404,"msg":"trace not found"}]}`,
			"ingest: jaeger: the query API answered with no spans: error 404: trace not found"},
		{"v1 two errors", `{"data":[],"errors":[{"code":500,"msg":"storage down"},{"code":404,"msg":"trace not found","traceID":"abc"}]}`,
			"ingest: jaeger: the query API answered with no spans: error 500: storage down; error 404: trace not found (trace abc)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Open([]byte(tc.in), Options{})
			if err == nil || err.Error() != tc.want {
				t.Fatalf("Open: %v\nwant %s", err, tc.want)
			}
		})
	}
	// Neither spans nor errors: an empty document, as the Jaeger export of
	// one is (FuzzRoundTrip found the first version refusing it).
	if d, err := Open([]byte(`{"data":[],"total":0,"limit":0,"offset":0,"errors":null}`), Options{}); err != nil || d.Format() != "jaeger" || d.Len() != 0 {
		t.Errorf("an empty reply opens as %v, %v", d, err)
	}
	d, err := Open([]byte(`{"data":[{"traceID":"1","spans":[{"traceID":"1","spanID":"2","operationName":"x","startTime":1,"duration":1}]}],"errors":[{"code":500,"msg":"partial"}]}`), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var warns []string
	for _, w := range d.Warnings() {
		warns = append(warns, w.Message)
	}
	if got := strings.Join(warns, "\n"); got != "jaeger: query error 500: partial" {
		t.Errorf("warnings %q", got)
	}
}
