module github.com/spanlens/spanlens

go 1.26.0

require (
	github.com/andybalholm/brotli v1.3.0
	github.com/goccy/go-json v0.12.0
	github.com/stretchr/testify v1.12.1
	github.com/syumai/workers v0.32.0
	golang.org/x/term v0.48.0
	google.golang.org/protobuf v1.36.12
)

require (
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/sys v0.50.0 // indirect
)
