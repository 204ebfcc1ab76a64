package analyze

import (
	"cmp"
	"slices"
	"strings"

	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/tree"
)

// Search returns the spans matching query q, in the forest's pre-order.
//
// A query is a list of terms, all of which must match (AND by
// juxtaposition, or explicit AND); OR, NOT or a leading "-" and
// parentheses combine them, NOT binding tightest, then AND, then OR:
//
//	service:checkout status:error duration>250ms
//	name~"chat*" (role:llm OR role:embedding) -kind:internal
//	attr.gen_ai.request.model=gpt-4o tokens>=1000 trace:4bf92f35
//
// A term is field op value, or free text. Fields: service, name, model,
// status (error, ok, unset), kind, role, trace and span (hex ids; trace:
// also matches an id prefix), duration and self (with a unit: ns, us, µs,
// ms, s, m, h), tokens, cost (USD), and attr.<key>, which looks at the
// span's attributes, then its resource's. model tests the request and the
// response model; model:gpt-4o also finds the family's dated and
// provider-prefixed names, as the price table does. Operators:
//
//	:      matches: a glob if the value has * or ?, else equality, ignoring case
//	       (numbers compare numerically)
//	~      glob (* any run, ? one character), ignoring case
//	= !=   exact equality (numbers numerically); a missing attribute is != anything
//	< <= > >=   numeric comparison
//
// Free text (a bare word or a "quoted phrase") matches spans whose name,
// service or some attribute value contains it, ignoring case, as Jaeger
// UI's search does. Quote values with spaces; \" and \\ escape inside
// quotes.
func Search(f *tree.Forest, q string) ([]int32, error) {
	query, err := ParseQuery(q)
	if err != nil {
		return nil, err
	}
	match := query.Matcher(f)
	out := make([]int32, 0, 64)
	for _, i := range f.Order {
		if match(i) {
			out = append(out, i)
		}
	}
	return out, nil
}

// Matcher compiles q for the spans of f: the returned function reports
// whether span i matches. The terms of an AND or OR are tried cheapest
// first, and a span's role, self time and usage are worked out only when
// a term needs them (then remembered), so that a query narrowed by name or
// service never classifies or prices the other spans. The matcher is not
// safe for concurrent use.
func (q *Query) Matcher(f *tree.Forest) func(i int32) bool {
	if q.root == nil {
		return func(int32) bool { return true }
	}
	c := &qcompiler{f: f, spans: f.Batch.Spans}
	return c.compile(q.root)
}

type qcompiler struct {
	f     *tree.Forest
	spans []model.Span

	// Per-span facts computed on first use; known marks which.
	classifier *roleClassifier
	roles      []Role
	roleKnown  []bool
	prices     *PriceTable
	priceOf    map[string]*ModelPrice
	usage      []qusage
	usageKnown []bool
	traceOf    []int32
	scratch    []byte
}

// qusage is the part of a span's Usage that queries test, free of
// pointers so that a million of them cost the garbage collector nothing.
type qusage struct {
	total     int64
	cost      float64
	costKnown bool
}

// termCost ranks how expensive a term is to test on one span.
func termCost(n *qnode) int {
	switch n.op {
	case qTerm:
		switch n.term.field {
		case "attr", "self", "model":
			return 1
		case "":
			return 2
		case "role", "tokens", "cost":
			return 3
		}
		return 0
	}
	worst := 0
	for _, k := range n.kids {
		worst = max(worst, termCost(k))
	}
	return worst
}

func (c *qcompiler) compile(n *qnode) func(int32) bool {
	switch n.op {
	case qNot:
		m := c.compile(n.kids[0])
		return func(i int32) bool { return !m(i) }
	case qAnd, qOr:
		kids := slices.Clone(n.kids)
		slices.SortStableFunc(kids, func(a, b *qnode) int { return cmp.Compare(termCost(a), termCost(b)) })
		ms := make([]func(int32) bool, len(kids))
		for k, kid := range kids {
			ms[k] = c.compile(kid)
		}
		if n.op == qAnd {
			return func(i int32) bool {
				for _, m := range ms {
					if !m(i) {
						return false
					}
				}
				return true
			}
		}
		return func(i int32) bool {
			for _, m := range ms {
				if m(i) {
					return true
				}
			}
			return false
		}
	}
	return c.term(&n.term)
}

