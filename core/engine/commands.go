package engine

// command is one entry of the protocol's command table.
type command struct {
	fn       func(*call) (Result, error)
	needsDoc bool // the request must name a loaded handle
	arrays   bool // it takes []int32 arguments as request arrays (call.arrayArgs)
}

// commands is the authoritative list of protocol commands; docs/protocol.md
// describes each.
var commands map[string]command

func init() {
	commands = map[string]command{
		"hello": {fn: cmdHello},
		"load":  {fn: cmdLoad},
		"free":  {fn: cmdFree, needsDoc: true},

		"loadBegin": {fn: cmdLoadBegin},
		"loadChunk": {fn: cmdLoadChunk},
		"loadEnd":   {fn: cmdLoadEnd},
		"loadPart":  {fn: cmdLoadPart},

		"traces": {fn: cmdTraces, needsDoc: true},
		"tree":   {fn: cmdTree, needsDoc: true},
		"span":   {fn: cmdSpan, needsDoc: true},

		"names":    {fn: cmdNames, needsDoc: true},
		"layout":   {fn: cmdLayout, needsDoc: true, arrays: true},
		"overview": {fn: cmdOverview, needsDoc: true},
		"svg":      {fn: cmdSVG, needsDoc: true},
		"convert":  {fn: cmdConvert, needsDoc: true},

		"criticalPath": {fn: cmdCriticalPath, needsDoc: true},
		"summary":      {fn: cmdSummary, needsDoc: true},
		"errors":       {fn: cmdErrors, needsDoc: true},
		"agentGraph":   {fn: cmdAgentGraph, needsDoc: true},
		"search":       {fn: cmdSearch, needsDoc: true},
		"compare":      {fn: cmdCompare, needsDoc: true},
	}
}
