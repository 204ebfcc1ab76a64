package main

import (
	"fmt"
	"io"
	"net"
	"net/http"

	"github.com/spanlens/spanlens/core/engine"
	"github.com/spanlens/spanlens/core/ingest"
)

func init() {
	commands["serve"] = command{
		usage: "",
		help:  "Run the engine natively over HTTP (POST /api, docs/protocol.md) for traces too big for a browser tab.",
		run:   (*cli).serve,
	}
}

func (c *cli) serve(args []string) error {
	addr := c.flags.String("addr", "127.0.0.1:7070", "address to listen on")
	origin := c.flags.String("allow-origin", "*", "Access-Control-Allow-Origin for browser pages on other origins")
	if err := c.flags.Parse(args); err != nil {
		return err
	}
	limits := ingest.Limits{MaxBytes: c.common.maxBytes, MaxSpans: c.common.maxSpans}
	h := apiHandler(engine.New(engine.Config{Limits: limits}), limits.WithDefaults().MaxBytes, *origin)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stderr, "spanlens: engine listening on http://%s/api\n", ln.Addr())
	mux := http.NewServeMux()
	mux.Handle("/api", h)
	return http.Serve(ln, mux)
}

// apiHandler answers protocol frames posted to it. Bodies larger than the
// input limit (plus room for the header) are refused before decoding.
func apiHandler(e *engine.Engine, maxBytes int64, origin string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", origin)
		w.Header().Set("Access-Control-Allow-Headers", "content-type")
		switch r.Method {
		case http.MethodOptions:
			w.WriteHeader(http.StatusNoContent)
			return
		case http.MethodPost:
		default:
			http.Error(w, "POST a spanlens protocol frame (docs/protocol.md)", http.StatusMethodNotAllowed)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBytes+1<<20))
		if err != nil {
			http.Error(w, fmt.Sprintf("spanlens: request body: %v", err), http.StatusRequestEntityTooLarge)
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(e.Handle(body, nil))
	})
}
