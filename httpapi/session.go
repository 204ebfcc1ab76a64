package httpapi

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/spanlens/spanlens/core/engine"
)

// session is one client's engine: its documents are invisible to every
// other session, and its document count is its own.
type session struct {
	token string
	eng   *engine.Engine

	mu       sync.Mutex
	handles  map[uint32]bool // documents loaded and not freed
	reserved int             // loads under way
	busy     int             // requests under way; a busy session never expires
	last     time.Time
}

// sessions is the live sessions by token.
type sessions struct {
	mu sync.Mutex
	m  map[string]*session
}

// open returns the session for token, or a new one when token is empty,
// and marks it busy until done. Idle sessions are dropped first.
func (ss *sessions) open(h *Handler, token string) (*session, error) {
	now := h.now()
	ss.mu.Lock()
	defer ss.mu.Unlock()
	for t, s := range ss.m {
		s.mu.Lock()
		idle := s.busy == 0 && now.Sub(s.last) > h.cfg.SessionIdle
		s.mu.Unlock()
		if idle {
			delete(ss.m, t)
		}
	}
	var s *session
	if token == "" {
		if len(ss.m) >= h.cfg.MaxSessions {
			return nil, &httpError{http.StatusServiceUnavailable, "LimitError", fmt.Sprintf(
				"spanlens: %d sessions are open; wait for idle ones to expire (--session-idle) or raise --max-sessions (Config.MaxSessions)", len(ss.m))}
		}
		s = &session{
			// 128 random bits: a page that cannot read our responses
			// cannot guess another client's token.
			token:   rand.Text(),
			eng:     engine.New(engine.Config{Limits: h.cfg.Limits, MaxDocs: h.cfg.MaxDocs}),
			handles: map[uint32]bool{},
		}
		ss.m[s.token] = s
	} else if s = ss.m[token]; s == nil {
		return nil, &httpError{http.StatusUnauthorized, "Error", fmt.Sprintf(
			"spanlens: session %.8s… is unknown or expired (idle longer than --session-idle, %v), and its documents are freed; send no %s header to start a new one",
			token, h.cfg.SessionIdle, SessionHeader)}
	}
	s.mu.Lock()
	s.busy++
	s.last = now
	s.mu.Unlock()
	return s, nil
}

// done ends a request on s.
func (ss *sessions) done(h *Handler, s *session) {
	s.mu.Lock()
	s.busy--
	s.last = h.now()
	s.mu.Unlock()
}

// reserve claims room for one more document, before decoding, so that
// concurrent loads cannot pass the cap together.
func (s *session) reserve(max int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.handles)+s.reserved >= max {
		return false
	}
	s.reserved++
	return true
}

// settle ends a reservation: the load produced handle, or failed (0).
func (s *session) settle(handle uint32) {
	s.mu.Lock()
	s.reserved--
	if handle != 0 {
		s.handles[handle] = true
	}
	s.mu.Unlock()
}

func (s *session) forget(handle uint32) {
	s.mu.Lock()
	delete(s.handles, handle)
	s.mu.Unlock()
}

// serveAPI answers one protocol frame within the client's session.
func (h *Handler) serveAPI(w http.ResponseWriter, r *http.Request, c *reqCtx) {
	s := c.sess
	var out []byte
	req, err := engine.ParseRequest(c.body)
	switch {
	case err != nil:
		out = engine.ErrorFrame(err)
	case req.Cmd == "load":
		if !s.reserve(h.cfg.MaxDocs) {
			out = engine.ErrorFrame(&engine.Error{Kind: "LimitError", Message: fmt.Sprintf(
				"spanlens: load: this session holds %d documents; free some first or raise --max-docs (Config.MaxDocs)", h.cfg.MaxDocs)})
			break
		}
		if err := h.acquire(c); err != nil {
			s.settle(0)
			h.fail(w, err)
			return
		}
		out = s.eng.Handle(c.body, nil)
		s.settle(loadedHandle(out))
	case req.Cmd == "free":
		out = s.eng.Handle(c.body, nil)
		s.forget(req.Handle)
	default:
		out = s.eng.Handle(c.body, nil)
	}
	w.Header().Set("Content-Type", FrameType)
	w.Write(out)
}

// loadedHandle is the handle a successful load response names, else 0.
func loadedHandle(frame []byte) uint32 {
	if len(frame) < 4 {
		return 0
	}
	n := binary.LittleEndian.Uint32(frame)
	if uint64(n) > uint64(len(frame)-4) {
		return 0
	}
	var hdr struct {
		OK     bool `json:"ok"`
		Result struct {
			Handle uint32 `json:"handle"`
		} `json:"result"`
	}
	if json.Unmarshal(frame[4:4+n], &hdr) != nil || !hdr.OK {
		return 0
	}
	return hdr.Result.Handle
}
