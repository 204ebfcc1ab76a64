package httpapi

import (
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// Static files: with Config.Static set, GET and HEAD requests for paths
// that are no endpoint are answered from it, behind the same Host and
// Origin gate as the API. The file system is laid out as web/ is (the
// dashboard in dashboard/, the JS package in src/, the module in dist/),
// and / leads to the dashboard. A file with a .br or .gz sibling is sent
// compressed to clients that accept it; a file that exists only
// compressed (a large sample) is sent only to such clients.

// DashboardPath is where / redirects.
const DashboardPath = "/dashboard/"

// staticTypes are the content types the viewer needs exactly; browsers
// refuse to stream-compile a module not sent as application/wasm, and to
// run a module script not sent as JavaScript.
var staticTypes = map[string]string{
	".html":  "text/html; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".mjs":   "text/javascript; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".wasm":  "application/wasm",
	".json":  "application/json",
	".jsonl": "application/x-ndjson",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".ico":   "image/x-icon",
	".txt":   "text/plain; charset=utf-8",
	".md":    "text/plain; charset=utf-8",
	".pb":    "application/x-protobuf",
}

// pageCSP keeps a trace that slipped past the viewer's text-only rendering
// from running script: only the server's own scripts run, plus
// WebAssembly compilation; traces may be fetched from anywhere (?src=).
const pageCSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; connect-src *; worker-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

// serveStatic answers r from Config.Static and reports whether it did;
// when it did not, the caller answers 404 or 405 as for any unknown path.
func (h *Handler) serveStatic(w http.ResponseWriter, r *http.Request) bool {
	fsys := h.cfg.Static
	if fsys == nil || r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	p := path.Clean("/" + r.URL.Path)
	if p == "/" {
		http.Redirect(w, r, DashboardPath, http.StatusFound)
		return true
	}
	name := strings.TrimPrefix(p, "/")
	if st, err := fs.Stat(fsys, name); err == nil && st.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
			return true
		}
		name = path.Join(name, "index.html")
	}
	for _, seg := range strings.Split(name, "/") {
		if strings.HasPrefix(seg, ".") {
			return false
		}
	}
	ext := path.Ext(name)
	ctype, ok := staticTypes[ext]
	if !ok {
		ctype = "application/octet-stream"
	}
	accept := r.Header.Get("Accept-Encoding")
	send, enc := name, ""
	for _, c := range []struct{ ext, enc string }{{".br", "br"}, {".gz", "gzip"}} {
		if acceptsEncoding(accept, c.enc) && exists(fsys, name+c.ext) {
			send, enc = name+c.ext, c.enc
			break
		}
	}
	if enc == "" && !exists(fsys, name) {
		return false
	}
	f, err := fsys.Open(send)
	if err != nil {
		return false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.IsDir() {
		return false
	}
	hd := w.Header()
	hd.Set("Content-Type", ctype)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Add("Vary", "Accept-Encoding")
	// Builds replace these files in place: revalidate every time.
	hd.Set("Cache-Control", "no-cache")
	if enc != "" {
		hd.Set("Content-Encoding", enc)
	}
	if ext == ".html" {
		hd.Set("Content-Security-Policy", pageCSP)
	}
	if rs, ok := f.(io.ReadSeeker); ok {
		http.ServeContent(w, r, "", st.ModTime(), rs)
		return true
	}
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		io.Copy(w, f)
	}
	return true
}

func exists(fsys fs.FS, name string) bool {
	st, err := fs.Stat(fsys, name)
	return err == nil && !st.IsDir()
}

// acceptsEncoding reports whether an Accept-Encoding value takes enc
// (without q=0).
func acceptsEncoding(header, enc string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), enc) {
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}
