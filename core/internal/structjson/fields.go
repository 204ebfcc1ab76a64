package structjson

import (
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/spanlens/spanlens/core/model"
)

// field is one JSON member of a struct type.
type field struct {
	name      string
	key       []byte // the quoted name and a colon, as written
	index     []int  // for reflect.Value.FieldByIndex; more than one through embedded structs
	omitEmpty bool
}

var fieldCache sync.Map // reflect.Type → []field

// fields returns the JSON members of struct type t in the order
// encoding/json writes them, which is the order of this depth-first walk:
// a field's own position, with an embedded struct's fields in its place.
// A name seen at a shallower depth hides the same name deeper down, as
// Go's field promotion does; of two at one depth the first is kept, where
// encoding/json would drop both (no type the protocol sends has such a
// pair).
func fields(t reflect.Type) []field {
	if f, ok := fieldCache.Load(t); ok {
		return f.([]field)
	}
	var out []field
	depth := map[string]int{}
	var walk func(t reflect.Type, index []int)
	walk = func(t reflect.Type, index []int) {
		for i := range t.NumField() {
			sf := t.Field(i)
			tag := sf.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			idx := append(index[:len(index):len(index)], i)
			ft := sf.Type
			if sf.Anonymous && name == "" {
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct {
					walk(ft, idx)
					continue
				}
			}
			if !sf.IsExported() {
				continue
			}
			if name == "" {
				name = sf.Name
			}
			if d, seen := depth[name]; seen {
				if d <= len(idx) {
					continue
				}
				for k := range out {
					if out[k].name == name {
						out = append(out[:k], out[k+1:]...)
						break
					}
				}
			}
			depth[name] = len(idx)
			out = append(out, field{
				name:      name,
				key:       append(model.AppendJSONString(nil, name), ':'),
				index:     idx,
				omitEmpty: slices.Contains(strings.Split(opts, ","), "omitempty"),
			})
		}
	}
	walk(t, nil)
	f, _ := fieldCache.LoadOrStore(t, out)
	return f.([]field)
}

// lookup returns the field of fs named name.
func lookup(fs []field, name []byte) *field {
	for i := range fs {
		if fs[i].name == string(name) {
			return &fs[i]
		}
	}
	return nil
}
