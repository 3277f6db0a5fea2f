package session

// Transport moves the session's bytes. Implementations: io_uring and plain
// system calls (package sockio).
type Transport interface {
	// Recv waits for at least one byte.
	Recv(buf []byte) (int, error)
	// Send writes all of b.
	Send(b []byte) error
	// SendRecv writes all of out, then waits for at least one byte into in.
	SendRecv(out, in []byte) (int, error)
	Close() error
}

// wire adapts a Transport to pgproto3: writes accumulate in out; a read
// first sends what has accumulated, in the same call as the wait.
type wire struct {
	t       Transport
	out     []byte
	pending []byte // bytes the client sent before the hand-off, read first
}

func (w *wire) Write(b []byte) (int, error) {
	w.out = append(w.out, b...)
	return len(b), nil
}

func (w *wire) Read(p []byte) (int, error) {
	if len(w.pending) > 0 {
		n := copy(p, w.pending)
		w.pending = w.pending[n:]
		return n, nil
	}
	if len(w.out) == 0 {
		return w.t.Recv(p)
	}
	n, err := w.t.SendRecv(w.out, p)
	w.out = w.out[:0]
	return n, err
}

// flush sends what has accumulated without waiting for input.
func (w *wire) flush() error {
	if len(w.out) == 0 {
		return nil
	}
	err := w.t.Send(w.out)
	w.out = w.out[:0]
	return err
}
