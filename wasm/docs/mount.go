//go:build js && wasm

package docs

import (
	"errors"
	"strconv"
	"sync"
	"syscall/js"

	"github.com/spanlens/spanlens"
	"github.com/spanlens/spanlens/internal/msg"
)

// Register adds mountDocs(root, {viewer}) to the module's API object (the
// one wasm/main.go publishes as globalThis.__spanlens). mountDocs mounts
// every [data-spanlens-src] element under root (a Document or an Element;
// default the page) that is not mounted yet, and returns a Promise of one
// {src, state, error} per element it mounted. viewer is the full viewer's
// URL, which a click opens with ?src=the trace's absolute URL.
func Register(api js.Value) {
	api.Set("mountDocs", js.FuncOf(func(_ js.Value, args []js.Value) any {
		// A JS callback must not block: the work runs in a goroutine that
		// waits for fetches, and the caller gets a Promise.
		return newPromise(func() any { return mountAll(args) })
	}))
}

// element is a DOM element, called through syscall/js with the few
// methods an embed needs. honnef.co/go/js/dom/v2, used here before, added
// 26 KB to the gzipped module for these calls: its interfaces' method sets
// keep every event type's methods, and time.Time's with them.
type element struct{ js.Value }

func (e element) SetAttribute(name, value string) { e.Call("setAttribute", name, value) }
func (e element) GetAttribute(name string) string { return e.Call("getAttribute", name).String() }
func (e element) HasAttribute(name string) bool   { return e.Call("hasAttribute", name).Bool() }
func (e element) RemoveAttribute(name string)     { e.Call("removeAttribute", name) }
func (e element) Remove()                         { e.Call("remove") }
func (e element) OffsetWidth() float64            { return e.Get("offsetWidth").Float() }
func (e element) OffsetHeight() float64           { return e.Get("offsetHeight").Float() }
func (e element) AddClass(name string)            { e.Get("classList").Call("add", name) }
func (e element) SetStyle(prop, value string)     { e.Get("style").Call("setProperty", prop, value) }
func (e element) AppendChild(c element)           { e.Call("appendChild", c.Value) }
func (e element) SetTextContent(s string)         { e.Set("textContent", s) }

// rect is the element's border box in the viewport.
type rect struct{ left, top, width, height float64 }

func (e element) rect() rect {
	r := e.Call("getBoundingClientRect")
	return rect{r.Get("left").Float(), r.Get("top").Float(), r.Get("width").Float(), r.Get("height").Float()}
}

var document = js.Global().Get("document")

func create(tag string) element { return element{document.Call("createElement", tag)} }

// query returns the elements under root that match sel.
func query(root js.Value, sel string) []element {
	list := root.Call("querySelectorAll", sel)
	out := make([]element, list.Length())
	for k := range out {
		out[k] = element{list.Index(k)}
	}
	return out
}

func mountAll(args []js.Value) any {
	root := document
	if len(args) > 0 && args[0].Type() == js.TypeObject {
		root = args[0]
	}
	env := Env{Dark: prefersDark()}
	if len(args) > 1 && args[1].Type() == js.TypeObject {
		if v := args[1].Get("viewer"); v.Type() == js.TypeString {
			env.Viewer = v.String()
		}
	}
	var embeds []*embed
	for _, el := range query(root, "["+AttrSrc+"]") {
		if el.HasAttribute(AttrState) {
			continue // mounted, or mounting, already
		}
		el.SetAttribute(AttrState, "loading")
		e := &embed{el: el, env: env}
		e.env.Width = int(el.rect().width)
		embeds = append(embeds, e)
	}
	var wg sync.WaitGroup
	for _, e := range embeds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.mount()
		}()
	}
	wg.Wait()
	out := js.Global().Get("Array").New()
	for _, e := range embeds {
		r := js.Global().Get("Object").New()
		r.Set("src", e.el.GetAttribute(AttrSrc))
		r.Set("state", e.el.GetAttribute(AttrState))
		if e.err != nil {
			r.Set("error", e.err.Error())
		}
		out.Call("push", r)
	}
	watchTheme(embeds)
	return out
}

