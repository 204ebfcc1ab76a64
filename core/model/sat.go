package model

import "math"

// SatAdd returns a+b clamped to the int64 range: times near the int64
// limits (a corrupt or hostile file) must not wrap around to the far past
// or future when shifted.
func SatAdd(a, b int64) int64 {
	s := a + b
	switch {
	case a > 0 && b > 0 && s < 0:
		return math.MaxInt64
	case a < 0 && b < 0 && s >= 0:
		return math.MinInt64
	}
	return s
}

// SatSub returns a-b clamped to the int64 range: durations of spans and
// traces whose times lie near the int64 limits.
func SatSub(a, b int64) int64 {
	if b == math.MinInt64 {
		if a >= 0 {
			return math.MaxInt64
		}
		return a - b
	}
	return SatAdd(a, -b)
}
