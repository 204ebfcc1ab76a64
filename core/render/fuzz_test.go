package render

import (
	"testing"

	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/synth"
	"github.com/spanlens/spanlens/core/tree"
)

// FuzzText renders a small synthetic forest, one span of which gets a
// fuzzed name, service, status message, model and times, as a tree and a
// timeline: the output must be valid UTF-8 with no control character, C1
// or bidi override other than newlines and this package's own colours.
func FuzzText(f *testing.F) {
	f.Add(int64(1), uint8(10), "chat", "llm", "", "gpt-4o", int64(0), int64(0), false, false, 100)
	f.Add(int64(2), uint8(5), "\x1b]52;c;aGk=\x07", "\x1b]0;owned\x07", "boom\x1b[2J\n\r", "m\u202e\u2066", int64(1), int64(9223372036854775807), true, false, 40)
	f.Add(int64(3), uint8(5), "\u009b31m\x7f\xff\xc3", "\u202a", "\x00", "\x9b", int64(-9223372036854775808), int64(9223372036854775807), true, true, 1<<30)
	f.Fuzz(func(t *testing.T, seed int64, n uint8, name, service, msg, mdl string, start, end int64, color, ascii bool, width int) {
		b := synth.Generate(synth.Config{Seed: seed, Spans: int(n%32) + 1, Shape: synth.AgentLoop, ErrorEvery: 2, Start: 1})
		sp := &b.Spans[int(n)%len(b.Spans)]
		sp.Name, sp.Service = name, service
		sp.Status = model.Status{Code: model.StatusError, Message: msg}
		sp.Attrs = append(sp.Attrs, model.Attr{Key: "gen_ai.request.model", Value: model.StringValue(mdl)},
			model.Attr{Key: "gen_ai.usage.input_tokens", Value: model.IntValue(7)})
		if start != 0 || end != 0 {
			sp.Start, sp.End = start, end
		}
		forest := tree.Build(b, tree.Options{})
		opts := Options{Color: color, ASCII: ascii, Width: width}
		assertInert(t, Tree(nil, forest, opts), color)
		assertInert(t, Timeline(nil, forest, opts), color)
	})
}
