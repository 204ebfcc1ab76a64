package main

import (
	"strings"
	"testing"

	"github.com/spanlens/spanlens/core/ingest"
	"google.golang.org/protobuf/encoding/protowire"
)

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func TestConfigDefaults(t *testing.T) {
	s, err := configFrom(env())
	if err != nil {
		t.Fatal(err)
	}
	c := s.cfg
	if c.MaxBodyBytes != 8<<20 || c.Limits.MaxBytes != 8<<20 || c.Limits.MaxSpans != 200_000 || c.Limits.MaxAttrsPerSpan != 256 ||
		c.Limits.MaxAttrValueBytes != 65536 || c.Limits.MaxEventsPerSpan != 1000 || c.MaxDecodes != 2 || c.MaxTraceChunks != 1024 {
		t.Errorf("defaults %+v", c)
	}
	if len(c.AllowHosts) != 1 || c.AllowHosts[0] != "*" || len(c.AllowOrigins) != 0 || s.ttl != 604800 {
		t.Errorf("hosts %v, origins %v, ttl %d; want [*], none, 604800", c.AllowHosts, c.AllowOrigins, s.ttl)
	}
}

func TestConfigVars(t *testing.T) {
	s, err := configFrom(env("MAX_BODY_BYTES", "1048576", "MAX_SPANS", " 10 ", "ALLOW_ORIGINS", "https://a.example, https://b.example",
		"ALLOW_HOSTS", "spanlens.example.workers.dev", "TRACE_TTL_SECONDS", "0"))
	if err != nil {
		t.Fatal(err)
	}
	c := s.cfg
	if c.MaxBodyBytes != 1<<20 || c.Limits.MaxBytes != 1<<20 || c.Limits.MaxSpans != 10 || s.ttl != 0 ||
		strings.Join(c.AllowOrigins, " ") != "https://a.example https://b.example" || strings.Join(c.AllowHosts, " ") != "spanlens.example.workers.dev" {
		t.Errorf("got %+v ttl %d", c, s.ttl)
	}
	for _, tc := range []struct{ name, val, want string }{
		{"MAX_SPANS", "many", `worker: var MAX_SPANS="many": want an integer in 1..2000000`},
		{"MAX_BODY_BYTES", "999999999", `worker: var MAX_BODY_BYTES="999999999": want an integer in 1024..67108864`},
		{"TRACE_TTL_SECONDS", "30", "worker: var TRACE_TTL_SECONDS=30: KV keeps keys at least 60 s"},
	} {
		if _, err := configFrom(env(tc.name, tc.val)); err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%s=%s: %v; want %q", tc.name, tc.val, err, tc.want)
		}
	}
}

func TestWithHint(t *testing.T) {
	for _, tc := range []struct {
		name, ctype string
		status      int
		body, want  string
	}{
		{"body", "application/json", 413,
			`{"error":{"kind":"LimitError","message":"spanlens: /analyze: request body exceeds 8 bytes; raise --max-body (Config.MaxBodyBytes)"}}` + "\n",
			`{"error":{"kind":"LimitError","message":"spanlens: /analyze: request body exceeds 8 bytes; raise --max-body (Config.MaxBodyBytes); on this Worker set the var MAX_BODY_BYTES in wrangler.toml [vars]"}}` + "\n"},
		// A decoder's limit is named by Config.LimitName (limitName), so
		// the hint adds nothing to it.
		{"spans, OTLP JSON", "application/json", 413,
			`{"code":8,"message":"ingest: otlp-json: input exceeds the var MAX_SPANS (wrangler.toml [vars]) (2); raise the limit to accept it"}`,
			`{"code":8,"message":"ingest: otlp-json: input exceeds the var MAX_SPANS (wrangler.toml [vars]) (2); raise the limit to accept it"}`},
		{"store", "application/json", 501, `{"error":{"kind":"Error","message":"x (Config.Store)"}}`,
			`{"error":{"kind":"Error","message":"x (Config.Store)` + storeHint + `"}}`},
		{"escaped quote first", "application/json", 400, `{"error":{"message":"a \"q\" Limits.MaxAttrsPerSpan"}}`,
			`{"error":{"message":"a \"q\" Limits.MaxAttrsPerSpan; on this Worker set the var MAX_ATTRS_PER_SPAN in wrangler.toml [vars]"}}`},
		{"no limit named", "application/json", 400, `{"error":{"message":"bad"}}`, `{"error":{"message":"bad"}}`},
		{"success untouched", "application/json", 200, `{"message":"Limits.MaxSpans"}`, `{"message":"Limits.MaxSpans"}`},
		{"svg untouched", "image/svg+xml", 500, `<svg/>`, `<svg/>`},
	} {
		if got := string(withHint(tc.status, tc.ctype, []byte(tc.body))); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
	// google.rpc.Status{code: 8, message: …} gains the hint, length and all:
	// 27 bytes of message and 64 of hint make 91, 0x5b.
	var st []byte
	st = protowire.AppendTag(st, 1, protowire.VarintType)
	st = protowire.AppendVarint(st, 8)
	st = protowire.AppendTag(st, 2, protowire.BytesType)
	st = protowire.AppendString(st, "exceeds (Config.MaxDecodes)")
	want := "\x08\x08\x12\x5bexceeds (Config.MaxDecodes); on this Worker set the var MAX_DECODES in wrangler.toml [vars]"
	if got := string(withHint(503, "application/x-protobuf", st)); got != want {
		t.Errorf("protobuf: %q; want %q", got, want)
	}
}

func TestLimitName(t *testing.T) {
	for name, want := range map[string]string{
		"MaxSpans": "the var MAX_SPANS (wrangler.toml [vars])",
		"MaxBytes": "the var MAX_BODY_BYTES (wrangler.toml [vars])",
		"MaxDepth": "Limits.MaxDepth (fixed on this Worker)",
	} {
		lf, _ := ingest.LookupLimit(name)
		if got := limitName(lf); got != want {
			t.Errorf("limitName(%s) = %q; want %q", name, got, want)
		}
	}
}
