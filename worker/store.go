//go:build js && wasm

package main

import (
	"context"
	"fmt"
	"syscall/js"

	"github.com/syumai/workers/cloudflare"
	"github.com/syumai/workers/cloudflare/kv"

	"github.com/spanlens/spanlens/httpapi"
)

// bindStore returns the Store the Worker's bindings give: a KV namespace
// bound as TRACES_KV or an R2 bucket bound as TRACES_R2, or nil for none.
func bindStore(ttl int64) (httpapi.Store, error) {
	hasKV, hasR2 := !cloudflare.GetBinding("TRACES_KV").IsUndefined(), !cloudflare.GetBinding("TRACES_R2").IsUndefined()
	switch {
	case hasKV && hasR2:
		return nil, fmt.Errorf("worker: both TRACES_KV and TRACES_R2 are bound; bind one")
	case hasKV:
		ns, err := kv.NewNamespace("TRACES_KV")
		if err != nil {
			return nil, fmt.Errorf("worker: TRACES_KV: %w", err)
		}
		return &kvStore{ns: ns, raw: cloudflare.GetBinding("TRACES_KV"), ttl: int(ttl)}, nil
	case hasR2:
		return &r2Store{b: cloudflare.GetBinding("TRACES_R2")}, nil
	}
	return nil, nil
}

// kvStore keeps traces in Cloudflare KV.
type kvStore struct {
	ns  *kv.Namespace
	raw js.Value // for get: kv.Namespace.GetString turns a missing key into "<null>"
	ttl int
}

func (s *kvStore) Put(_ context.Context, key string, v []byte) error {
	var o *kv.PutOptions
	if s.ttl > 0 {
		o = &kv.PutOptions{ExpirationTTL: s.ttl}
	}
	return s.ns.PutString(key, string(v), o)
}

func (s *kvStore) Get(_ context.Context, key string) ([]byte, error) {
	v, err := await(s.raw.Call("get", key, map[string]any{"type": "text"}))
	if err != nil || v.IsNull() || v.IsUndefined() {
		return nil, err
	}
	return []byte(v.String()), nil
}

func (s *kvStore) List(_ context.Context, prefix string, limit int) ([]string, error) {
	var keys []string
	cursor := ""
	for len(keys) < limit {
		r, err := s.ns.List(&kv.ListOptions{Prefix: prefix, Limit: min(limit-len(keys), 1000), Cursor: cursor})
		if err != nil {
			return nil, err
		}
		for _, k := range r.Keys {
			keys = append(keys, k.Name)
		}
		if r.ListComplete || r.Cursor == "" {
			break
		}
		cursor = r.Cursor
	}
	return keys, nil
}

// r2Store keeps traces in an R2 bucket, through the binding itself:
// syumai/workers' r2.Bucket.List takes no prefix.
type r2Store struct{ b js.Value }

func (s *r2Store) Put(_ context.Context, key string, v []byte) error {
	_, err := await(s.b.Call("put", key, string(v)))
	return err
}

func (s *r2Store) Get(_ context.Context, key string) ([]byte, error) {
	obj, err := await(s.b.Call("get", key))
	if err != nil || obj.IsNull() || obj.IsUndefined() {
		return nil, err
	}
	t, err := await(obj.Call("text"))
	if err != nil {
		return nil, err
	}
	return []byte(t.String()), nil
}

func (s *r2Store) List(_ context.Context, prefix string, limit int) ([]string, error) {
	var keys []string
	cursor := js.Undefined()
	for len(keys) < limit {
		opts := map[string]any{"prefix": prefix, "limit": min(limit-len(keys), 1000)}
		if !cursor.IsUndefined() {
			opts["cursor"] = cursor
		}
		r, err := await(s.b.Call("list", opts))
		if err != nil {
			return nil, err
		}
		objs := r.Get("objects")
		for i := 0; i < objs.Length(); i++ {
			keys = append(keys, objs.Index(i).Get("key").String())
		}
		if !r.Get("truncated").Truthy() {
			break
		}
		cursor = r.Get("cursor")
	}
	return keys, nil
}
