package zipkin

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/internal/decode/decodetest"
	"github.com/spanlens/spanlens/core/model"
)

// TestZipkinIncompleteClientFolds decodes a real zipkin-js 0.22 run
// (testdata/zipkin/incomplete_client.json): the server half of 06e3… was
// written whole, and the client's late ClientRecv became a CLIENT piece
// with only a "finish" annotation. It folds into the server half (issue 13
// item 1) instead of standing between it and its parent as a nameless,
// service-less, 0-length span.
func TestZipkinIncompleteClientFolds(t *testing.T) {
	b, err := testDecode(decodetest.Sample(t, samples, "zipkin", "incomplete_client.json"), decode.Options{})
	require.NoError(t, err)
	require.Equal(t, string(model.Zipkin), string(b.Format))
	require.Len(t, b.Spans, 3)
	assert.Empty(t, b.Warnings)

	sp := &b.Spans[1]
	assert.Equal(t, "06e3450b4ebdafdc", sp.ID.String())
	assert.Equal(t, "cb4fdc2164061f70", sp.ParentID.String())
	assert.Equal(t, "get /api", sp.Name)
	assert.Equal(t, "backend", sp.Service)
	assert.Equal(t, model.KindServer, sp.Kind)
	assert.Equal(t, int64(1796153996608416000), sp.Start)
	assert.Equal(t, int64(1796153996608416000+4833000), sp.End)
	assert.Equal(t, []model.Event{{Time: 1796153996615505000, Name: "finish"}}, sp.Events)

	assert.Equal(t, "format-date", b.Spans[0].Name)
	assert.Equal(t, sp.ID, b.Spans[0].ParentID, "the local span stays under the server half")
	assert.Equal(t, "get /", b.Spans[2].Name)
}

func TestZipkinHalves(t *testing.T) {
	tests := []struct {
		name  string
		doc   string
		want  []string // id/parent/service/name/start-end of each span
		warns int
	}{
		{
			name: "client with only an annotation folds into the server, which wins",
			doc: zdoc(
				zspan(`"id":"02","parentId":"01","kind":"SERVER","name":"srv","timestamp":10,"duration":5,"localEndpoint":{"serviceName":"b"}`),
				zspan(`"id":"02","parentId":"01","kind":"CLIENT","annotations":[{"timestamp":20,"value":"finish"}]`)),
			want: []string{"02/01/b/srv/10000-15000"},
		},
		{
			name: "server with no timestamp folds into the client",
			doc: zdoc(
				zspan(`"id":"02","kind":"CLIENT","name":"call","timestamp":10,"duration":9,"localEndpoint":{"serviceName":"a"}`),
				zspan(`"id":"02","kind":"SERVER","shared":true,"name":"srv","localEndpoint":{"serviceName":"b"}`)),
			want: []string{"02/-/a/call/10000-19000"},
		},
		{
			name: "two complete halves stay two spans",
			doc: zdoc(
				zspan(`"id":"02","kind":"CLIENT","name":"call","timestamp":10,"duration":9,"localEndpoint":{"serviceName":"a"}`),
				zspan(`"id":"02","kind":"SERVER","shared":true,"name":"srv","timestamp":12,"duration":5,"localEndpoint":{"serviceName":"b"}`)),
			want: []string{"02/-/a/call/10000-19000", zipkinServerID("02", "").String() + "/02/b/srv/12000-17000"},
		},
		{
			name: "a piece with no service takes the service of the span it joins",
			doc: zdoc(
				zspan(`"id":"02","kind":"CLIENT","annotations":[{"timestamp":20,"value":"finish"}]`),
				zspan(`"id":"02","kind":"SERVER","name":"srv","timestamp":10,"duration":5,"localEndpoint":{"serviceName":"b"}`)),
			want: []string{"02/-/b/srv/10000-15000"},
		},
		{
			name: "neither half complete: one span, times from annotations",
			doc: zdoc(
				zspan(`"id":"02","kind":"CLIENT","annotations":[{"timestamp":20,"value":"finish"}]`),
				zspan(`"id":"02","kind":"SERVER","annotations":[{"timestamp":15,"value":"ss"}],"localEndpoint":{"serviceName":"b"}`)),
			want:  []string{"02/-/b//15000-20000"},
			warns: 1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := testDecode([]byte(tc.doc), decode.Options{Format: model.Zipkin})
			require.NoError(t, err)
			var got []string
			for _, sp := range b.Spans {
				parent := "-"
				if !sp.ParentID.IsZero() {
					parent = shortID(sp.ParentID)
				}
				got = append(got, fmt.Sprintf("%s/%s/%s/%s/%d-%d", shortID(sp.ID), parent, sp.Service, sp.Name, sp.Start, sp.End))
			}
			assert.Equal(t, tc.want, got)
			assert.Len(t, b.Warnings, tc.warns)
		})
	}
}

// shortID writes the ids of these tests ("02") as they are written.
func shortID(id model.SpanID) string {
	if s, ok := strings.CutPrefix(id.String(), "00000000000000"); ok {
		return s
	}
	return id.String()
}

// TestZipkinRepeatsMergeAsRead checks that what a decode holds grows with
// distinct spans, not records (issue 9: 2M copies of one 24-byte record,
// 50 MB, took 2.7 GB): 100,000 copies are one piece, their annotations
// one event, and the arenas hold one record's worth.
func TestZipkinRepeatsMergeAsRead(t *testing.T) {
	rec := `{"traceId":"1","id":"1","tags":{"k":"v"},"annotations":[{"timestamp":1,"value":"a"}]}`
	data := []byte("[" + strings.Repeat(rec+",", 99_999) + rec + "]")
	d := newZipkinDec(data, decode.Options{})
	require.NoError(t, d.read())
	assert.Equal(t, 100_000, d.records)
	require.Len(t, d.spans, 1)
	assert.Len(t, d.spans[0].Events, 1)
	assert.Len(t, d.spans[0].Attrs, 1)
	assert.LessOrEqual(t, len(d.attrs.Buf)+len(d.events.Buf), 2)

	_, err := testDecode(data, decode.Options{Format: model.Zipkin, Limits: decode.Limits{MaxSpans: 99_999}})
	assert.EqualError(t, err, "ingest: zipkin: input exceeds Limits.MaxSpans (99999); raise the limit to accept it",
		"every record counts against MaxSpans, merged or not")
}
