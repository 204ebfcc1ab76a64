package decode

// hexVal maps a byte to its hex digit value, or to 0xff.
var hexVal = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for i := byte(0); i < 10; i++ {
		t['0'+i] = i
	}
	for i := byte(0); i < 6; i++ {
		t['a'+i], t['A'+i] = 10+i, 10+i
	}
	return t
}()

// DecodeHex decodes exactly 2*len(dst) hex digits of src into dst.
func DecodeHex[S string | []byte](dst []byte, src S) bool {
	if len(src) != 2*len(dst) {
		return false
	}
	var bad byte
	for i := range dst {
		hi, lo := hexVal[src[2*i]], hexVal[src[2*i+1]]
		bad |= hi | lo
		dst[i] = hi<<4 | lo
	}
	return bad&0xf0 == 0
}
