package ingest

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/spanlens/spanlens/core/internal/decode"
)

func TestSeedParseISO(t *testing.T) {
	// 2024-01-15T10:30:00Z is 1705314600 s after the epoch.
	const base = int64(1705314600) * 1e9
	tests := []struct {
		name string
		in   string
		want int64
		ok   bool
	}{
		{"python naive with microseconds", "2024-01-15T10:30:00.123456", base + 123456000, true},
		{"python naive whole second", "2024-01-15T10:30:00", base, true},
		{"Z suffix", "2024-01-15T10:30:00.123456Z", base + 123456000, true},
		{"lowercase z and t", "2024-01-15t10:30:00z", base, true},
		{"python aware UTC", "2024-01-15T10:30:00.5+00:00", base + 500000000, true},
		{"positive offset is east of UTC", "2024-01-15T12:30:00+02:00", base, true},
		{"negative offset", "2024-01-15T05:00:00-05:30", base, true},
		{"offset without colon", "2024-01-15T11:30:00+0100", base, true},
		{"offset hours only", "2024-01-15T11:30:00+01", base, true},
		{"space separator", "2024-01-15 10:30:00", base, true},
		{"comma decimal", "2024-01-15T10:30:00,25", base + 250000000, true},
		{"nanoseconds", "2024-01-15T10:30:00.000000001", base + 1, true},
		{"extra digits truncated", "2024-01-15T10:30:00.1234567899", base + 123456789, true},
		{"minutes only", "2024-01-15T10:30", base, true},
		{"date only", "2024-01-15", base - (10*3600+30*60)*1e9, true},
		{"leap day", "2024-02-29T00:00:00", int64(1709164800) * 1e9, true},
		{"before the epoch", "1969-12-31T23:59:59", -1e9, true},
		{"empty", "", 0, false},
		{"garbage", "yesterday", 0, false},
		{"no day", "2024-01", 0, false},
		{"month 13", "2024-13-01T00:00:00", 0, false},
		{"feb 30", "2024-02-30T00:00:00", 0, false},
		{"hour 24", "2024-01-15T24:00:00", 0, false},
		{"second 60", "2024-01-15T10:30:60", 0, false},
		{"empty fraction", "2024-01-15T10:30:00.", 0, false},
		{"trailing junk", "2024-01-15T10:30:00Zjunk", 0, false},
		{"bad offset", "2024-01-15T10:30:00+1", 0, false},
		{"offset minutes too big", "2024-01-15T10:30:00+01:99", 0, false},
		{"cut after seconds colon", "2024-01-15T10:30:0", 0, false},
		{"year beyond int64 nanoseconds", "2300-01-01T00:00:00", 0, false},
		{"letters in digits", "2024-0a-15T10:30:00", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := decode.SeedParseISO([]byte(tt.in))
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestSeedEpochNanos(t *testing.T) {
	tests := []struct {
		name string
		in   float64
		want int64
		ok   bool
	}{
		// 1718000000.25 * 1e9 in float64 is 1718000000249999872.
		{"quarter second stays exact", 1718000000.25, 1718000000250000000, true},
		{"microseconds kept", 1705314600.123456, 1705314600123456000, true},
		{"sub-microsecond noise rounded", 1705314600.1234567, 1705314600123457000, true},
		{"zero", 0, 0, true},
		{"negative", -1.5, -1500000000, true},
		{"too large", 1e10, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := decode.SeedEpochNanos(tt.in)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}
