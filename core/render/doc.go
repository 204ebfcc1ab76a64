// Package render draws traces as text for terminals: a tree in the style of
// spanforge's print_tree (box-drawing characters, durations, status,
// tokens and cost, and a rolled-up total at the foot) and a timeline with
// bars scaled to the terminal's width. The caller decides on colour (a
// terminal without NO_COLOR) and passes it in Options; this package does no
// I/O. Subpackage svg draws SVG.
package render
