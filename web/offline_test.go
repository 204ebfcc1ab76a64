package web

import "testing"

func TestRewrite(t *testing.T) {
	src := "import \"../dist/wasm_exec.js\";\nimport { a, b } from './engine.js';\nexport { c } from \"./viewer/dom.js\";\nconst m = await import(\"./x.js\");\nimport { init } from \"spanlens\";\nnew URL(\"../dist/spanlens.wasm\", import.meta.url);\n"
	want := "import \"spanlens/dist/wasm_exec.js\";\nimport { a, b } from \"spanlens/src/engine.js\";\nexport { c } from \"spanlens/src/viewer/dom.js\";\nconst m = await import(\"spanlens/src/x.js\");\nimport { init } from \"spanlens\";\nnew URL(\"../dist/spanlens.wasm\", \"https://spanlens.invalid/src/wasm.js\");\n"
	if got := string(rewrite("src/wasm.js", []byte(src))); got != want {
		t.Errorf("rewrite:\n got %q\nwant %q", got, want)
	}
}
