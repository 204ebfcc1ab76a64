package ingest

import "github.com/spanlens/spanlens/core/internal/decode"

// The options, limits and errors of a decode. They live in
// core/internal/decode, which every format's decoder shares; ingest is
// where callers name them.
type (
	// Options control one decode.
	Options = decode.Options
	// Progress is how far a decode has got.
	Progress = decode.Progress
	// Limits bound what one decode may consume; see decode.Limits.
	Limits = decode.Limits
	// LimitField describes one field of Limits.
	LimitField = decode.LimitField
	// LimitError reports an input that exceeds one of the Limits.
	LimitError = decode.LimitError
	// Error is a decoding failure at a known place in the input.
	Error = decode.Error
)

var (
	// DefaultLimits are generous enough for any real trace a desktop can
	// hold.
	DefaultLimits = decode.DefaultLimits
	// LimitFields lists every field of Limits.
	LimitFields = decode.LimitFields
	// ErrUnknownFormat is returned by Detect when no decoder recognizes
	// the input.
	ErrUnknownFormat = decode.ErrUnknownFormat
)

// LookupLimit returns the LimitField of the Limits field named name.
func LookupLimit(name string) (LimitField, bool) { return decode.LookupLimit(name) }
