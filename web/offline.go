package web

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
)

// importRE finds the relative module specifiers of the JS package's own
// modules: `from "./x.js"`, `import "../dist/wasm_exec.js"` and
// `import("./x.js")`.
var importRE = regexp.MustCompile(`((?:\bfrom|\bimport)\s*\(?\s*)(["'])(\.\.?/[^"']+)(["'])`)

// OfflineHTML returns one self-contained page that shows trace in the
// viewer from file:// with no server and no network: every module of the
// JS package rides in an import map as a data: URL (their relative imports
// rewritten to the map's names), and the WebAssembly module and the trace
// are inlined gzip-compressed, as base64. A Content-Security-Policy lets
// the page fetch nothing.
func OfflineHTML(trace []byte, name string) ([]byte, error) {
	if err := Built(); err != nil {
		return nil, err
	}
	wasmGz, err := fs.ReadFile(files, Module+".gz")
	if err != nil {
		return nil, fmt.Errorf("web: offline page: reading %s.gz: %w", Module, err)
	}
	imports := map[string]string{}
	var mods []string
	err = fs.WalkDir(files, "src", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".js") {
			mods = append(mods, p)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	mods = append(mods, "dist/wasm_exec.js")
	sort.Strings(mods)
	for _, p := range mods {
		src, err := fs.ReadFile(files, p)
		if err != nil {
			return nil, err
		}
		imports[specifier(p)] = "data:text/javascript;base64," + base64.StdEncoding.EncodeToString(rewrite(p, src))
	}
	imap, err := json.Marshal(map[string]any{"imports": imports})
	if err != nil {
		return nil, err
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(trace)
	if err := zw.Close(); err != nil {
		return nil, err
	}
	nameJSON, _ := json.Marshal(name)
	var b bytes.Buffer
	fmt.Fprintf(&b, offlineHead, html.EscapeString(name))
	b.WriteString(`<script type="importmap">`)
	b.Write(bytes.ReplaceAll(imap, []byte("</"), []byte(`<\/`)))
	b.WriteString("</script>\n")
	fmt.Fprintf(&b, "<script type=\"application/octet-stream\" id=\"spanlens-wasm\">%s</script>\n", base64.StdEncoding.EncodeToString(wasmGz))
	fmt.Fprintf(&b, "<script type=\"application/octet-stream\" id=\"spanlens-trace\">%s</script>\n", base64.StdEncoding.EncodeToString(gz.Bytes()))
	// The name goes in as a JSON string with "<" escaped, so it cannot
	// close the script element.
	fmt.Fprintf(&b, offlineBoot, strings.ReplaceAll(string(nameJSON), "<", `\u003c`))
	return b.Bytes(), nil
}

// specifier is the import map name of the module at p: a bare specifier,
// which resolves the same from every module (data: URLs have no path to
// resolve a relative one against).
func specifier(p string) string { return "spanlens/" + p }

// rewrite points a module's relative imports at the import map's names and
// gives it an import.meta.url that is a real URL (a data: URL cannot
// resolve "../dist/spanlens.wasm"; nothing is fetched from it, since the
// page hands the module over as bytes).
func rewrite(p string, src []byte) []byte {
	dir := path.Dir(p)
	out := importRE.ReplaceAllFunc(src, func(m []byte) []byte {
		g := importRE.FindSubmatch(m)
		return []byte(string(g[1]) + `"` + specifier(path.Join(dir, string(g[3]))) + `"`)
	})
	return bytes.ReplaceAll(out, []byte("import.meta.url"), []byte(`"https://spanlens.invalid/`+p+`"`))
}

const offlineHead = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' data: 'wasm-unsafe-eval'; style-src 'unsafe-inline'; img-src data:">
<title>%s — spanlens</title>
<style>
html, body { height: 100%%; margin: 0; }
body { display: flex; flex-direction: column; font: 14px system-ui, sans-serif; background: #f4f6f9; color: #1b2230; }
@media (prefers-color-scheme: dark) { body { background: #0d1014; color: #e5e9f0; } }
header { padding: 6px 12px; font-weight: 600; display: flex; gap: 8px; align-items: baseline; }
header small { font-weight: 400; opacity: .7; }
span-lens { flex: 1; height: auto; margin: 0 8px 8px; }
</style>
`

const offlineBoot = `</head>
<body>
<header>spanlens <small id="name"></small></header>
<span-lens id="viewer"></span-lens>
<script type="module">
import { init } from "spanlens/src/index.js";
import { mount } from "spanlens/src/viewer/index.js";
const name = %s;
document.getElementById("name").textContent = name;
async function gunzip(id) {
  const bin = Uint8Array.from(atob(document.getElementById(id).textContent), (c) => c.charCodeAt(0));
  return new Uint8Array(await new Response(new Blob([bin]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
}
const el = document.getElementById("viewer");
try {
  const sl = await init({ module: await gunzip("spanlens-wasm") });
  await mount(el, await gunzip("spanlens-trace"), { spanlens: sl, name });
} catch (e) {
  el.textContent = "spanlens: " + (e && e.message || e);
}
</script>
</body>
</html>
`
