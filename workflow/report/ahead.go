package report

import (
	"errors"

	"incidentbot/workflow"
)

// Decoding a payload is a good part of what folding an event costs, and a
// report has two processors to spend: the store reads pages on one
// goroutine (workflow.EachEvent), and scanDecoded decodes their payloads on
// another, a batch ahead of the fold and the writing, which keep the
// caller's. What each holds is a batch or two, whatever the timeline's
// length.

// payloadEvent is an event with its payload as Event.Payload gives it.
type payloadEvent struct {
	e   workflow.Event
	p   workflow.Payload
	err error
	// said is the event's line of the readable timeline, when the pass
	// writes one (writeDoc): it is made on the decoder's goroutine too.
	said string
}

// decodeBatch is how many events go from the decoder to fn at a time.
const decodeBatch = 128

// errStopped ends the decoder's pass when fn has stopped taking events.
var errStopped = errors.New("report: the pass stopped")

// scanDecoded is src.Scan(after, nil, …) with each event's payload
// decoded on another goroutine, where prepare (if not nil) then sees each
// event in order: it must read nothing fn writes, and fn nothing it writes
// but the event it was given. fn must not use src: the other goroutine
// reads through it meanwhile. An error from fn stops the pass and is
// returned unchanged; the other goroutine has stopped when scanDecoded
// returns.
func scanDecoded(src workflow.EventSource, after int, prepare func(*payloadEvent), fn func(payloadEvent) error) error {
	batches := make(chan []payloadEvent, 1)
	// Batches fn is done with come back to be filled again: a fresh
	// process pays for every new page of memory it touches.
	free := make(chan []payloadEvent, 3)
	stop := make(chan struct{})
	var scanErr error
	go func() {
		defer close(batches)
		next := func() []payloadEvent {
			select {
			case b := <-free:
				return b
			default:
				return make([]payloadEvent, 0, decodeBatch)
			}
		}
		batch := next()
		send := func() bool {
			select {
			case batches <- batch:
				batch = next()
				return true
			case <-stop:
				return false
			}
		}
		scanErr = src.Scan(after, nil, func(e workflow.Event) error {
			p, err := e.Payload()
			batch = append(batch, payloadEvent{e: e, p: p, err: err})
			if prepare != nil {
				prepare(&batch[len(batch)-1])
			}
			if len(batch) == decodeBatch && !send() {
				return errStopped
			}
			return nil
		})
		if scanErr != errStopped && len(batch) > 0 { // what came before an error too, as Scan gives it
			send()
		}
	}()
	var err error
	for batch := range batches {
		for _, x := range batch {
			if err = fn(x); err != nil {
				break
			}
		}
		if err != nil {
			break
		}
		clear(batch) // nothing kept alive through it
		select {
		case free <- batch[:0]:
		default:
		}
	}
	if err != nil {
		close(stop)
		for range batches { // the decoder stops at its next batch
		}
		return err
	}
	return scanErr // batches is closed: the decoder has returned
}
