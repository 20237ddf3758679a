package fakeslack

import (
	"context"
	"fmt"
	"sync"
	"time"
)

type faultKind int

const (
	faultRateLimit faultKind = iota
	faultStatus
	faultError
)

type fault struct {
	method     string
	kind       faultKind
	left       int // <0: forever
	retryAfter time.Duration
	status     int
	code       string
}

type gate struct {
	method string
	ch     chan struct{}
	once   sync.Once
}

func matches(pattern, method string) bool {
	return pattern == AllMethods || pattern == method
}

// Block makes requests to method (or AllMethods, "*") that arrive from now on
// wait until release is called (or the server is closed, which answers them
// 503). Requests are recorded as pending calls (Status 0) while they wait.
// release is idempotent.
func (s *Server) Block(method string) (release func()) {
	g := &gate{method: method, ch: make(chan struct{})}
	s.mu.Lock()
	s.gates = append(s.gates, g)
	s.mu.Unlock()
	return func() {
		g.once.Do(func() {
			s.mu.Lock()
			for i, x := range s.gates {
				if x == g {
					s.gates = append(s.gates[:i], s.gates[i+1:]...)
					break
				}
			}
			s.mu.Unlock()
			close(g.ch)
		})
	}
}

func (s *Server) matchingGatesLocked(method string) []*gate {
	var out []*gate
	for _, g := range s.gates {
		if matches(g.method, method) {
			out = append(out, g)
		}
	}
	return out
}

// Delay makes every later request to method (or "*") wait d before it is
// answered. A method's delay and the "*" delay add up. d <= 0 removes it.
func (s *Server) Delay(method string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d <= 0 {
		delete(s.delays, method)
		return
	}
	s.delays[method] = d
}

// RateLimit makes the next n requests to method (or "*") answer HTTP 429 with
// a Retry-After header (retryAfter rounded up to whole seconds) and
// {"ok":false,"error":"ratelimited"}. n < 0 means until ClearFaults.
func (s *Server) RateLimit(method string, n int, retryAfter time.Duration) {
	s.addFault(&fault{method: method, kind: faultRateLimit, left: n, retryAfter: retryAfter})
}

// Fail makes the next n requests to method (or "*") answer the HTTP status
// (e.g. 500) with an HTML body, as Slack does. n < 0 means until ClearFaults.
func (s *Server) Fail(method string, n int, status int) {
	s.addFault(&fault{method: method, kind: faultStatus, left: n, status: status})
}

// Error makes the next n requests to method (or "*") answer HTTP 200 with
// {"ok":false,"error":slackErr}. n < 0 means until ClearFaults.
func (s *Server) Error(method string, n int, slackErr string) {
	s.addFault(&fault{method: method, kind: faultError, left: n, code: slackErr})
}

// ClearFaults removes all pending RateLimit, Fail and Error faults and all
// delays. Blocks stay until released.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
	s.delays = map[string]time.Duration{}
}

func (s *Server) addFault(f *fault) {
	if f.left == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, f)
}

// takeFaultLocked consumes the oldest fault matching method, if any.
func (s *Server) takeFaultLocked(method string) *fault {
	for i, f := range s.faults {
		if !matches(f.method, method) {
			continue
		}
		if f.left > 0 {
			f.left--
			if f.left == 0 {
				s.faults = append(s.faults[:i], s.faults[i+1:]...)
			}
		}
		return f
	}
	return nil
}

// WaitFor waits until at least count calls of method (or "*") succeeded
// (HTTP 200 and ok:true), or ctx is done.
func (s *Server) WaitFor(ctx context.Context, method string, count int) error {
	return s.waitUntil(ctx, "successful "+method, func(c *Call) bool { return matches(method, c.Method) && c.Succeeded() }, count)
}

// WaitForCalls waits until at least count calls of method (or "*") were
// received, whatever their outcome (including ones still blocked), or ctx is
// done.
func (s *Server) WaitForCalls(ctx context.Context, method string, count int) error {
	return s.waitUntil(ctx, method, func(c *Call) bool { return matches(method, c.Method) }, count)
}

func (s *Server) waitUntil(ctx context.Context, what string, pred func(*Call) bool, count int) error {
	for {
		s.mu.Lock()
		n := 0
		for _, c := range s.calls {
			if pred(c) {
				n++
			}
		}
		ch := s.changed
		s.mu.Unlock()
		if n >= count {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("fakeslack: waiting for %d %s calls, have %d: %w", count, what, n, ctx.Err())
		}
	}
}
