package chrome

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/model"
)

// chromeIDTree renders each span, in batch order, as
// "name trace/id <- parent key=value ... +event ...", with chromeTraceID
// shown as "chrome" and thread.id left out.
func chromeIDTree(b *model.Batch) []string {
	var out []string
	for _, sp := range b.Spans {
		trace := sp.TraceID.String()
		if sp.TraceID == chromeTraceID {
			trace = "chrome"
		}
		parent := "-"
		if !sp.ParentID.IsZero() {
			parent = sp.ParentID.String()
		}
		line := fmt.Sprintf("%s %s/%s <- %s", sp.Name, trace, sp.ID, parent)
		for _, a := range sp.Attrs {
			if a.Key != "thread.id" {
				line += " " + a.Key + "=" + a.Value.AsString()
			}
		}
		for _, e := range sp.Events {
			line += " +" + e.Name
		}
		out = append(out, line)
	}
	return out
}

// chromeX is an X event of pid 1; times are microseconds.
func chromeX(name string, ts, dur, tid int, args string) string {
	return fmt.Sprintf(`{"name":%q,"ph":"X","ts":%d,"dur":%d,"pid":1,"tid":%d,"args":{%s}}`, name, ts, dur, tid, args)
}

func TestChromeIDsFromArgs(t *testing.T) {
	const (
		tr  = "0af7651916cd43dd8448eb211c80319c"
		tr2 = "11111111111111111111111111111111"
		a1  = "00000000000000a1"
	)
	ids := func(trace, span, parent string) string {
		s := `"trace_id":"` + trace + `","span_id":"` + span + `"`
		if parent != "" {
			s += `,"parent_span_id":"` + parent + `"`
		}
		return s
	}
	tests := []struct {
		name     string
		events   []string
		tree     []string
		warnings []string
	}{
		{
			name: "ids and parents from args, across threads and overlaps",
			events: []string{
				chromeX("A", 0, 100, 1, ids(tr, a1, "")+`,"k":1`),
				chromeX("B", 10, 50, 1, ids(tr, "00000000000000b2", a1)),
				chromeX("C", 40, 50, 2, ids(tr, "00000000000000c3", a1)),  // another thread: contained in nothing
				chromeX("D", 20, 10, 1, ids(tr2, "00000000000000d4", "")), // inside B in time, but a root of its own trace
				chromeX("E", 50, 60, 1, ids(tr, "00000000000000e5", a1)),  // overlaps B and outlasts A: no warning
			},
			tree: []string{
				"A " + tr + "/" + a1 + " <- - k=1",
				"B " + tr + "/00000000000000b2 <- " + a1,
				"C " + tr + "/00000000000000c3 <- " + a1,
				"D " + tr2 + "/00000000000000d4 <- -",
				"E " + tr + "/00000000000000e5 <- " + a1,
			},
		},
		{
			name: "ids that do not all parse are args",
			events: []string{
				chromeX("P", 0, 100, 1, `"trace_id":"`+tr+`","span_id":"xyz"`),
				chromeX("Q", 10, 10, 1, ids(tr, "0000000000000000", "")),
				chromeX("R", 30, 10, 1, ids("0af7651916cd43dd", a1, "")), // a 64-bit trace id: want 32 digits
				chromeX("S", 50, 10, 1, ids(tr, a1, "nothex")),
				chromeX("V", 70, 10, 1, `"trace_id":5,"span_id":"`+a1+`"`),
				chromeX("W", 90, 5, 1, `"span_id":"`+a1+`"`),
			},
			tree: []string{
				"P chrome/0000000000000001 <- - trace_id=" + tr + " span_id=xyz",
				"Q chrome/0000000000000002 <- 0000000000000001 trace_id=" + tr + " span_id=0000000000000000",
				"R chrome/0000000000000003 <- 0000000000000001 trace_id=0af7651916cd43dd span_id=" + a1,
				"S chrome/0000000000000004 <- 0000000000000001 trace_id=" + tr + " span_id=" + a1 + " parent_span_id=nothex",
				"V chrome/0000000000000005 <- 0000000000000001 trace_id=5 span_id=" + a1,
				"W chrome/0000000000000006 <- 0000000000000001 span_id=" + a1,
			},
		},
		{
			name: "spans without ids join the trace of the span they nest in",
			events: []string{
				chromeX("A", 0, 100, 1, ids(tr, a1, "")+`,"parent_span_id":""`),
				chromeX("child", 10, 20, 1, ""),
				chromeX("grandchild", 12, 5, 1, ""),
				`{"name":"tick","ph":"i","ts":15,"pid":1,"tid":1}`,
				chromeX("later", 200, 10, 1, ""),
			},
			tree: []string{
				"A " + tr + "/" + a1 + " <- -",
				"child " + tr + "/0000000000000002 <- " + a1,
				"grandchild " + tr + "/0000000000000003 <- 0000000000000002 +tick",
				"later chrome/0000000000000004 <- -",
			},
		},
		{
			name: "B events carry ids; the E event's args stay",
			events: []string{
				`{"name":"req","ph":"B","ts":0,"pid":1,"tid":1,"args":{` + ids(tr, a1, "00000000000000ff") + `,"x":"y"}}`,
				`{"name":"req","ph":"E","ts":50,"pid":1,"tid":1,"args":{"span_id":"00000000000000b2","status":"done"}}`,
			},
			tree: []string{
				"req " + tr + "/" + a1 + " <- 00000000000000ff x=y span_id=00000000000000b2 status=done",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := decodeChrome("["+strings.Join(tt.events, ",")+"]", decode.Limits{})
			require.NoError(t, err)
			assert.Equal(t, tt.tree, chromeIDTree(b))
			assert.Equal(t, tt.warnings, chromeWarnings(b))
		})
	}
}

