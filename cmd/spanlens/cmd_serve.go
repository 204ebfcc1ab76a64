package main

import (
	"fmt"
	"io/fs"
	"net"
	"os"
	"strings"

	"github.com/spanlens/spanlens/httpapi"
	"github.com/spanlens/spanlens/web"
)

func init() {
	commands["serve"] = command{
		flags: limitFlags,
		usage: "",
		help: "Run the engine natively over HTTP (POST /api, docs/protocol.md) for traces too big for a browser tab.\n" +
			"Beside it, stateless endpoints take a trace as the body: POST /analyze, /render.svg, /convert?to=FORMAT\n" +
			"and /v1/traces (an OTLP/HTTP receiver that validates and answers).\n" +
			"It answers only Host values naming its address (add more with --allow-host) and pages from its own\n" +
			"origin (add more with --allow-origin); each client's documents live in its own session.\n" +
			"At / it serves the dashboard and viewer (the copy built into the binary, or --static DIR).",
		run: (*cli).serve,
	}
}

// listFlag is a repeatable flag that also takes comma-separated values.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

func (c *cli) serve(args []string) error {
	d := httpapi.Defaults
	var cfg httpapi.Config
	fs := c.flags
	addr := fs.String("addr", "127.0.0.1:7070", "address to listen on (loopback by default; port 0 picks a free one)")
	fs.Var((*listFlag)(&cfg.AllowHosts), "allow-host", "also accept this Host header (repeatable or comma list; * for any)")
	fs.Var((*listFlag)(&cfg.AllowOrigins), "allow-origin", "let pages from this origin (scheme://host:port) call the server cross-origin (repeatable or comma list)")
	fs.Int64Var(&cfg.MaxBodyBytes, "max-body", 0, "refuse request bodies (and gzip bodies once decompressed) larger than this many bytes (default --max-bytes plus 1 MiB)")
	fs.IntVar(&cfg.MaxDecodes, "max-decodes", d.MaxDecodes, "decodes running at once across all clients; more are refused with 503")
	fs.IntVar(&cfg.MaxDocs, "max-docs", d.MaxDocs, "documents one client session may hold at once")
	fs.IntVar(&cfg.MaxSessions, "max-sessions", d.MaxSessions, "client sessions open at once")
	fs.DurationVar(&cfg.SessionIdle, "session-idle", d.SessionIdle, "drop a session (and its documents) unused for this long")
	fs.DurationVar(&cfg.ReadHeaderTimeout, "read-header-timeout", d.ReadHeaderTimeout, "time a client has to send a request's headers")
	fs.DurationVar(&cfg.ReadTimeout, "read-timeout", d.ReadTimeout, "time a client has to send a whole request")
	fs.DurationVar(&cfg.WriteTimeout, "write-timeout", d.WriteTimeout, "time from a request's headers to the end of its answer")
	fs.DurationVar(&cfg.IdleTimeout, "idle-timeout", d.IdleTimeout, "close keep-alive connections idle this long")
	static := fs.String("static", "", "serve the dashboard and viewer from this directory, laid out as web/ (default: the copy built into the binary; none: serve no files)")
	if err := c.parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("serve takes no arguments, got %q", fs.Args())
	}
	cfg.Limits = c.common.limits
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	cfg.Addr = ln.Addr().String()
	cfg.Static, err = staticFiles(*static)
	if err != nil {
		ln.Close()
		return err
	}
	if cfg.Static != nil {
		fmt.Fprintf(c.stderr, "spanlens: dashboard at http://%s/\n", ln.Addr())
	} else if *static == "" {
		fmt.Fprintf(c.stderr, "spanlens: no dashboard: %v (or pass --static web)\n", web.Built())
	}
	fmt.Fprintf(c.stderr, "spanlens: engine listening on http://%s/api\n", ln.Addr())
	return httpapi.NewServer(httpapi.New(cfg)).Serve(ln)
}

// staticFiles picks what `serve` answers GET requests with: a directory,
// none, or by default the files built into the binary (nil when they lack
// the module).
func staticFiles(dir string) (fs.FS, error) {
	switch dir {
	case "none":
		return nil, nil
	case "":
		if web.Built() != nil {
			return nil, nil
		}
		return web.FS(), nil
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, usagef("--static %s: want a directory laid out as web/ (dashboard/, src/, dist/)", dir)
	}
	return os.DirFS(dir), nil
}
