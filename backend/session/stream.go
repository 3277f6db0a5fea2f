package session

import (
	"ringpg/pgerr"
	"ringpg/serverlog"
)

// streamFlushBytes is how much result output a session lets accumulate
// before sending it while the statement still runs: a large result
// streams to the client instead of being held whole in memory, and a
// client that went away is noticed at the next send.
const streamFlushBytes = 64 << 10

// streamed notes n more bytes of result messages queued and sends what
// is queued once streamFlushBytes have gathered. A failed send ends the
// statement: the client is gone.
func (s *Session) streamed(n int) error {
	s.unflushed += n
	if s.unflushed < streamFlushBytes {
		return nil
	}
	s.unflushed = 0
	err := s.be.Flush()
	if err == nil {
		err = s.wire.flush()
	}
	if err != nil {
		serverlog.Printf("could not send data to client: %v", err)
		return pgerr.Fatal(pgerr.ConnectionFailure, "connection to client lost")
	}
	return nil
}