// Id args that do not give a span its ids (incomplete ones, escaped ones,
// those of events other than X and B) stay attributes, copied: the batch
// keeps nothing of the input, whatever clears it after the decode.
func TestChromeIDArgsStayingAreCopied(t *testing.T) {
	const tr, a1 = "0af7651916cd43dd8448eb211c80319c", "00000000000000a1"
	data := "[" + strings.Join([]string{
		chromeX("whole", 0, 100, 1, `"trace_id":"`+tr+`","span_id":"`+a1+`","k":1`),
		chromeX("no-span-id", 0, 50, 2, `"trace_id":"`+tr+`"`),
		chromeX("escaped", 0, 50, 3, `"trace_id":"\u0030af7651916cd43dd8448eb211c80319c"`),
		`{"name":"B-open","ph":"B","ts":10,"pid":1,"tid":4,"args":{"span_id":"` + a1 + `"}}`,
		`{"name":"B-open","ph":"E","ts":20,"pid":1,"tid":4,"args":{"parent_span_id":"` + a1 + `"}}`,
		`{"name":"mark","ph":"i","ts":5,"pid":1,"tid":1,"args":{"trace_id":"` + tr + `"}}`,
		`{"name":"mark2","ph":"n","ts":5,"pid":1,"tid":1,"cat":"c","id":"7","args":{"span_id":"` + a1 + `"}}`,
	}, ",") + "]"
	input := []byte(data)
	b, err := testDecode(input, decode.Options{Format: model.Chrome})
	require.NoError(t, err)
	clear(input)
	want := []string{
		"whole " + tr + "/" + a1 + " <- - k=1 +mark",
		"no-span-id chrome/0000000000000002 <- - trace_id=" + tr,
		"escaped chrome/0000000000000003 <- - trace_id=" + tr,
		"B-open chrome/0000000000000004 <- - span_id=" + a1 + " parent_span_id=" + a1,
		"mark2 chrome/0000000000000005 <- - chrome.category=c chrome.id=7 span_id=" + a1,
	}
	assert.Equal(t, want, chromeIDTree(b))
	var events []string
	for _, sp := range b.Spans {
		for _, e := range sp.Events {
			for _, a := range e.Attrs {
				events = append(events, e.Name+" "+a.Key+"="+a.Value.AsString())
			}
		}
	}
	assert.Equal(t, []string{"mark trace_id=" + tr}, events)
}
