//go:build !unix

package console

// redraw does nothing: without SIGWINCH the line comes back at the next key.
func redraw() {}
