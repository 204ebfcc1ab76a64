package export

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/spanlens/spanlens/core/internal/encode"
)

func TestAppendShortTraceID(t *testing.T) {
	assert.Equal(t, `"00000000000000aa"`, string(encode.AppendShortTraceID(nil, trace2)))
	assert.Equal(t, `"0102030405060708090a0b0c0d0e0f10"`, string(encode.AppendShortTraceID(nil, trace1)))
}
