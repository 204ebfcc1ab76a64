package spanlens_test

import (
	"bytes"
	"fmt"
	"log"
	"os"

	"github.com/spanlens/spanlens"
)

func open(path string) *spanlens.Document {
	data, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	d, err := spanlens.Open(data, spanlens.Options{})
	if err != nil {
		log.Fatal(err)
	}
	return d
}

// Open a file in any supported format and print its statistics.
func Example_summary() {
	d := open("testdata/otlp-json/exception-multiroot.json")
	s := d.Summary()
	fmt.Printf("%s: %d spans, %d errors\n", d.Format(), s.Spans, s.Errors)
	for _, g := range s.Services {
		fmt.Printf("%-8s %d spans, %d errors, %.0f ms in all\n", g.Service, g.Count, g.Errors, float64(g.Total)/1e6)
	}
	// Output:
	// otlp-json: 5 spans, 2 errors
	// shop     2 spans, 1 errors, 140 ms in all
	// worker   2 spans, 0 errors, 60 ms in all
	// payments 1 spans, 1 errors, 30 ms in all
}

// The critical path of a trace covers all its roots: here the checkout and
// an orphaned retry worker that ran after it.
func ExampleDocument_CriticalPath() {
	d := open("testdata/otlp-json/exception-multiroot.json")
	path, err := d.CriticalPath(0)
	if err != nil {
		log.Fatal(err)
	}
	for _, seg := range path {
		fmt.Printf("%3d–%3d ms %s\n", seg.Start/1e6, seg.End/1e6, d.Batch().Spans[seg.Span].Name)
	}
	// Output:
	//   0– 10 ms checkout
	//  10– 40 ms charge
	//  40– 50 ms checkout
	//  50– 90 ms GET /stock
	//  90–100 ms checkout
	// 110–120 ms retry
	// 120–140 ms db.query
	// 140–150 ms retry
}

// Draw a trace as a static SVG for a docs page.
func ExampleDocument_SVG() {
	d := open("testdata/otlp-json/exception-multiroot.json")
	svg, err := d.SVG(spanlens.SVGOptions{Width: 800, Theme: "dark", CriticalPath: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(bytes.HasPrefix(svg, []byte("<svg ")), bytes.Contains(svg, []byte("GET /stock")))
	// Output: true true
}

// Convert a trace to another format: here Zipkin v2 JSON, which opens
// again as the same five spans.
func ExampleDocument_Convert() {
	d := open("testdata/otlp-json/exception-multiroot.json")
	var buf bytes.Buffer
	if err := d.Convert("zipkin", &buf); err != nil {
		log.Fatal(err)
	}
	z, err := spanlens.Open(buf.Bytes(), spanlens.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(z.Format(), z.Len(), z.Summary().Errors)
	// Output: zipkin 5 2
}

// Search with the query language.
func ExampleDocument_Search() {
	d := open("testdata/otlp-json/exception-multiroot.json")
	hits, err := d.Search("status:error")
	if err != nil {
		log.Fatal(err)
	}
	for _, i := range hits {
		fmt.Println(d.Batch().Spans[i].Name)
	}
	// Output:
	// charge
	// GET /stock
}
