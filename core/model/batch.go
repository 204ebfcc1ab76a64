package model

// Batch is everything decoded from one input: the spans of one or more
// traces in input order, the resources and scopes they reference, the name
// of the source format and the warnings collected while decoding.
type Batch struct {
	Format    Format
	Spans     []Span
	Resources []Resource
	Scopes    []Scope
	Warnings  []Warning
}

// Resource is the entity that produced spans (a process or service).
type Resource struct {
	Service string
	Attrs   Attrs
}

// Scope is the instrumentation library that produced spans.
type Scope struct {
	Name    string
	Version string
	Attrs   Attrs
}

// Warning is a problem that did not stop decoding or tree building: a
// duplicate id, a broken cycle, an unparseable optional field.
type Warning struct {
	// Span is the index of the span concerned, or -1.
	Span    int32
	Message string
}

// Warn appends a warning about span (or -1 for the whole batch).
func (b *Batch) Warn(span int32, msg string) {
	b.Warnings = append(b.Warnings, Warning{Span: span, Message: msg})
}

// AddResource appends r and returns its index.
func (b *Batch) AddResource(r Resource) int32 {
	b.Resources = append(b.Resources, r)
	return int32(len(b.Resources) - 1)
}

// AddScope appends s and returns its index.
func (b *Batch) AddScope(s Scope) int32 {
	b.Scopes = append(b.Scopes, s)
	return int32(len(b.Scopes) - 1)
}

// ServiceNameKey is the resource attribute naming a service.
const ServiceNameKey = "service.name"
