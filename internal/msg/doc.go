// Package msg formats the messages of errors and warnings: Sprintf,
// Errorf and Appendf, as package fmt's do.
//
// Natively they are fmt's (msg_other.go), so go vet checks every call's
// verbs and arguments as it checks fmt's. In WebAssembly they run a small
// printer of their own (printer.go) for the verbs, flags and kinds of
// value the core's messages use: fmt's printer, with the reflection of
// any value it does and what it keeps linked, was some 60 KB of the
// module's gzipped size. printer_test.go checks the printer against fmt,
// natively and in WebAssembly.
package msg
