package decode

import (
	"math"
	"time"
)

// SeedEpochNanos converts Unix seconds written as a float (Python's
// time.time()) to nanoseconds. It rounds to the microsecond: a float64 near
// 1.7e9 carries about 0.2 µs of precision, so finer digits are only noise,
// and rounding keeps 1718000000.25 from becoming ...249999872 ns.
func SeedEpochNanos(sec float64) (int64, bool) {
	// The bound keeps the result inside int64 (±292 years around 1970); the
	// negated comparison also rejects NaN.
	if !(sec > -9.2e9 && sec < 9.2e9) {
		return 0, false
	}
	return int64(math.Round(sec*1e6)) * 1000, true
}

// SeedEnd returns start plus a duration in milliseconds, rounded to the
// nanosecond, and false when the duration is negative, not a number or
// would overflow.
func SeedEnd(start int64, durMs float64) (int64, bool) {
	if !(durMs >= 0 && durMs < 9.2e12) {
		return 0, false
	}
	d := int64(math.Round(durMs * 1e6))
	if start > math.MaxInt64-d {
		return 0, false
	}
	return start + d, true
}

// SeedParseISO parses an ISO-8601 date-time as Python's
// datetime.isoformat() writes it and returns Unix nanoseconds:
// "2024-01-15T10:30:00", "2024-01-15T10:30:00.123456", with an optional
// "Z" or "±HH:MM" offset (a time without one is UTC, which is what
// datetime.utcnow() means). It also accepts a space for the "T", a comma
// for the decimal point, "±HHMM" and "±HH" offsets, minutes without
// seconds, a bare date, and up to nine fraction digits (more are
// truncated).
func SeedParseISO(b []byte) (int64, bool) {
	if len(b) < 10 || b[4] != '-' || b[7] != '-' {
		return 0, false
	}
	year, ok1 := seedDigits(b[0:4])
	month, ok2 := seedDigits(b[5:7])
	day, ok3 := seedDigits(b[8:10])
	if !ok1 || !ok2 || !ok3 {
		return 0, false
	}
	var hour, min, sec, nsec int
	i := 10
	if i < len(b) && (b[i] == 'T' || b[i] == 't' || b[i] == ' ') {
		i++
		if len(b) < i+5 || b[i+2] != ':' {
			return 0, false
		}
		var okh, okm bool
		hour, okh = seedDigits(b[i : i+2])
		min, okm = seedDigits(b[i+3 : i+5])
		if !okh || !okm {
			return 0, false
		}
		i += 5
		if i < len(b) && b[i] == ':' {
			if len(b) < i+3 {
				return 0, false
			}
			var ok bool
			if sec, ok = seedDigits(b[i+1 : i+3]); !ok {
				return 0, false
			}
			i += 3
			if i < len(b) && (b[i] == '.' || b[i] == ',') {
				i++
				n := 0
				for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
					if n < 9 {
						nsec = nsec*10 + int(b[i]-'0')
						n++
					}
				}
				if n == 0 {
					return 0, false
				}
				for ; n < 9; n++ {
					nsec *= 10
				}
			}
		}
	}
	offset := 0 // seconds east of UTC
	if i < len(b) {
		switch b[i] {
		case 'Z', 'z':
			i++
		case '+', '-':
			sign := 1
			if b[i] == '-' {
				sign = -1
			}
			i++
			if len(b) < i+2 {
				return 0, false
			}
			oh, ok := seedDigits(b[i : i+2])
			if !ok || oh > 23 {
				return 0, false
			}
			i += 2
			if i < len(b) && b[i] == ':' {
				i++
			}
			om := 0
			if i < len(b) {
				if len(b) < i+2 {
					return 0, false
				}
				if om, ok = seedDigits(b[i : i+2]); !ok || om > 59 {
					return 0, false
				}
				i += 2
			}
			offset = sign * (oh*3600 + om*60)
		default:
			return 0, false
		}
	}
	if i != len(b) {
		return 0, false
	}
	// int64 nanoseconds span 1677-09-21 to 2262-04-11.
	if year < 1678 || year > 2261 || month < 1 || month > 12 || day < 1 ||
		hour > 23 || min > 59 || sec > 59 {
		return 0, false
	}
	t := time.Date(year, time.Month(month), day, hour, min, sec, nsec, time.UTC)
	if t.Day() != day { // time.Date normalized an impossible day such as Feb 30
		return 0, false
	}
	return t.UnixNano() - int64(offset)*1e9, true
}

// seedDigits parses a short run of ASCII digits.
func seedDigits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(b) > 0
}
