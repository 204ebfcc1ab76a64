package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spanlens/spanlens/core/ingest"
	"github.com/spanlens/spanlens/httpapi"
)

// A Worker isolate has 128 MB for everything: the Go heap, the request
// and answer bytes and the decoded trace, which takes several times its
// input. The defaults leave room for MaxDecodes decodes of the largest
// body at once; wrangler.toml [vars] override them.
var vars = []envVar{
	{"MAX_BODY_BYTES", 8 << 20, 1 << 10, 64 << 20, "MaxBodyBytes|Limits.MaxBytes", func(c *httpapi.Config, n int64) {
		// One bound for the body on the wire, after gzip, and for the
		// input of a decode, so one name covers all three.
		c.MaxBodyBytes, c.Limits.MaxBytes = n, n
	}},
	{"MAX_SPANS", 200_000, 1, 2_000_000, "Limits.MaxSpans", func(c *httpapi.Config, n int64) { c.Limits.MaxSpans = int(n) }},
	{"MAX_ATTRS_PER_SPAN", 256, 1, 10_000, "Limits.MaxAttrsPerSpan", func(c *httpapi.Config, n int64) { c.Limits.MaxAttrsPerSpan = int(n) }},
	{"MAX_ATTR_VALUE_BYTES", 64 << 10, 16, 8 << 20, "Limits.MaxAttrValueBytes", func(c *httpapi.Config, n int64) { c.Limits.MaxAttrValueBytes = int(n) }},
	{"MAX_EVENTS_PER_SPAN", 1000, 1, 100_000, "Limits.MaxEventsPerSpan", func(c *httpapi.Config, n int64) { c.Limits.MaxEventsPerSpan = int(n) }},
	{"MAX_DECODES", 2, 1, 16, "MaxDecodes", func(c *httpapi.Config, n int64) { c.MaxDecodes = int(n) }},
	{"MAX_TRACE_CHUNKS", 1024, 1, 100_000, "MaxTraceChunks", func(c *httpapi.Config, n int64) { c.MaxTraceChunks = int(n) }},
	// Cloudflare KV expires keys no sooner than 60 s after writing; 0
	// keeps them. R2 has lifecycle rules instead.
	{"TRACE_TTL_SECONDS", 7 * 24 * 3600, 0, 1 << 31, "", nil},
}

// envVar is one wrangler [vars] entry that sets a number.
type envVar struct {
	name   string
	def    int64
	lo, hi int64
	field  string // the Config fields it sets, as httpapi's messages name them, |-separated
	set    func(c *httpapi.Config, n int64)
}

// limitName names, in a decoder's limit error, the var that raises the
// limit on this Worker, or says that it is fixed here.
func limitName(lf ingest.LimitField) string {
	for _, v := range vars {
		for _, f := range strings.Split(v.field, "|") {
			if f == "Limits."+lf.Name {
				return "the var " + v.name + " (wrangler.toml [vars])"
			}
		}
	}
	return "Limits." + lf.Name + " (fixed on this Worker)"
}

// settings is the Worker's configuration read from its environment.
type settings struct {
	cfg httpapi.Config
	ttl int64 // TRACE_TTL_SECONDS
}

// configFrom reads the Worker's vars through getenv ("" when unset).
func configFrom(getenv func(string) string) (settings, error) {
	s := settings{cfg: httpapi.Config{
		// The platform routes by host, and a deployment's own host
		// (workers.dev or a custom domain) is not known here.
		AllowHosts:  []string{"*"},
		MaxSessions: 8,
		MaxDocs:     4,
	}}
	if v := getenv("ALLOW_HOSTS"); v != "" {
		s.cfg.AllowHosts = list(v)
	}
	s.cfg.AllowOrigins = list(getenv("ALLOW_ORIGINS"))
	s.cfg.LimitName = limitName
	for _, v := range vars {
		n := v.def
		if str := strings.TrimSpace(getenv(v.name)); str != "" {
			var err error
			n, err = strconv.ParseInt(str, 10, 64)
			if err != nil || n < v.lo || n > v.hi {
				return settings{}, fmt.Errorf("worker: var %s=%q: want an integer in %d..%d", v.name, str, v.lo, v.hi)
			}
		}
		if v.set != nil {
			v.set(&s.cfg, n)
		} else {
			s.ttl = n
		}
	}
	if s.ttl > 0 && s.ttl < 60 {
		return settings{}, fmt.Errorf("worker: var TRACE_TTL_SECONDS=%d: KV keeps keys at least 60 s; want 0 (keep) or 60 or more", s.ttl)
	}
	return s, nil
}

// list splits a comma-separated var.
func list(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
