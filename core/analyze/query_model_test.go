package analyze

import (
	"os"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/export"
	"github.com/spanlens/spanlens/core/ingest"
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/tree"
)

// TestSearchModelFamily: model: matches a span's request and response
// model by the price table's family rule; = and ~ test the names as
// written.
func TestSearchModelFamily(t *testing.T) {
	f := forestOf(
		sp{id: 1, name: "a", end: 10, attrs: attrs("gen_ai.request.model", "gpt-4o", "gen_ai.response.model", "gpt-4o-2024-08-06")},
		sp{id: 2, parent: 1, name: "b", start: 1, end: 9, attrs: attrs("gen_ai.request.model", "openai/gpt-4o")},
		sp{id: 3, parent: 1, name: "c", start: 2, end: 8, attrs: attrs("gen_ai.response.model", "gpt-4o-mini-2024-07-18")},
		sp{id: 4, parent: 1, name: "d", start: 3, end: 7, attrs: attrs("llm.model_name", "GPT-4o-2024-05-13")},
		sp{id: 5, parent: 1, name: "e", start: 4, end: 6, attrs: attrs("gen_ai.request.model", "my-model")},
		sp{id: 6, parent: 1, name: "f", start: 5, end: 5},
	)
	tests := []struct {
		q    string
		want []int32
	}{
		{"model:gpt-4o", []int32{0, 1, 3}},
		{"model:GPT-4O", []int32{0, 1, 3}},
		{"model:gpt-4o-mini", []int32{2}},
		// An entry of its own (a dated price) covers only its own names.
		{"model:gpt-4o-2024-05-13", []int32{3}},
		// Not in the table: the name itself, ignoring case.
		{"model:gpt-4o-2024-08-06", []int32{0}},
		{"model:MY-MODEL", []int32{4}},
		{"model=gpt-4o", []int32{0}},
		{"model!=gpt-4o", []int32{1, 2, 3, 4, 5}},
		{"model~*2024-08-06", []int32{0}},
		{"model:openai/*", []int32{1}},
		{"-model:gpt-4o", []int32{2, 4, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			got, err := Search(f, tt.q)
			require.NoError(t, err)
			if tt.want == nil {
				tt.want = []int32{}
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestSearchModelSamples: the GenAI samples name the request model gpt-4o
// and answer with gpt-4o-2024-08-06; model:gpt-4o finds every span that
// names either, in the sample's own format and re-encoded in each export
// format.
func TestSearchModelSamples(t *testing.T) {
	tests := []struct {
		file string
		want []string // span ids
	}{
		// The agent asks for gpt-4o; its three chat calls answer with the dated model.
		{"otlp-json/genai-agent.json", []string{"c0ffee0000000001", "c0ffee0000000002", "c0ffee0000000004", "c0ffee0000000006"}},
		// Only the coordinator's llm_call uses gpt-4o (the researcher's is Claude).
		{"spanforge/multi_agent.jsonl", []string{"1a2b3c4d5e6f7081"}},
	}
	for _, tt := range tests {
		data, err := os.ReadFile("../../testdata/" + tt.file)
		require.NoError(t, err)
		b, err := ingest.Decode(data, ingest.Options{})
		require.NoError(t, err)
		t.Run(tt.file, func(t *testing.T) {
			assert.Equal(t, tt.want, modelHits(t, b))
		})
		for _, ef := range export.Formats() {
			if ef == export.Chrome { // keeps no span ids
				continue
			}
			t.Run(tt.file+"/"+string(ef), func(t *testing.T) {
				out, err := export.Append(nil, b, ef)
				require.NoError(t, err)
				again, err := ingest.Decode(out, ingest.Options{})
				require.NoError(t, err)
				assert.Equal(t, tt.want, modelHits(t, again))
			})
		}
	}
}

// modelHits returns the sorted ids of b's spans matching model:gpt-4o.
func modelHits(t *testing.T, b *model.Batch) []string {
	f := tree.Build(b, tree.Options{})
	got, err := Search(f, "model:gpt-4o")
	require.NoError(t, err)
	ids := []string{}
	for _, i := range got {
		ids = append(ids, b.Spans[i].ID.String())
	}
	slices.Sort(ids)
	return ids
}
