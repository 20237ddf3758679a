package slackbot

import (
	"testing"
	"time"
)

// The outbox yields while a request is being answered and for asksWindow
// after one began; with none asked yet, or long enough after, it does not.
func TestAsks(t *testing.T) {
	var a asks
	if a.active() {
		t.Fatal("active before anything was asked")
	}
	end := a.begin()
	if !a.active() {
		t.Fatal("not active while a request is answered")
	}
	end()
	if !a.active() {
		t.Fatal("not active just after a request was answered")
	}
	time.Sleep(asksWindow + 10*time.Millisecond) // the window has passed, however slow the machine
	if a.active() {
		t.Fatal("still active after the window")
	}
	end = a.begin()
	time.Sleep(asksWindow + 10*time.Millisecond)
	if !a.active() {
		t.Fatal("not active while a request is answered, however long it takes")
	}
	end()
}