func (c *qcompiler) term(t *qterm) func(int32) bool {
	spans := c.spans
	switch t.field {
	case "":
		return c.text(t.value)
	case "service":
		m := stringMatcher(t.op, t.value)
		return func(i int32) bool { return m(spans[i].Service) }
	case "name":
		m := stringMatcher(t.op, t.value)
		return func(i int32) bool { return m(spans[i].Name) }
	case "model":
		return c.model(t)
	case "status":
		var m func(int32) bool
		switch t.value {
		case "error":
			m = func(i int32) bool { return spans[i].Failed() }
		case "ok":
			m = func(i int32) bool { return spans[i].Status.Code == model.StatusOK && !spans[i].Failed() }
		default:
			m = func(i int32) bool { return !spans[i].Failed() && spans[i].Status.Code == model.StatusUnset }
		}
		return negateIf(t.op == "!=", m)
	case "kind":
		k, _ := model.ParseSpanKind(t.value)
		return negateIf(t.op == "!=", func(i int32) bool { return spans[i].Kind == k })
	case "role":
		r, _ := ParseRole(t.value)
		return negateIf(t.op == "!=", func(i int32) bool { return c.roleOf(i) == r })
	case "trace":
		return c.trace(t)
	case "span":
		id, _ := model.ParseSpanID([]byte(t.value))
		return negateIf(t.op == "!=", func(i int32) bool { return spans[i].ID == id })
	case "duration":
		test := numberMatcher(t.op, t.num)
		return func(i int32) bool { return test(float64(c.f.Duration(i))) }
	case "self":
		test := numberMatcher(t.op, t.num)
		return func(i int32) bool { return test(float64(selfTime(c.f, i))) }
	case "tokens":
		test := numberMatcher(t.op, t.num)
		return func(i int32) bool { return test(float64(c.usageOf(i).total)) }
	case "cost":
		test := numberMatcher(t.op, t.num)
		return func(i int32) bool {
			u := c.usageOf(i)
			if !u.costKnown {
				return t.op == "!="
			}
			return test(u.cost)
		}
	}
	return c.attr(t)
}

func negateIf(neg bool, m func(int32) bool) func(int32) bool {
	if neg {
		return func(i int32) bool { return !m(i) }
	}
	return m
}

func (c *qcompiler) roleOf(i int32) Role {
	if c.roles == nil {
		c.classifier = newRoleClassifier(DefaultRoleRules)
		c.roles, c.roleKnown = make([]Role, len(c.spans)), make([]bool, len(c.spans))
	}
	if !c.roleKnown[i] {
		c.roles[i], c.roleKnown[i] = c.classifier.classify(c.spans[i].Attrs), true
	}
	return c.roles[i]
}

func (c *qcompiler) usageOf(i int32) *qusage {
	if c.usage == nil {
		c.prices, c.priceOf = DefaultPrices(), map[string]*ModelPrice{}
		c.usage, c.usageKnown = make([]qusage, len(c.spans)), make([]bool, len(c.spans))
	}
	if !c.usageKnown[i] {
		u := spanUsage(c.spans[i].Attrs, c.prices, c.priceOf)
		c.usage[i], c.usageKnown[i] = qusage{u.Total, u.Cost, u.CostKnown}, true
	}
	return &c.usage[i]
}

// model matches the model names a span carries: its request and its
// response model, every one usage reads (not only the one it prices by),
// so that a query finds the same spans whichever of the two an exporter
// wrote. With ":" and no wildcard a name matches when it equals the value
// ignoring case or when the price table's entry of that name covers it
// (ModelPrice.Covers, the rule pricing uses): model:gpt-4o finds
// gpt-4o-2024-08-06 and openai/gpt-4o, and not gpt-4o-mini. "=", "!=" and
// globs test the names as written; "!=" holds when no name equals the value.
func (c *qcompiler) model(t *qterm) func(int32) bool {
	test := stringMatcher(t.op, t.value)
	switch {
	case t.op == "!=":
		test = stringMatcher("=", t.value)
	case t.op == ":" && !hasWildcard(t.value):
		if entry := DefaultPrices().Named(t.value); entry != nil {
			in := map[string]bool{} // names are few; the pattern runs once per name
			test = func(name string) bool {
				ok, seen := in[name]
				if !seen {
					ok = strings.EqualFold(name, t.value) || entry.Covers(name)
					in[name] = ok
				}
				return ok
			}
		}
	}
	spans := c.spans
	return negateIf(t.op == "!=", func(i int32) bool {
		attrs := spans[i].Attrs
		for k := range attrs {
			if key, ok := usageKeyOf(attrs[k].Key); ok && key.field == fModel {
				if name := attrs[k].Value.Str(); name != "" && test(name) {
					return true
				}
			}
		}
		return false
	})
}

