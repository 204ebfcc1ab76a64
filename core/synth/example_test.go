package synth_test

import (
	"fmt"

	"github.com/spanlens/spanlens/core/synth"
)

func ExampleGenerate() {
	b := synth.Generate(synth.Config{Seed: 1, Spans: 6, Shape: synth.AgentLoop})
	for _, sp := range b.Spans {
		op, _ := sp.Attrs.Get("gen_ai.operation.name")
		fmt.Printf("%-26s %s\n", sp.Name, op.Str())
	}
	// Output:
	// invoke_agent reviewer      invoke_agent
	// chat claude-sonnet-4       chat
	// execute_tool read_file     execute_tool
	// chat claude-sonnet-4       chat
	// execute_tool run_python    execute_tool
	// chat claude-sonnet-4       chat
}
