package spanlens

import (
	"io"

	"github.com/spanlens/spanlens/core/export"
)

// ConvertFormats lists the formats Convert writes.
func ConvertFormats() []Format {
	fs := export.Formats()
	out := make([]Format, len(fs))
	for k, f := range fs {
		out[k] = Format(f)
	}
	return out
}

// Convert writes the document's spans, raw times and all, to w in format
// to.
func (d *Document) Convert(to Format, w io.Writer) error {
	return export.Encode(w, d.batch, export.Format(to))
}

// AppendConvert appends the document in format to to dst.
func (d *Document) AppendConvert(dst []byte, to Format) ([]byte, error) {
	return export.Append(dst, d.batch, export.Format(to))
}