// trace matches spans of the traces whose id equals the value (":" also
// accepts a prefix of the 32- or 16-digit form).
func (c *qcompiler) trace(t *qterm) func(int32) bool {
	if c.traceOf == nil {
		c.traceOf = make([]int32, len(c.spans))
		for k, tr := range c.f.Traces {
			for _, i := range c.f.Order[tr.First : tr.First+tr.Count] {
				c.traceOf[i] = int32(k)
			}
		}
	}
	want, _ := model.ParseTraceID([]byte(t.value))
	hit := make([]bool, len(c.f.Traces))
	for k, tr := range c.f.Traces {
		hit[k] = tr.ID == want ||
			t.op == ":" && (strings.HasPrefix(tr.ID.String(), t.value) || strings.HasPrefix(tr.ID.Short(), t.value))
	}
	traceOf := c.traceOf
	return negateIf(t.op == "!=", func(i int32) bool { return hit[traceOf[i]] })
}

// attr matches attr.<key> terms against the span's attributes, then its
// resource's.
func (c *qcompiler) attr(t *qterm) func(int32) bool {
	spans, resources := c.spans, c.f.Batch.Resources
	lookup := func(i int32) (model.Value, bool) {
		s := &spans[i]
		if v, ok := s.Attrs.Get(t.key); ok {
			return v, true
		}
		if s.Resource >= 0 && int(s.Resource) < len(resources) {
			return resources[s.Resource].Attrs.Get(t.key)
		}
		return model.Value{}, false
	}
	text := func(v model.Value) string {
		if v.Type() == model.TypeString {
			return v.Str()
		}
		return v.AsString()
	}
	var test func(v model.Value) bool
	switch t.op {
	case "<", "<=", ">", ">=":
		less := numberMatcher(t.op, t.num)
		test = func(v model.Value) bool {
			x, ok := v.Number()
			return ok && less(x)
		}
	case "~":
		g := newGlob(t.value)
		test = func(v model.Value) bool { return g.match(text(v)) }
	case ":":
		if hasWildcard(t.value) {
			g := newGlob(t.value)
			test = func(v model.Value) bool { return g.match(text(v)) }
			break
		}
		test = func(v model.Value) bool {
			if x, ok := numeric(v); ok && t.isNum {
				return x == t.num
			}
			return strings.EqualFold(text(v), t.value)
		}
	default: // = and !=
		test = func(v model.Value) bool {
			if x, ok := numeric(v); ok && t.isNum {
				return x == t.num
			}
			return text(v) == t.value
		}
	}
	neg := t.op == "!="
	return func(i int32) bool {
		v, ok := lookup(i)
		if !ok {
			return neg
		}
		return test(v) != neg
	}
}

// numeric returns an int or double attribute as a float64; numeric
// strings stay strings here, so "007" = 7 does not hold.
func numeric(v model.Value) (float64, bool) {
	switch v.Type() {
	case model.TypeInt, model.TypeDouble:
		return v.Number()
	}
	return 0, false
}

func numberMatcher(op string, want float64) func(float64) bool {
	switch op {
	case "<":
		return func(x float64) bool { return x < want }
	case "<=":
		return func(x float64) bool { return x <= want }
	case ">":
		return func(x float64) bool { return x > want }
	case ">=":
		return func(x float64) bool { return x >= want }
	case "!=":
		return func(x float64) bool { return x != want }
	}
	return func(x float64) bool { return x == want }
}

func stringMatcher(op, want string) func(string) bool {
	switch {
	case op == "~" || op == ":" && hasWildcard(want):
		return newGlob(want).match
	case op == ":":
		return func(s string) bool { return strings.EqualFold(s, want) }
	case op == "!=":
		return func(s string) bool { return s != want }
	}
	return func(s string) bool { return s == want }
}

// text matches free text against name, service and attribute values.
func (c *qcompiler) text(needle string) func(int32) bool {
	spans := c.spans
	needle = strings.ToLower(needle)
	contains := func(h string) bool { return containsFold(h, needle) }
	return func(i int32) bool {
		s := &spans[i]
		if contains(s.Name) || contains(s.Service) {
			return true
		}
		for k := range s.Attrs {
			v := s.Attrs[k].Value
			switch v.Type() {
			case model.TypeString:
				if contains(v.Str()) {
					return true
				}
			case model.TypeEmpty:
			default:
				// Other values as their text, without allocating.
				c.scratch = v.AppendJSON(c.scratch[:0])
				if containsFold(c.scratch, needle) {
					return true
				}
			}
		}
		return false
	}
}
