package jsonscan

import (
	"math"
	"testing"
)

func TestParseInt(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true},
		{"-0", 0, true},
		{"1767262800000000000", 1767262800000000000, true},
		{"9223372036854775807", math.MaxInt64, true},
		{"9223372036854775808", 0, false},
		{"-9223372036854775808", math.MinInt64, true},
		{"-9223372036854775809", 0, false},
		{"9999999999999999999", 0, false},
		{"18446744073709551615", 0, false}, // 20 digits: left to strconv's float path
		{"", 0, false},
		{"-", 0, false},
		{"+1", 0, false},
		{"-+1", 0, false},
		{"1.5", 0, false},
		{"1e3", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseInt([]byte(tt.in))
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseInt(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
