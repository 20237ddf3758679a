//go:build unix

package console

import (
	"os"
	"syscall"
)

// redraw signals a window-size change to this process, which liner answers
// by drawing its prompt and line again.
func redraw() { _ = syscall.Kill(os.Getpid(), syscall.SIGWINCH) }