// embed is one mounted element: its options, its document (kept for the
// hover details), and the nodes drawn in it.
type embed struct {
	el   element
	env  Env
	opts Options
	err  error
	doc  *spanlens.Document
	src  string // the trace's absolute URL
	box  element
	tip  element
	// details caches the tooltip lines of each span hovered.
	details map[int32]*spanlens.SpanDetails
}

// mount loads the element's trace and draws it, or shows why it cannot.
func (e *embed) mount() {
	if e.err = e.load(); e.err == nil {
		e.err = e.render()
	}
	if e.err != nil {
		e.showError()
		e.el.SetAttribute(AttrState, "error")
		return
	}
	e.el.SetAttribute(AttrState, "ready")
}

func (e *embed) load() error {
	opts, err := ParseOptions(func(name string) (string, bool) {
		if !e.el.HasAttribute(name) {
			return "", false
		}
		return e.el.GetAttribute(name), true
	}, e.env)
	if err != nil {
		return err
	}
	e.opts = opts
	if e.src, err = resolve(opts.Src); err != nil {
		return err
	}
	data, err := download(e.src, opts.MaxBytes)
	if err != nil {
		return err
	}
	e.doc, err = spanlens.Open(data, spanlens.Options{Limits: spanlens.Limits{MaxBytes: opts.MaxBytes}})
	if err != nil {
		return msg.Errorf("spanlens docs: %s: %w", opts.Src, err)
	}
	e.details = map[int32]*spanlens.SpanDetails{}
	return nil
}

// render draws the SVG into the element, replacing what it held (the
// page's fallback content, or the previous drawing on a theme change).
func (e *embed) render() error {
	out, err := e.doc.SVG(e.opts.SVG)
	if err != nil {
		return msg.Errorf("spanlens docs: %s: %w", e.opts.Src, err)
	}
	// The SVG's text is escaped by the core; parsing it as XML (never as
	// HTML) gives nodes, and trace text only ever lands in text nodes.
	parsed := js.Global().Get("DOMParser").New().Call("parseFromString", string(out), "image/svg+xml")
	if bad := parsed.Call("querySelector", "parsererror"); !bad.IsNull() {
		return msg.Errorf("spanlens docs: %s: the drawing did not parse as SVG: %s", e.opts.Src, bad.Get("textContent").String())
	}
	svg := element{document.Call("importNode", parsed.Get("documentElement"), true)}
	// The bars' <title>s would show the browser's own tooltip beside ours.
	for _, t := range query(svg.Value, "g[data-span] > title") {
		t.Remove()
	}
	svg.SetAttribute("style", "display:block;width:100%;height:auto")
	svg.SetAttribute("role", "img")
	svg.SetAttribute("aria-label", "trace drawing of "+e.opts.Src)

	box := create("div")
	box.AddClass("spanlens-embed")
	box.SetStyle("position", "relative")
	holder := box
	if e.opts.Viewer != "" {
		if link, err := e.viewerLink(); err == nil {
			a := create("a")
			a.AddClass("spanlens-open")
			a.SetAttribute("href", link)
			a.SetAttribute("title", "Open in the spanlens viewer")
			a.SetStyle("display", "block")
			box.AppendChild(a)
			holder = a
		}
	}
	holder.AppendChild(svg)
	e.tip = e.newTip()
	box.AppendChild(e.tip)
	listen(svg.Value, "mousemove", e.hover)
	listen(svg.Value, "mouseleave", func(js.Value) { e.tip.SetAttribute("hidden", "") })

	e.el.Call("replaceChildren", box.Value)
	e.box = box
	return nil
}

// themeColors are the tooltip's: text, background, border, muted.
func themeColors(theme string) (fg, bg, border, muted string) {
	if theme == "dark" {
		return "#e6edf3", "#161b22", "#30363d", "#8d96a0"
	}
	return "#1f2328", "#ffffff", "#d0d7de", "#656d76"
}

