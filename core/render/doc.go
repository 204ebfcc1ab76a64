// Package render draws traces as text for terminals: a tree in the style of
// spanforge's print_tree (box-drawing characters, durations, status,
// tokens and cost, and a rolled-up total at the foot) and a timeline with
// bars scaled to the terminal's width. The caller decides on colour (a
// terminal without NO_COLOR) and passes it in Options; this package does no
// I/O. Trace strings are untrusted: every one printed goes through
// Printable, so a trace cannot send escape sequences to the terminal.
// Subpackage svg draws SVG.
package render
