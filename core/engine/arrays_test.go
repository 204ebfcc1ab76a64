package engine

import (
	"encoding/binary"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// reqArray is a request array for doArrays: its elements, or a reference
// written as given (to test bad ones).
type reqArray struct {
	name string
	data []int32
	ref  *arrayRef
}

// doArrays sends a request whose arrays are laid out in its payload as a
// transport does: each 8-aligned, little-endian.
func doArrays(t *testing.T, e *Engine, cmd string, h uint32, args map[string]any, arrays ...reqArray) response {
	t.Helper()
	var payload []byte
	var refs []arrayRef
	for _, a := range arrays {
		for len(payload)%8 != 0 {
			payload = append(payload, 0)
		}
		ref := arrayRef{Name: a.name, Type: "i32", Offset: len(payload), Length: len(a.data)}
		for _, v := range a.data {
			payload = binary.LittleEndian.AppendUint32(payload, uint32(v))
		}
		if a.ref != nil {
			ref = *a.ref
		}
		refs = append(refs, ref)
	}
	hdr, err := json.Marshal(map[string]any{"cmd": cmd, "handle": h, "args": args, "arrays": refs})
	require.NoError(t, err)
	frame := e.Handle(appendFrame(nil, hdr, payload), nil)
	n := binary.LittleEndian.Uint32(frame)
	var r response
	require.NoError(t, json.Unmarshal(frame[4:4+n], &r))
	r.data = frame[align8(4+int(n)):]
	return r
}

// TestRequestArrays: a layout's span lists given as request arrays read
// as the same lists in args do (TestCommandLayout's expectations).
func TestRequestArrays(t *testing.T) {
	e := New(Config{})
	h := loadAgree(t, e)
	const ms = 1_000_000
	view := func() map[string]any { return map[string]any{"t0": 0, "t1": 150 * ms, "width": 150, "rows": 10} }

	args := view()
	args["selected"] = 3
	r := doArrays(t, e, "layout", h, args, reqArray{name: "critical", data: []int32{0, 2}}, reqArray{name: "match", data: []int32{4}})
	require.True(t, r.OK, "%+v", r.Error)
	assert.Equal(t, []byte{64 | 4, 1 | 4, 1, 64 | 2, 8}, r.raw(t, "flags", "u8"))

	args = view()
	args["firstRow"], args["rows"] = 1, 2
	r = doArrays(t, e, "layout", h, args, reqArray{name: "collapsed", data: []int32{0}})
	require.True(t, r.OK, "%+v", r.Error)
	assert.Equal(t, []int32{3, 4}, r.i32(t, "span"))

	args = view()
	args["collapsed"] = []int{0}
	both := doArrays(t, e, "layout", h, args, reqArray{name: "collapsed", data: []int32{0}})
	for _, tc := range []struct {
		name string
		r    response
		msg  string
	}{
		{"both", both, `layout: bad args: "collapsed" given in args and as an array`},
		{"unknown", doArrays(t, e, "layout", h, view(), reqArray{name: "folds", data: []int32{0}}), `layout: bad args: unknown array "folds"`},
		{"not a list", doArrays(t, e, "layout", h, view(), reqArray{name: "selected", data: []int32{0}}), `layout: bad args: unknown array "selected"`},
		{"a command without arrays", doArrays(t, e, "summary", h, nil, reqArray{name: "match", data: []int32{0}}), `summary: takes no array arguments (got "match")`},
		{"type", doArrays(t, e, "layout", h, view(), reqArray{name: "match", data: []int32{0}, ref: &arrayRef{Name: "match", Type: "u8", Length: 1}}), `request array "match": type "u8"; requests carry i32 arrays`},
		{"misaligned", doArrays(t, e, "layout", h, view(), reqArray{name: "match", data: []int32{0, 1}, ref: &arrayRef{Name: "match", Type: "i32", Offset: 4, Length: 1}}), `request array "match": offset 4, length 1: want an 8-aligned offset and the array inside the 8-byte payload`},
		{"past the payload", doArrays(t, e, "layout", h, view(), reqArray{name: "match", data: []int32{0}, ref: &arrayRef{Name: "match", Type: "i32", Length: 2}}), `request array "match": offset 0, length 2: want an 8-aligned offset and the array inside the 4-byte payload`},
		{"negative", doArrays(t, e, "layout", h, view(), reqArray{name: "match", ref: &arrayRef{Name: "match", Type: "i32", Length: -1}}), `request array "match": offset 0, length -1: want an 8-aligned offset and the array inside the 0-byte payload`},
		{"twice", doArrays(t, e, "layout", h, view(), reqArray{name: "match", data: []int32{0}}, reqArray{name: "match", data: []int32{1}}), `request array "match" given twice`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.False(t, tc.r.OK)
			assert.Equal(t, "TypeError", tc.r.Error.Kind)
			assert.Equal(t, "spanlens: "+tc.msg, tc.r.Error.Message)
		})
	}
}
