//go:build js && wasm

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"syscall/js"
)

// serve registers context.binding.serve(method, url, headers, body) for
// glue.mjs: headers is a flat [name, value, …] array, body a Uint8Array
// (or null) that glue.mjs read up to maxBody+1 bytes; it returns a Promise
// of {status, headers, body}. The whole answer is built in Go and crosses
// to JS in one copy, since each JS↔Go crossing costs more than the bytes.
func serve(h http.Handler, maxBody int64) {
	binding := js.Global().Get("context").Get("binding")
	binding.Set("maxBody", maxBody)
	binding.Set("serve", js.FuncOf(func(_ js.Value, args []js.Value) any {
		method, rawURL, hdrs, body := args[0].String(), args[1].String(), args[2], args[3]
		var b []byte
		if !body.IsNull() && !body.IsUndefined() {
			b = make([]byte, body.Length())
			js.CopyBytesToGo(b, body)
		}
		return promise(func() (js.Value, error) { return handle(h, method, rawURL, hdrs, b), nil })
	}))
}

// handle runs one request through h; a panic is answered 500 and leaves
// the instance serving.
func handle(h http.Handler, method, rawURL string, hdrs js.Value, body []byte) (res js.Value) {
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	defer func() {
		if p := recover(); p != nil {
			rec = &recorder{header: http.Header{"Content-Type": {"application/json"}}, status: http.StatusInternalServerError}
			writeError(&rec.body, fmt.Sprint("worker: panic: ", p))
		}
		res = rec.toJS()
	}()
	u, err := url.Parse(rawURL)
	if err != nil {
		panic(fmt.Sprintf("request URL %q: %v", rawURL, err))
	}
	r := &http.Request{Method: method, URL: u, Host: u.Host, Header: http.Header{}, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		RequestURI: u.RequestURI(), Body: http.NoBody, ContentLength: -1}
	for i, n := 0, hdrs.Length(); i+1 < n; i += 2 {
		r.Header.Add(hdrs.Index(i).String(), hdrs.Index(i+1).String())
	}
	if cl, err := strconv.ParseInt(r.Header.Get("Content-Length"), 10, 64); err == nil {
		r.ContentLength = cl
	}
	if body != nil {
		r.Body = nopCloser{bytes.NewReader(body)}
	}
	h.ServeHTTP(rec, r)
	return rec.toJS()
}

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

// recorder is an http.ResponseWriter that keeps the whole answer.
type recorder struct {
	header http.Header
	status int
	wrote  bool
	body   bytes.Buffer
}

func (w *recorder) Header() http.Header { return w.header }

func (w *recorder) WriteHeader(status int) {
	if !w.wrote {
		w.status, w.wrote = status, true
	}
}

func (w *recorder) Write(p []byte) (int, error) {
	w.wrote = true
	return w.body.Write(p)
}

func (w *recorder) toJS() js.Value {
	b := withHint(w.status, w.header.Get("Content-Type"), w.body.Bytes())
	if len(b) != w.body.Len() {
		w.header.Set("Content-Length", strconv.Itoa(len(b)))
	}
	hdrs := js.Global().Get("Array").New()
	for k, vs := range w.header {
		for _, v := range vs {
			hdrs.Call("push", js.Global().Get("Array").New(k, v))
		}
	}
	res := js.Global().Get("Object").New()
	res.Set("status", w.status)
	res.Set("headers", hdrs)
	if len(b) > 0 {
		a := js.Global().Get("Uint8Array").New(len(b))
		js.CopyBytesToJS(a, b)
		res.Set("body", a)
	} else {
		res.Set("body", js.Null())
	}
	return res
}

// promise runs f on a goroutine (it may wait for JS promises, such as a
// KV read) and returns a Promise of its result.
func promise(f func() (js.Value, error)) js.Value {
	var exec js.Func
	exec = js.FuncOf(func(_ js.Value, args []js.Value) any {
		exec.Release()
		resolve, reject := args[0], args[1]
		go func() {
			v, err := f()
			if err != nil {
				reject.Invoke(js.Global().Get("Error").New(err.Error()))
				return
			}
			resolve.Invoke(v)
		}()
		return nil
	})
	return js.Global().Get("Promise").New(exec)
}

// await waits for a JS promise on the calling goroutine.
func await(p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	var then, catch js.Func
	then = js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{v: args[0]}
		return nil
	})
	catch = js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{err: fmt.Errorf("%s", args[0].Call("toString").String())}
		return nil
	})
	p.Call("then", then, catch)
	r := <-ch
	then.Release()
	catch.Release()
	return r.v, r.err
}

// failing answers every request 500 with err: a Worker whose vars or
// bindings are wrong says so to whoever calls it.
func failing(err error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		writeError(w, err.Error())
	})
}

// writeError writes httpapi's error shape.
func writeError(w io.Writer, msg string) {
	b, _ := json.Marshal(map[string]any{"error": map[string]string{"kind": "Error", "message": msg}})
	w.Write(append(b, '\n'))
}
