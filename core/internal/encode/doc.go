// Package encode is what every format's encoder shares: the Sink an
// encoder appends to (a growing buffer or a writer fed in chunks), the
// JSON and number appenders, and the tags that carry model fields a wire
// format has no place for.
package encode
