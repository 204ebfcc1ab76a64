// Package pattern matches text against regular expressions written in
// Go's regexp syntax (RE2), for the price table's model-name patterns.
//
// It exists so that the WebAssembly module does not link regexp, which
// with its Unicode tables was 126 KB of the module's gzipped size. It
// reads the part of the syntax that names are matched with: literals,
// ".", character classes with ranges and negation, \d \w \s and their
// negations, groups (capturing, (?:…) and named), alternation, the
// quantifiers * + ? {n} {n,} {n,m} (greedy or lazy), the anchors ^ $ \A
// \z \b \B, and the flags i, m, s and U. Unicode classes (\p{…}), POSIX
// classes ([[:alpha:]]), \Q…\E and octal or backreference escapes are
// refused with an error that names them. Where it accepts a pattern it
// matches exactly what regexp does (a test fuzzes the two against each
// other), in time linear in the text.
package pattern
