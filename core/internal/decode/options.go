package decode

import "github.com/spanlens/spanlens/core/model"

// Options control one decode.
type Options struct {
	// Format forces a decoder; "" detects the format from the input.
	Format model.Format
	Limits Limits
	// Progress, if set, is called from time to time during long decodes.
	Progress func(Progress)
}

// Progress is how far a decode has got.
type Progress struct {
	Bytes      int64 // bytes read (DecodeReader) or decoded so far
	TotalBytes int64 // input size, or -1 when unknown while reading
	Spans      int   // spans decoded so far
}

// progressEvery is how many spans pass between Progress calls.
const progressEvery = 1 << 16
