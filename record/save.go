package record

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spanlens/spanlens/core/export"
)

// Save writes the recording to path, in the format its extension names:
// .jsonl or .ndjson for spanforge NDJSON (Trace.save()'s format), .json for
// OTLP/JSON (lossless). Unlike the recording calls, Save reports errors:
// the caller asked for a file.
func (t *Trace) Save(path string) error {
	data, err := t.Encode(filepath.Ext(path))
	if err != nil {
		return fmt.Errorf("record: save %s: %w", path, err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("record: save: %w", err)
	}
	return nil
}

// Encode returns the recording in the format of a file extension: ".jsonl"
// or ".ndjson" for spanforge NDJSON, ".json" for OTLP/JSON.
func (t *Trace) Encode(ext string) ([]byte, error) {
	b := t.Batch()
	switch strings.ToLower(ext) {
	case ".jsonl", ".ndjson":
		return appendSpanforge(nil, b), nil
	case ".json":
		return export.Append(nil, b, export.OTLPJSON)
	}
	return nil, fmt.Errorf("unknown extension %q (want .json for OTLP/JSON, .jsonl or .ndjson for spanforge NDJSON)", ext)
}
