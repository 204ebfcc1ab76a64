package tree

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFlagString(t *testing.T) {
	tests := []struct {
		flag Flag
		want string
	}{
		{0, ""},
		{Orphan, "orphan"},
		{Duplicate | CycleBroken, "duplicate|cycle-broken"},
		{Skewed | Adjusted | Orphan, "orphan|skewed|adjusted"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.flag.String())
		})
	}
}
