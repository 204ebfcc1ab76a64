package analyze

import (
	"encoding/binary"

	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/tree"
)

// sp describes a test span compactly; ids are small integers, parent 0
// means a root, trace 0 means trace 1.
type sp struct {
	id, parent int
	svc, name  string
	start, end int64
	kind       model.SpanKind
	status     model.StatusCode
	attrs      model.Attrs
	events     []model.Event
	trace      byte
}

func spanID(n int) model.SpanID {
	var id model.SpanID
	if n > 0 {
		binary.BigEndian.PutUint64(id[:], uint64(n))
	}
	return id
}

func traceID(n byte) model.TraceID {
	if n == 0 {
		n = 1
	}
	var t model.TraceID
	t[15] = n
	return t
}

// batchOf builds a batch whose span i is spans[i].
func batchOf(spans ...sp) *model.Batch {
	b := &model.Batch{Format: "test"}
	for _, s := range spans {
		b.Spans = append(b.Spans, model.Span{
			TraceID: traceID(s.trace), ID: spanID(s.id), ParentID: spanID(s.parent),
			Start: s.start, End: s.end, Name: s.name, Service: s.svc, Kind: s.kind,
			Status: model.Status{Code: s.status}, Resource: -1, Scope: -1,
			Attrs: s.attrs, Events: s.events,
		})
	}
	return b
}

func forestOf(spans ...sp) *tree.Forest {
	return tree.Build(batchOf(spans...), tree.Options{})
}

// chain is a trace of n spans, each the only child of the previous one and
// nested strictly inside it: span k runs [k, 2n-k].
func chain(n int) *tree.Forest {
	b := &model.Batch{Format: "test", Spans: make([]model.Span, n)}
	for k := range n {
		b.Spans[k] = model.Span{
			TraceID: traceID(1), ID: spanID(k + 1), ParentID: spanID(k),
			Start: int64(k), End: int64(2*n - k), Name: "step", Service: "svc",
			Resource: -1, Scope: -1,
		}
	}
	return tree.Build(b, tree.Options{})
}

func attrs(kv ...any) model.Attrs {
	var a model.Attrs
	for i := 0; i < len(kv); i += 2 {
		var v model.Value
		switch x := kv[i+1].(type) {
		case string:
			v = model.StringValue(x)
		case int:
			v = model.IntValue(int64(x))
		case float64:
			v = model.DoubleValue(x)
		case bool:
			v = model.BoolValue(x)
		}
		a = append(a, model.Attr{Key: kv[i].(string), Value: v})
	}
	return a
}
