// Package all registers every wire format with core/format. core/ingest
// and core/export import it for its side effect, as a program imports
// image/png; adding a format is a package under core/format and one line
// here.
package all

import (
	"github.com/spanlens/spanlens/core/format"
	"github.com/spanlens/spanlens/core/format/chrome"
	"github.com/spanlens/spanlens/core/format/jaeger"
	"github.com/spanlens/spanlens/core/format/mamba"
	"github.com/spanlens/spanlens/core/format/otelstdout"
	"github.com/spanlens/spanlens/core/format/otlpjson"
	"github.com/spanlens/spanlens/core/format/otlpproto"
	"github.com/spanlens/spanlens/core/format/spanforge"
	"github.com/spanlens/spanlens/core/format/tutorial"
	"github.com/spanlens/spanlens/core/format/zipkin"
)

// The codecs are registered here, not by each package's init, because Go
// initializes packages in import-path order, and the order matters: it is
// the order format.Formats lists them in (that of core/model's constants,
// and of the JS package's FORMATS, which cmd/build generates from them)
// and Detect breaks ties in. The formats told apart by the shape of the
// whole input (OTLP/protobuf; the agent SDKs' JSON, whose member names
// other formats may also use) match at offset 0, ahead of any member name,
// and the earlier one wins.
func init() {
	for _, c := range []format.Codec{
		otlpjson.Codec,
		otlpproto.Codec,
		jaeger.Codec,
		zipkin.Codec,
		chrome.Codec,
		spanforge.Codec,
		tutorial.Codec,
		mamba.Codec,
		otelstdout.Codec,
	} {
		format.Register(c)
	}
}
