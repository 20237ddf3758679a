package fakeslack

import "testing"

// NewServer starts a fake with default Options for a test and closes it in
// t.Cleanup. It fails the test if the server cannot start.
func NewServer(t testing.TB) *Server {
	t.Helper()
	return NewServerWith(t, Options{})
}

// NewServerWith is NewServer with explicit Options.
func NewServerWith(t testing.TB, opts Options) *Server {
	t.Helper()
	s, err := Start(opts)
	if err != nil {
		t.Fatalf("fakeslack: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}
