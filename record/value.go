package record

import (
	"fmt"
	"reflect"
	"slices"
	"time"

	"github.com/spanlens/spanlens/core/model"
)

// toValue converts a Go value to a typed attribute value.
func toValue(v any) model.Value {
	switch x := v.(type) {
	case nil:
		return model.Value{}
	case model.Value:
		return x
	case string:
		return model.StringValue(x)
	case bool:
		return model.BoolValue(x)
	case int:
		return model.IntValue(int64(x))
	case int8:
		return model.IntValue(int64(x))
	case int16:
		return model.IntValue(int64(x))
	case int32:
		return model.IntValue(int64(x))
	case int64:
		return model.IntValue(x)
	case uint8:
		return model.IntValue(int64(x))
	case uint16:
		return model.IntValue(int64(x))
	case uint32:
		return model.IntValue(int64(x))
	case uint:
		return uintValue(uint64(x))
	case uint64:
		return uintValue(x)
	case float32:
		return model.DoubleValue(float64(x))
	case float64:
		return model.DoubleValue(x)
	case []byte:
		return model.BytesValue(x)
	case time.Duration:
		return model.IntValue(int64(x))
	case time.Time:
		return model.StringValue(x.UTC().Format(time.RFC3339Nano))
	case error:
		return model.StringValue(x.Error())
	case fmt.Stringer:
		return model.StringValue(x.String())
	case []string:
		vs := make([]model.Value, len(x))
		for i, s := range x {
			vs[i] = model.StringValue(s)
		}
		return model.ArrayValue(vs...)
	case map[string]any:
		kvs := make([]model.Attr, 0, len(x))
		for _, k := range sortedKeys(x) {
			kvs = append(kvs, model.Attr{Key: k, Value: toValue(x[k])})
		}
		return model.MapValue(kvs...)
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		vs := make([]model.Value, rv.Len())
		for i := range vs {
			vs[i] = toValue(rv.Index(i).Interface())
		}
		return model.ArrayValue(vs...)
	case reflect.Map:
		if rv.Type().Key().Kind() == reflect.String {
			keys := make([]string, 0, rv.Len())
			for _, k := range rv.MapKeys() {
				keys = append(keys, k.String())
			}
			slices.Sort(keys)
			kvs := make([]model.Attr, len(keys))
			for i, k := range keys {
				kvs[i] = model.Attr{Key: k, Value: toValue(rv.MapIndex(reflect.ValueOf(k).Convert(rv.Type().Key())).Interface())}
			}
			return model.MapValue(kvs...)
		}
	case reflect.Pointer:
		if rv.IsNil() {
			return model.Value{}
		}
		return toValue(rv.Elem().Interface())
	}
	return model.StringValue(fmt.Sprintf("%+v", v))
}

// uintValue keeps an unsigned value exact: as an int when it fits, as a
// decimal string otherwise.
func uintValue(u uint64) model.Value {
	if u > 1<<63-1 {
		return model.StringValue(fmt.Sprint(u))
	}
	return model.IntValue(int64(u))
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
