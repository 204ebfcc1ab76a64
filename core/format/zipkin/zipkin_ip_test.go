package zipkin

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestIPLiterals(t *testing.T) {
	tests := []struct {
		s          string
		ipv4, ipv6 bool
	}{
		{"10.0.3.7", true, false},
		{"255.255.255.255", true, false},
		{"256.1.1.1", false, false},
		{"1.2.3", false, false},
		{"1.2.3.4.5", false, false},
		{"01.2.3.4", true, false},
		{"1..3.4", false, false},
		{"fd00::5", false, true},
		{"::1", false, true},
		{"2001:db8::ffff:10.0.0.1", false, true},
		{"db.internal", false, false},
		{"a:b", false, false},
		{"", false, false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.ipv4, isIPv4(tt.s), "isIPv4(%q)", tt.s)
		assert.Equal(t, tt.ipv6, isIPv6(tt.s), "isIPv6(%q)", tt.s)
	}
}
