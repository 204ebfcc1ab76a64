package httpapi

import (
	"io/fs"
	"time"

	"github.com/spanlens/spanlens/core/ingest"
)

// Config holds every number and list the server applies. A zero field means
// its default (see Defaults); the flags of `spanlens serve` map one to one.
type Config struct {
	// Addr is the address the listener is bound to (host:port, after
	// net.Listen so that port 0 is resolved). Host headers naming it are
	// accepted; for a loopback or unspecified address that is
	// 127.0.0.1:PORT, localhost:PORT and [::1]:PORT.
	Addr string
	// AllowHosts are further Host header values to accept (--allow-host),
	// such as a name a reverse proxy forwards. "*" accepts any, for a
	// platform that routes by host itself (a Cloudflare Worker).
	AllowHosts []string
	// AllowOrigins are the origins (scheme://host[:port]) whose pages may
	// call the server cross-origin (--allow-origin); none by default.
	AllowOrigins []string

	// Limits apply to every decode; a request may lower them, not raise
	// them (--max-bytes, --max-spans, and a flag for each limit).
	Limits ingest.Limits
	// LimitName says how an operator raises a limit, for the 413 answer
	// of a request over it; default: the flag of `spanlens serve`
	// ("--max-spans"). A Worker names its variable instead.
	LimitName func(ingest.LimitField) string
	// MaxBodyBytes bounds a request body, and a gzip body once
	// decompressed (--max-body; default Limits.MaxBytes plus 1 MiB for
	// the frame header).
	MaxBodyBytes int64
	// MaxDecodes bounds the decodes running at once across all clients
	// (--max-decodes); further ones are answered 503.
	MaxDecodes int
	// MaxDocs bounds the documents one session holds at once (--max-docs).
	MaxDocs int
	// MaxSessions bounds the sessions alive at once (--max-sessions).
	MaxSessions int
	// SessionIdle is how long a session may go unused before it and its
	// documents are dropped (--session-idle).
	SessionIdle time.Duration

	// Store, if set, keeps what POST /v1/traces accepts for
	// GET /traces/{id} (see store.go); without it that route answers 501.
	Store Store
	// MaxTraceChunks bounds the exports one stored trace is read back
	// from (default 1024).
	MaxTraceChunks int
	// Static, if set, serves GET requests for paths that are no endpoint
	// from these files, laid out as web/ is (static.go); nil serves none.
	Static fs.FS

	// The http.Server timeouts (--read-header-timeout, --read-timeout,
	// --write-timeout, --idle-timeout); see NewServer.
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
}

// Defaults are the values zero fields of a Config take.
var Defaults = Config{
	MaxBodyBytes:      ingest.DefaultLimits.MaxBytes + frameRoom,
	MaxDecodes:        2,
	MaxDocs:           64,
	MaxSessions:       32,
	MaxTraceChunks:    1024,
	SessionIdle:       30 * time.Minute,
	ReadHeaderTimeout: 10 * time.Second,
	ReadTimeout:       2 * time.Minute,
	WriteTimeout:      5 * time.Minute,
	IdleTimeout:       2 * time.Minute,
}

// frameRoom is what a protocol frame may add to the trace it carries.
const frameRoom = 1 << 20

// withDefaults fills zero fields from Defaults.
func (c Config) withDefaults() Config {
	d := Defaults
	c.Limits = c.Limits.WithDefaults()
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = c.Limits.MaxBytes + frameRoom
	}
	setInt(&c.MaxDecodes, d.MaxDecodes)
	setInt(&c.MaxDocs, d.MaxDocs)
	setInt(&c.MaxSessions, d.MaxSessions)
	setInt(&c.MaxTraceChunks, d.MaxTraceChunks)
	setDur(&c.SessionIdle, d.SessionIdle)
	setDur(&c.ReadHeaderTimeout, d.ReadHeaderTimeout)
	setDur(&c.ReadTimeout, d.ReadTimeout)
	setDur(&c.WriteTimeout, d.WriteTimeout)
	setDur(&c.IdleTimeout, d.IdleTimeout)
	return c
}

func setInt(p *int, d int) {
	if *p <= 0 {
		*p = d
	}
}

func setDur(p *time.Duration, d time.Duration) {
	if *p <= 0 {
		*p = d
	}
}
