package synth

// Shape is the structure of the generated span trees.
type Shape uint8

const (
	// Balanced: every span has 2 to 5 children, breadth first, so the
	// depth grows with the logarithm of the trace size.
	Balanced Shape = iota
	// DeepChain: each span has exactly one child; depth equals the
	// trace's span count.
	DeepChain
	// WideFanout: one root with every other span as its child, staggered
	// so that neighbouring children overlap (async fan-out).
	WideFanout
	// AgentLoop: invoke_agent roots whose children alternate chat calls
	// and tool executions, with occasional nested sub-agents.
	AgentLoop
)

var shapeNames = [...]string{"balanced", "deep-chain", "wide-fanout", "agent-loop"}

// String returns the shape's name, e.g. "agent-loop".
func (s Shape) String() string {
	if int(s) < len(shapeNames) {
		return shapeNames[s]
	}
	return "balanced"
}

// ParseShape accepts the names String returns.
func ParseShape(name string) (Shape, bool) {
	for i, n := range shapeNames {
		if n == name {
			return Shape(i), true
		}
	}
	return Balanced, false
}

// Config says what to generate. The zero Config gives 1,000 Balanced spans
// in one trace over 6 services.
type Config struct {
	Seed   int64
	Spans  int // total spans; default 1,000
	Traces int // traces sharing the spans as evenly as possible; default 1
	Shape  Shape
	// Services is the number of distinct services (resources); default 6.
	Services int
	// AttrsPerSpan adds that many app.attr.N attributes of mixed types
	// (string, int, double, bool, string array) to every span, on top of
	// its semantic-convention attributes.
	AttrsPerSpan int
	// EventsEvery gives every N-th span an event; 0 gives none.
	EventsEvery int
	// ErrorEvery makes about one span in N fail with an error status and
	// an exception event; 0 gives no errors.
	ErrorEvery int
	// Start is the first trace's start in ns since the epoch; default
	// 2025-01-01T00:00:00Z.
	Start int64
}

// defaultStart is 2025-01-01T00:00:00Z.
const defaultStart = 1_735_689_600_000_000_000

func (c Config) withDefaults() Config {
	if c.Spans <= 0 {
		c.Spans = 1000
	}
	if c.Traces <= 0 {
		c.Traces = 1
	}
	c.Traces = min(c.Traces, c.Spans)
	if c.Services <= 0 {
		c.Services = 6
	}
	c.AttrsPerSpan = max(c.AttrsPerSpan, 0)
	if c.Start == 0 {
		c.Start = defaultStart
	}
	return c
}
