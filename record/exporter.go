package record

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/spanlens/spanlens/core/export"
)

// Exporter defaults.
const (
	DefaultQueueSize     = 64
	DefaultExportTimeout = 10 * time.Second
)

// OTLPExporter posts finished traces as OTLP/JSON to a collector's
// /v1/traces (any OpenTelemetry collector, or spanlens serve). Export
// never blocks: traces wait in a bounded queue for one background sender;
// a full queue, a failed or timed-out POST, or a collector's error status
// becomes a warning on the trace concerned.
type OTLPExporter struct {
	url     string
	client  *http.Client
	headers http.Header
	queue   chan *Trace

	mu     sync.Mutex
	closed bool
	done   chan struct{}
	wg     sync.WaitGroup

	sent, failed, dropped atomic.Int64
}

// ExporterOption configures NewOTLPExporter.
type ExporterOption func(*OTLPExporter)

// QueueSize bounds the traces waiting to be sent (default
// DefaultQueueSize); when full, Export drops the trace with a warning.
func QueueSize(n int) ExporterOption {
	return func(e *OTLPExporter) {
		if n > 0 {
			e.queue = make(chan *Trace, n)
		}
	}
}

// Timeout bounds one POST (default DefaultExportTimeout).
func Timeout(d time.Duration) ExporterOption {
	return func(e *OTLPExporter) {
		if d > 0 {
			e.client.Timeout = d
		}
	}
}

// Header adds a request header, such as an API key.
func Header(key, value string) ExporterOption {
	return func(e *OTLPExporter) { e.headers.Add(key, value) }
}

// HTTPClient makes the requests with c (its Timeout is replaced by
// Timeout's); by default a client of its own.
func HTTPClient(c *http.Client) ExporterOption {
	return func(e *OTLPExporter) {
		if c != nil {
			cc := *c
			cc.Timeout = e.client.Timeout
			e.client = &cc
		}
	}
}

// NewOTLPExporter returns an exporter posting to endpoint: a base URL
// ("http://localhost:4318", to which /v1/traces is added) or a full URL
// ending in /v1/traces. Close it to send what is queued.
func NewOTLPExporter(endpoint string, opts ...ExporterOption) *OTLPExporter {
	url := strings.TrimRight(endpoint, "/")
	if !strings.HasSuffix(url, "/v1/traces") {
		url += "/v1/traces"
	}
	e := &OTLPExporter{
		url:     url,
		client:  &http.Client{Timeout: DefaultExportTimeout},
		headers: http.Header{},
		queue:   make(chan *Trace, DefaultQueueSize),
		done:    make(chan struct{}),
	}
	for _, o := range opts {
		if o != nil {
			o(e)
		}
	}
	e.wg.Add(1)
	go e.run()
	return e
}

// Export queues t for sending, or drops it with a warning when the queue
// is full or the exporter closed. A trace without spans (a LazyStart trace
// that never started one) is not sent.
func (e *OTLPExporter) Export(t *Trace) {
	if e == nil || t == nil {
		return
	}
	t.rec.mu.Lock()
	empty := len(t.rec.spans) == 0
	t.rec.mu.Unlock()
	if empty {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		e.dropped.Add(1)
		t.Warn(fmt.Sprintf("otlp export to %s: exporter closed; trace not sent", e.url))
		return
	}
	select {
	case e.queue <- t:
	default:
		e.dropped.Add(1)
		t.Warn(fmt.Sprintf("otlp export to %s: queue full (QueueSize %d); trace not sent", e.url, cap(e.queue)))
	}
}

func (e *OTLPExporter) run() {
	defer e.wg.Done()
	for {
		select {
		case t, ok := <-e.queue:
			if !ok {
				return
			}
			e.send(t)
		case <-e.done:
			return
		}
	}
}

// send posts one trace; failures are warnings on it.
func (e *OTLPExporter) send(t *Trace) {
	defer func() {
		if v := recover(); v != nil {
			e.failed.Add(1)
			t.Warn(fmt.Sprintf("otlp export to %s: panic: %v", e.url, v))
		}
	}()
	body, err := export.Append(nil, t.Batch(), export.OTLPJSON)
	if err == nil {
		err = e.post(body)
	}
	if err != nil {
		e.failed.Add(1)
		t.Warn(fmt.Sprintf("otlp export: %v", err))
		return
	}
	e.sent.Add(1)
}

func (e *OTLPExporter) post(body []byte) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { // Close with a deadline abandons a hanging request
		select {
		case <-e.done:
			cancel()
		case <-ctx.Done():
		}
	}()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("POST %s: %w", e.url, err)
	}
	for k, vs := range e.headers {
		req.Header[k] = vs
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := e.client.Do(req)
	if err != nil {
		return fmt.Errorf("POST %s: %w (Timeout %s)", e.url, err, e.client.Timeout)
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("POST %s: %s: %s", e.url, resp.Status, bytes.TrimSpace(msg))
	}
	return nil
}

// ExporterStats counts what an exporter did with the traces it was given.
type ExporterStats struct {
	Sent, Failed, Dropped int64
}

// Stats reports the traces sent, failed and dropped so far.
func (e *OTLPExporter) Stats() ExporterStats {
	return ExporterStats{Sent: e.sent.Load(), Failed: e.failed.Load(), Dropped: e.dropped.Load()}
}

// Close stops taking traces and sends what is queued, giving up when ctx
// is done (the traces not sent get a warning); it returns ctx's error
// then.
func (e *OTLPExporter) Close(ctx context.Context) error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil
	}
	e.closed = true
	close(e.queue)
	e.mu.Unlock()
	finished := make(chan struct{})
	go func() { e.wg.Wait(); close(finished) }()
	select {
	case <-finished:
		return nil
	case <-ctx.Done():
		close(e.done)
		<-finished
		for t := range e.queue {
			e.dropped.Add(1)
			t.Warn(fmt.Sprintf("otlp export to %s: exporter closed before sending; trace not sent", e.url))
		}
		return fmt.Errorf("record: otlp exporter close: %w", ctx.Err())
	}
}