func (e *embed) newTip() element {
	tip := create("div")
	tip.AddClass("spanlens-tip")
	tip.SetAttribute("role", "tooltip")
	tip.SetAttribute("hidden", "")
	fg, bg, border, _ := themeColors(e.opts.SVG.Theme)
	for _, p := range [][2]string{
		{"position", "absolute"}, {"pointer-events", "none"}, {"z-index", "10"},
		{"max-width", "360px"}, {"padding", "6px 8px"}, {"border-radius", "6px"},
		{"font", "12px/1.4 ui-sans-serif,system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif"},
		{"color", fg}, {"background", bg}, {"border", "1px solid " + border},
		{"box-shadow", "0 4px 12px rgba(0,0,0,.18)"}, {"overflow-wrap", "anywhere"},
	} {
		tip.SetStyle(p[0], p[1])
	}
	return tip
}

// listen adds an event listener that is given the event.
func listen(target js.Value, event string, fn func(ev js.Value)) {
	target.Call("addEventListener", event, js.FuncOf(func(_ js.Value, args []js.Value) any {
		fn(args[0])
		return nil
	}))
}

// hover fills and places the tooltip for the bar under the pointer.
func (e *embed) hover(me js.Value) {
	g := element{me.Get("target").Call("closest", "g[data-span]")}
	if g.IsNull() {
		e.tip.SetAttribute("hidden", "")
		return
	}
	i, err := strconv.ParseInt(g.GetAttribute("data-span"), 10, 32)
	if err != nil {
		return
	}
	count := 1
	if g.HasAttribute("data-count") {
		count, _ = strconv.Atoi(g.GetAttribute("data-count"))
	}
	s := e.details[int32(i)]
	if s == nil {
		if s, err = e.doc.Span(int32(i)); err != nil {
			return
		}
		e.details[int32(i)] = s
	}
	e.fillTip(Details(s, count))
	e.tip.RemoveAttribute("hidden")
	// Beside the pointer, kept inside the embed's box.
	box := e.box.rect()
	cx, cy := me.Get("clientX").Float(), me.Get("clientY").Float()
	x := cx - box.left + 14
	y := cy - box.top + 14
	if w := e.tip.OffsetWidth(); x+w > box.width {
		x = max(0, cx-box.left-w-14)
	}
	if h := e.tip.OffsetHeight(); y+h > box.height {
		y = max(0, cy-box.top-h-14)
	}
	e.tip.SetStyle("left", strconv.Itoa(int(x))+"px")
	e.tip.SetStyle("top", strconv.Itoa(int(y))+"px")
}

// fillTip writes the details as text nodes: span names and messages are
// trace content and never go through innerHTML.
func (e *embed) fillTip(lines []Detail) {
	e.tip.Call("replaceChildren")
	_, _, _, muted := themeColors(e.opts.SVG.Theme)
	for k, l := range lines {
		row := create("div")
		if k == 0 {
			row.SetStyle("font-weight", "600")
		}
		if l.Label != "" {
			label := create("span")
			label.SetStyle("color", muted)
			label.SetTextContent(l.Label + " ")
			row.AppendChild(label)
		}
		row.Call("append", l.Value) // a string appends as a text node
		e.tip.AppendChild(row)
	}
}

// showError replaces the element's content with the error, as text.
func (e *embed) showError() {
	p := create("p")
	p.AddClass("spanlens-error")
	p.SetAttribute("role", "alert")
	red := "#cf222e"
	if e.env.Dark {
		red = "#ff7b72" // the same red, readable on a dark page
	}
	for _, kv := range [][2]string{
		{"margin", "0"}, {"padding", "8px 10px"}, {"border", "1px solid " + red}, {"border-radius", "6px"},
		{"color", red}, {"font", "12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace"},
		{"overflow-wrap", "anywhere"}, {"white-space", "pre-wrap"},
	} {
		p.SetStyle(kv[0], kv[1])
	}
	p.SetTextContent(e.err.Error())
	e.el.Call("replaceChildren", p.Value)
}

// viewerLink is the full viewer's URL with ?src= the trace's.
func (e *embed) viewerLink() (link string, err error) {
	defer catch(&err)
	u := js.Global().Get("URL").New(e.opts.Viewer, document.Get("baseURI"))
	u.Get("searchParams").Call("set", "src", e.src)
	return u.Get("href").String(), nil
}

