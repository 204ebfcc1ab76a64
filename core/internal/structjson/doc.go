// Package structjson reads and writes JSON for Go values by reflection:
// the engine protocol's arguments and results, and the price file.
//
// It exists so that the WebAssembly module does not link encoding/json,
// 76 KB of the module's 1.82 MB gzipped. It covers the types those use
// (structs with json tags, embedded structs, pointers, slices, arrays,
// string-keyed maps, interfaces; MarshalJSON and MarshalText methods when
// writing, RawMessage when reading) and writes what encoding/json writes
// for them, up to string escaping: strings are escaped as every
// spanlens encoder escapes them (model.AppendJSONString), which JSON
// readers read back the same. Reading goes through jsonscan, the scanner
// every decoder shares, so its errors name the path of the bad value.
//
// Unlike encoding/json, member names match exactly (not ignoring case),
// numbers must be numbers (an int field takes 3, not "3" or 3.5), and a
// field it cannot handle is an error, not a silent skip.
package structjson
