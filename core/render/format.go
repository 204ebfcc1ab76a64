package render

import (
	"strconv"

	"github.com/spanlens/spanlens/core/analyze"
)

// Cost formats USD with enough decimals to show small amounts: "$0.0031",
// "$12.40", "$0.000004".
func Cost(usd float64) string {
	switch {
	case usd == 0:
		return "$0"
	case usd >= 1:
		return "$" + strconv.FormatFloat(usd, 'f', 2, 64)
	case usd >= 0.0001:
		return "$" + strconv.FormatFloat(usd, 'f', 4, 64)
	}
	return "$" + strconv.FormatFloat(usd, 'g', 2, 64)
}

// Count formats an integer with thousands separators: "12,345".
func Count(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	var b []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, s[i])
	}
	if neg {
		return "-" + string(b)
	}
	return string(b)
}

// usageText renders tokens and cost: "in=512 out=200 tok  $0.0031".
func usageText(u *analyze.Usage) string {
	if !u.Tokens() && !u.CostKnown {
		return ""
	}
	s := ""
	if u.Tokens() {
		if u.Input > 0 || u.Output > 0 {
			s = "in=" + Count(u.Input) + " out=" + Count(u.Output) + " tok"
		} else {
			s = Count(u.Total) + " tok"
		}
	}
	if c := UsageCost(u); c != "-" {
		s += "  " + c
	}
	return s
}

// UsageCost renders u's cost: "$0.0031"; "$0.0031+?" when some tokens
// could not be priced, so the cost is a lower bound; "$?" when none
// could; "-" when there is no cost to tell.
func UsageCost(u *analyze.Usage) string {
	switch {
	case u.Unpriced && u.Cost > 0:
		return Cost(u.Cost) + "+?"
	case u.Unpriced:
		return "$?"
	case u.CostKnown:
		return Cost(u.Cost)
	}
	return "-"
}

// Plural renders "1 span", "2 spans".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
