package synth

import "github.com/spanlens/spanlens/core/model"

// Fixed vocabularies. Values are built once so that generating a span
// copies strings instead of formatting them.

// distServices are the OpenTelemetry demo's services.
var distServices = []string{
	"frontend", "checkout", "cart", "product-catalog", "payment", "shipping",
	"currency", "email", "recommendation", "ad", "quote", "fraud-detection",
	"accounting", "inventory", "auth", "search", "user", "notification",
	"pricing", "image-provider",
}

var agentServices = []string{
	"assistant-api", "research-agent", "tool-gateway", "vector-store",
	"code-sandbox", "billing", "memory-store", "web-fetcher",
}

var languages = []string{"go", "java", "python", "nodejs", "dotnet", "rust"}

type route struct {
	method, path, name string
}

func newRoute(method, path string) route { return route{method, path, method + " " + path} }

var routes = []route{
	newRoute("GET", "/api/products"),
	newRoute("GET", "/api/products/{id}"),
	newRoute("GET", "/api/cart"),
	newRoute("POST", "/api/cart"),
	newRoute("POST", "/api/checkout"),
	newRoute("GET", "/api/recommendations"),
	newRoute("GET", "/api/shipping/quote"),
	newRoute("POST", "/api/payments"),
	newRoute("GET", "/api/users/{id}"),
	newRoute("PUT", "/api/users/{id}/preferences"),
	newRoute("GET", "/api/search"),
	newRoute("DELETE", "/api/cart/{item}"),
}

var externalHosts = []string{"api.stripe.com", "maps.googleapis.com", "hooks.slack.com", "api.sendgrid.com", "s3.amazonaws.com"}

type dbQuery struct {
	system, op, table, text, name string
}

func newQuery(system, op, table, text string) dbQuery {
	return dbQuery{system, op, table, text, op + " " + table}
}

var queries = []dbQuery{
	newQuery("postgresql", "SELECT", "products", "SELECT id, name, price FROM products WHERE id = $1"),
	newQuery("postgresql", "SELECT", "orders", "SELECT * FROM orders WHERE user_id = $1 ORDER BY created_at DESC LIMIT 20"),
	newQuery("postgresql", "INSERT", "orders", "INSERT INTO orders (user_id, total, currency) VALUES ($1, $2, $3)"),
	newQuery("postgresql", "UPDATE", "inventory", "UPDATE inventory SET stock = stock - $1 WHERE sku = $2"),
	newQuery("mysql", "SELECT", "users", "SELECT id, email, locale FROM users WHERE id = ?"),
	newQuery("redis", "GET", "cart", "GET cart:?"),
	newQuery("redis", "SET", "session", "SET session:? ? EX 3600"),
	newQuery("mongodb", "find", "reviews", `{"find":"reviews","filter":{"product_id":"?"}}`),
}

var functions = []string{
	"CartService.AddItem", "validate_order", "render_template", "compute_tax",
	"PriceCalculator.total", "serialize_response", "load_feature_flags", "resize_image",
}

var topics = []struct{ system, name, send, process string }{
	{"kafka", "orders", "send orders", "process orders"},
	{"kafka", "payments.completed", "send payments.completed", "process payments.completed"},
	{"rabbitmq", "emails", "send emails", "process emails"},
}

// llmModel is a model an agent calls, with the provider and the dated
// name the provider reports back.
type llmModel struct {
	request, response, provider string
	scope                       int // index into agentScopes
	reasoning                   bool
	chatName                    string
}

func newModel(req, resp, provider string, scope int, reasoning bool) llmModel {
	return llmModel{req, resp, provider, scope, reasoning, "chat " + req}
}

var models = []llmModel{
	newModel("gpt-4o", "gpt-4o-2024-08-06", "openai", scopeOpenAI, false),
	newModel("gpt-4o-mini", "gpt-4o-mini-2024-07-18", "openai", scopeOpenAI, false),
	newModel("claude-sonnet-4", "claude-sonnet-4-20250514", "anthropic", scopeAnthropic, false),
	newModel("gemini-2.5-pro", "gemini-2.5-pro", "gcp.gemini", scopeGemini, true),
}

type tool struct {
	name, spanName string
	child          int // kind of child work: toolNone, toolHTTP, toolDB
}

const (
	toolNone = iota
	toolHTTP
	toolDB
)

func newTool(name string, child int) tool { return tool{name, "execute_tool " + name, child} }

var tools = []tool{
	newTool("web_search", toolHTTP),
	newTool("fetch_url", toolHTTP),
	newTool("sql_query", toolDB),
	newTool("read_file", toolNone),
	newTool("run_python", toolNone),
	newTool("get_weather", toolHTTP),
	newTool("lookup_order", toolDB),
	newTool("calculator", toolNone),
}

type agentName struct{ name, spanName string }

var agentNames = []agentName{
	{"planner", "invoke_agent planner"},
	{"researcher", "invoke_agent researcher"},
	{"coder", "invoke_agent coder"},
	{"reviewer", "invoke_agent reviewer"},
	{"support-agent", "invoke_agent support-agent"},
}

type failure struct {
	typ, message, stack string
}

var failures = []failure{
	{"TimeoutError", "upstream request timed out after 30s", "TimeoutError: upstream request timed out after 30s\n  at fetch (client.js:88:11)\n  at handler (server.js:41:5)"},
	{"ConnectionRefusedError", "connect ECONNREFUSED 10.0.3.7:5432", "ConnectionRefusedError: connect ECONNREFUSED 10.0.3.7:5432\n  at pool.acquire (pool.py:213)"},
	{"ValueError", "invalid literal for int() with base 10: 'abc'", "Traceback (most recent call last):\n  File \"tool.py\", line 12, in run\nValueError: invalid literal for int() with base 10: 'abc'"},
	{"RateLimitError", "Rate limit reached for requests", "openai.RateLimitError: Error code: 429 - Rate limit reached for requests"},
}

// Shared composite values: Values are immutable, so every span can point at
// the same array.
var (
	finishToolCalls = model.ArrayValue(model.StringValue("tool_calls"))
	finishStop      = model.ArrayValue(model.StringValue("stop"))
	tagValues       = []model.Value{
		model.ArrayValue(model.StringValue("beta"), model.StringValue("eu-west-1")),
		model.ArrayValue(model.StringValue("canary")),
		model.ArrayValue(model.StringValue("gold"), model.StringValue("mobile"), model.StringValue("retry")),
	}
	appStrings = []string{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot"}
)

// Instrumentation scopes, added to every batch in this order so that the
// constants are their indices.
const (
	scopeHTTP = iota
	scopeSQL
	scopeApp
	scopeMessaging
	scopeAgents
	scopeOpenAI
	scopeAnthropic
	scopeGemini
)

var scopes = []model.Scope{
	scopeHTTP:      {Name: "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp", Version: "0.63.0"},
	scopeSQL:       {Name: "github.com/XSAM/otelsql", Version: "0.39.0"},
	scopeApp:       {Name: "app"},
	scopeMessaging: {Name: "go.opentelemetry.io/contrib/instrumentation/github.com/IBM/sarama/otelsarama", Version: "0.43.0"},
	scopeAgents:    {Name: "opentelemetry.instrumentation.openai_agents", Version: "0.1.0"},
	scopeOpenAI:    {Name: "opentelemetry.instrumentation.openai_v2", Version: "2.1b0"},
	scopeAnthropic: {Name: "opentelemetry.instrumentation.anthropic", Version: "0.40.2"},
	scopeGemini:    {Name: "opentelemetry.instrumentation.google_genai", Version: "0.3b0"},
}
