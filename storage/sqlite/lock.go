package sqlite

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"
)

// One process writes a database file at a time. OpenExclusive takes an
// operating-system lock (flock) on the file FILE.lock beside the database and
// writes into it who holds it; the kernel releases the lock when the holder
// exits, however it exits, so a restart after kill -9 is never held up. The
// lock is on a file of its own because a lock on the database file itself
// would fight SQLite's own locks. Readers (OpenReadOnly) do not take it.

// LockSuffix is added to the database's path to name its lock file.
const LockSuffix = ".lock"

// ErrLocked is the error (wrapped in a *LockedError) of opening a database
// another process holds.
var ErrLocked = errors.New("the database is in use")

// Holder is who holds a database: written into its lock file.
type Holder struct {
	PID   int       `json:"pid"`
	Host  string    `json:"host"`
	Since time.Time `json:"since"`
}

// LockedError says which process holds the database.
type LockedError struct {
	Path   string // the database file
	Holder Holder // zero when the lock file could not be read
}

func (e *LockedError) Error() string {
	h := e.Holder
	if h.PID == 0 {
		return fmt.Sprintf("%s is in use by another incidentbot (lock %s%s); only one may write to it", e.Path, e.Path, LockSuffix)
	}
	return fmt.Sprintf("%s is in use by incidentbot pid %d on host %s since %s (lock %s%s); only one may write to it",
		e.Path, h.PID, h.Host, h.Since.Format(time.RFC3339), e.Path, LockSuffix)
}

func (e *LockedError) Unwrap() error { return ErrLocked }

// lock holds a database's lock file open, and so its lock.
type lock struct{ f *os.File }

// release drops the lock. A nil lock is valid.
func (l *lock) release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// acquire takes the lock of the database at path, or returns a *LockedError
// naming the holder.
func acquire(path string, now time.Time) (*lock, error) {
	name := path + LockSuffix
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", name, err)
	}
	held, err := tryLock(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", name, err)
	}
	if !held {
		var h Holder
		b, _ := os.ReadFile(name)
		_ = json.Unmarshal(b, &h) // the holder may be writing it just now
		f.Close()
		return nil, &LockedError{Path: path, Holder: h}
	}
	host, _ := os.Hostname()
	b, err := json.Marshal(Holder{PID: os.Getpid(), Host: host, Since: now.UTC().Truncate(time.Second)})
	if err == nil {
		if err = f.Truncate(0); err == nil {
			if _, err = f.WriteAt(append(b, '\n'), 0); err == nil {
				err = f.Sync()
			}
		}
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", name, err)
	}
	return &lock{f: f}, nil
}

// InUse reports whether a process holds the database at path (a serve, a
// console): a *LockedError naming it, or nil. It writes nothing: the lock
// file is opened read-only, and a shared lock is tried and let go at once.
// A database with no lock file has never been held.
func InUse(path string) error {
	f, err := os.Open(path + LockSuffix)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("lock %s%s: %w", path, LockSuffix, err)
	}
	defer f.Close()
	free, err := tryShared(f)
	if err != nil {
		return fmt.Errorf("lock %s%s: %w", path, LockSuffix, err)
	}
	if free {
		return nil
	}
	var h Holder
	b, _ := os.ReadFile(path + LockSuffix)
	_ = json.Unmarshal(b, &h)
	return &LockedError{Path: path, Holder: h}
}
