package httpapi

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func staticHandler() *Handler {
	return New(Config{Addr: testAddr, Static: fstest.MapFS{
		"dashboard/index.html":           {Data: []byte("<!doctype html>dash")},
		"dist/spanlens.wasm":             {Data: []byte("\x00asm-raw")},
		"dist/spanlens.wasm.br":          {Data: []byte("br-bytes")},
		"dist/spanlens.wasm.gz":          {Data: []byte("gz-bytes")},
		"src/index.js":                   {Data: []byte("export {}")},
		"dist/samples/big.json.gz":       {Data: []byte("gz-only")},
		"dist/.secret":                   {Data: []byte("no")},
		"dist/samples/multi_agent.jsonl": {Data: []byte("{}\n")},
	}})
}

func TestStaticTypesAndEncodings(t *testing.T) {
	h := staticHandler()
	for _, c := range []struct {
		path, accept, ctype, enc, body string
	}{
		{"/dist/spanlens.wasm", "gzip, deflate, br", "application/wasm", "br", "br-bytes"},
		{"/dist/spanlens.wasm", "gzip", "application/wasm", "gzip", "gz-bytes"},
		{"/dist/spanlens.wasm", "br;q=0, gzip", "application/wasm", "gzip", "gz-bytes"},
		{"/dist/spanlens.wasm", "", "application/wasm", "", "\x00asm-raw"},
		{"/src/index.js", "br", "text/javascript; charset=utf-8", "", "export {}"},
		{"/dashboard/", "", "text/html; charset=utf-8", "", "<!doctype html>dash"},
		{"/dist/samples/big.json", "gzip", "application/json", "gzip", "gz-only"},
	} {
		w := get(h, c.path, "Accept-Encoding", c.accept)
		require.Equal(t, http.StatusOK, w.Code, "%s (%s)", c.path, c.accept)
		assert.Equal(t, c.ctype, w.Header().Get("Content-Type"), c.path)
		assert.Equal(t, c.enc, w.Header().Get("Content-Encoding"), "%s (%s)", c.path, c.accept)
		assert.Equal(t, c.body, w.Body.String(), "%s (%s)", c.path, c.accept)
		assert.Equal(t, "nosniff", w.Header().Get("X-Content-Type-Options"))
	}
	assert.Contains(t, get(h, "/dashboard/").Header().Get("Content-Security-Policy"), "script-src 'self' 'wasm-unsafe-eval'")
}

func TestStaticRedirectsAndRefusals(t *testing.T) {
	h := staticHandler()
	w := get(h, "/")
	assert.Equal(t, http.StatusFound, w.Code)
	assert.Equal(t, "/dashboard/", w.Header().Get("Location"))
	w = get(h, "/dashboard")
	assert.Equal(t, http.StatusMovedPermanently, w.Code)
	assert.Equal(t, "/dashboard/", w.Header().Get("Location"))
	// A file that exists only compressed is not sent to a client that
	// cannot decode it; dot files and missing files are 404 as ever.
	assert.Equal(t, http.StatusNotFound, get(h, "/dist/samples/big.json").Code)
	assert.Equal(t, http.StatusNotFound, get(h, "/dist/.secret").Code)
	assert.Equal(t, http.StatusNotFound, get(h, "/nope.js").Code)
	assert.Equal(t, http.StatusNotFound, get(h, "/../../etc/passwd").Code)
	// The Host gate stands before the files too (DNS rebinding).
	r := httptest.NewRequest(http.MethodGet, "/src/index.js", nil)
	r.Host = "evil.test"
	rw := httptest.NewRecorder()
	h.ServeHTTP(rw, r)
	assert.Equal(t, http.StatusMisdirectedRequest, rw.Code)
	// Without Static, / is 404.
	assert.Equal(t, http.StatusNotFound, get(New(Config{Addr: testAddr}), "/").Code)
}