// watchTheme redraws the embeds that follow the page's colour scheme
// when it changes.
func watchTheme(embeds []*embed) {
	var follow []*embed
	for _, e := range embeds {
		if e.doc != nil && !e.el.HasAttribute(AttrTheme) {
			follow = append(follow, e)
		}
	}
	if len(follow) == 0 {
		return
	}
	mq := js.Global().Call("matchMedia", "(prefers-color-scheme: dark)")
	mq.Call("addEventListener", "change", js.FuncOf(func(_ js.Value, args []js.Value) any {
		theme := "light"
		if args[0].Get("matches").Bool() {
			theme = "dark"
		}
		for _, e := range follow {
			e.opts.SVG.Theme = theme
			if err := e.render(); err != nil {
				e.err = err
				e.showError()
				e.el.SetAttribute(AttrState, "error")
			}
		}
		return nil
	}))
}

func prefersDark() bool {
	mm := js.Global().Get("matchMedia")
	return mm.Type() == js.TypeFunction && js.Global().Call("matchMedia", "(prefers-color-scheme: dark)").Get("matches").Bool()
}

// resolve makes src absolute against the page, as fetch and the viewer
// link need it.
func resolve(src string) (abs string, err error) {
	defer catch(&err)
	return js.Global().Get("URL").New(src, document.Get("baseURI")).Get("href").String(), nil
}

// download fetches url, reading at most maxBytes of it.
func download(url string, maxBytes int64) ([]byte, error) {
	resp, err := await(js.Global().Call("fetch", url))
	if err != nil {
		return nil, msg.Errorf("spanlens docs: fetching %s: %w", url, err)
	}
	if !resp.Get("ok").Bool() {
		return nil, msg.Errorf("spanlens docs: fetching %s: %d %s", url, resp.Get("status").Int(), resp.Get("statusText").String())
	}
	body := &Body{URL: url, Max: maxBytes}
	n := int64(-1)
	if cl := resp.Get("headers").Call("get", "content-length"); cl.Type() == js.TypeString {
		if v, err := strconv.ParseInt(cl.String(), 10, 64); err == nil {
			n = v
		}
	}
	if err := body.Expect(n); err != nil {
		return nil, err
	}
	reader := resp.Get("body").Call("getReader")
	for {
		r, err := await(reader.Call("read"))
		if err != nil {
			return nil, msg.Errorf("spanlens docs: reading %s: %w", url, err)
		}
		if r.Get("done").Bool() {
			return body.Bytes(), nil
		}
		v := r.Get("value")
		chunk := make([]byte, v.Get("byteLength").Int())
		js.CopyBytesToGo(chunk, v)
		if err := body.Add(chunk); err != nil {
			reader.Call("cancel")
			return nil, err
		}
	}
}

// await waits for a Promise. It must run in a goroutine of its own, not
// in a JS callback, which would deadlock.
func await(p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	onOK := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{v: args[0]}
		return nil
	})
	onErr := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{err: jsError(args[0])}
		return nil
	})
	defer onOK.Release()
	defer onErr.Release()
	p.Call("then", onOK, onErr)
	r := <-ch
	return r.v, r.err
}

// newPromise runs f in a goroutine and resolves a Promise with its result.
func newPromise(f func() any) js.Value {
	executor := js.FuncOf(func(_ js.Value, args []js.Value) any {
		resolve, reject := args[0], args[1]
		go func() {
			var err error
			defer func() {
				if err != nil {
					reject.Invoke(js.Global().Get("Error").New(err.Error()))
				}
			}()
			defer catch(&err)
			resolve.Invoke(f())
		}()
		return nil
	})
	defer executor.Release() // the executor runs during New
	return js.Global().Get("Promise").New(executor)
}

// catch turns a panic from a JS exception (js.Error) into *err.
func catch(err *error) {
	switch r := recover().(type) {
	case nil:
	case js.Error:
		*err = errors.New(r.Get("message").String())
	default:
		panic(r)
	}
}

// jsError is a rejected Promise's reason as an error: its message, or
// the value as text.
func jsError(v js.Value) error {
	if v.Type() == js.TypeObject {
		if m := v.Get("message"); m.Type() == js.TypeString {
			return errors.New(m.String())
		}
	}
	return errors.New(v.String())
}
