package engine

import (
	"slices"

	"ringpg/backend/notify"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// LISTEN, UNLISTEN and NOTIFY (package notify). A transaction's
// notifications and its changes to what the session listens on take
// effect when it commits, and are forgotten when it, or the savepoint
// they were made under, rolls back.

// listenOp is a LISTEN or UNLISTEN waiting for its transaction's commit.
type listenOp struct {
	listen  bool
	channel string // "" with listen false: UNLISTEN *
}

// notifyState is a session's side of LISTEN/NOTIFY. Used by the session's
// goroutine alone.
type notifyState struct {
	be    *notify.Backend       // created on first use
	sends []notify.Notification // this transaction's, in order, without duplicates
	ops   []listenOp            // this transaction's LISTENs and UNLISTENs
	marks [][2]int              // per open savepoint: len(sends), len(ops) when it began
}

// notifyBackend returns the session's place in the queue.
func (s *Session) notifyBackend() (*notify.Backend, error) {
	if s.ntf.be != nil {
		return s.ntf.be, nil
	}
	if s.e.notifyq == nil {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "LISTEN and NOTIFY are not available in this process")
	}
	be, err := s.e.notifyq.NewBackend(s.e.slot, s.e.pid, s.db)
	if err != nil {
		return nil, err
	}
	s.ntf.be = be
	return be, nil
}

// listen records LISTEN ch (listen) or UNLISTEN ch ("" for *).
func (s *Session) listen(ch string, listen bool) (string, error) {
	if _, err := s.notifyBackend(); err != nil {
		return "", err
	}
	s.ntf.ops = append(s.ntf.ops, listenOp{listen: listen, channel: ch})
	if listen {
		return "LISTEN", nil
	}
	return "UNLISTEN", nil
}

// notifySend records a notification for the transaction's commit. Like
// PostgreSQL, the same channel and payload twice in one transaction are
// delivered once.
func (s *Session) notifySend(ch, payload string) error {
	if err := notify.CheckChannel(ch); err != nil {
		return err
	}
	if err := notify.CheckPayload(payload); err != nil {
		return err
	}
	if _, err := s.notifyBackend(); err != nil {
		return err
	}
	n := notify.Notification{PID: s.e.pid, Channel: ch, Payload: payload}
	if !slices.Contains(s.ntf.sends, n) {
		s.ntf.sends = append(s.ntf.sends, n)
	}
	return nil
}

// notifyBeginSub marks a savepoint; notifyEndSub closes the innermost
// one, forgetting what was recorded under it when it rolled back, and
// notifyRollbackSub rolls back to the innermost one and keeps it.
func (s *Session) notifyBeginSub() {
	s.ntf.marks = append(s.ntf.marks, [2]int{len(s.ntf.sends), len(s.ntf.ops)})
}

func (s *Session) notifyEndSub(rollback bool) {
	if len(s.ntf.marks) == 0 {
		return
	}
	if rollback {
		s.notifyRollbackSub()
	}
	s.ntf.marks = s.ntf.marks[:len(s.ntf.marks)-1]
}

func (s *Session) notifyRollbackSub() {
	if len(s.ntf.marks) == 0 {
		return
	}
	m := s.ntf.marks[len(s.ntf.marks)-1]
	s.ntf.sends, s.ntf.ops = s.ntf.sends[:m[0]], s.ntf.ops[:m[1]]
}

// notifyPreCommit puts the transaction's notifications in the queue as
// pending entries (a full queue fails the commit), a LISTEN's session
// having taken its place in the queue first.
func (s *Session) notifyPreCommit() (*notify.Reservation, error) {
	for _, op := range s.ntf.ops {
		if op.listen {
			// Listening from before our own notifications: a session
			// hears what the transaction that made it listen sent.
			s.ntf.be.Activate()
			break
		}
	}
	if len(s.ntf.sends) == 0 {
		return nil, nil
	}
	return s.ntf.be.Reserve(s.ntf.sends)
}

// notifyAtEnd ends the transaction's part: its reserved notifications
// are released (or withdrawn) and, if it committed, its LISTENs and
// UNLISTENs take effect.
func (s *Session) notifyAtEnd(r *notify.Reservation, committed bool) {
	r.Finish(committed)
	if committed {
		for _, op := range s.ntf.ops {
			switch {
			case op.listen:
				s.ntf.be.Listen(op.channel)
			case op.channel == "":
				s.ntf.be.UnlistenAll()
			default:
				s.ntf.be.Unlisten(op.channel)
			}
		}
	}
	if s.ntf.be != nil {
		s.ntf.be.Settle()
	}
	s.ntf.sends, s.ntf.ops, s.ntf.marks = s.ntf.sends[:0], s.ntf.ops[:0], s.ntf.marks[:0]
}

// Listening reports whether the session listens on any channel, so that
// the protocol layer looks for notifications while it waits for its
// client.
func (s *Session) Listening() bool { return s.ntf.be != nil && s.ntf.be.Listening() }

// Notifications hands deliver every notification committed for the
// session's channels since it last looked. The protocol layer calls it
// when the session is idle outside a transaction block.
func (s *Session) Notifications(deliver func(pid int32, channel, payload string)) {
	if !s.Listening() {
		return
	}
	s.ntf.be.Collect(func(n notify.Notification) { deliver(n.PID, n.Channel, n.Payload) })
}

// notifyClose stops listening as the session ends.
func (s *Session) notifyClose() {
	if s.ntf.be != nil {
		s.ntf.be.UnlistenAll()
	}
	s.ntf = notifyState{}
}

// pg_notify, pg_listening_channels and pg_notification_queue_usage.
func init() {
	funcs.Register(&funcs.Func{Oid: 3036, Name: "pg_notify", Args: []types.Oid{types.TextOid, types.TextOid}, Result: types.VoidOid,
		Volatility: funcs.Volatile,
		Call: func(c *funcs.Ctx, a []types.Datum) (types.Datum, error) {
			s := sessionOf(c)
			if s == nil || s.xact == nil {
				return types.Null, pgerr.New(pgerr.ObjectNotInPrerequisiteState, "pg_notify needs a session")
			}
			var ch, payload string
			if !a[0].Null {
				ch = a[0].S
			}
			if !a[1].Null {
				payload = a[1].S
			}
			return types.String(""), s.notifySend(ch, payload)
		}})
	funcs.Register(&funcs.Func{Oid: 3035, Name: "pg_listening_channels", Result: types.TextOid, RetSet: true,
		Volatility: funcs.Stable, Strict: true,
		SRF: func(c *funcs.Ctx, _ []types.Datum) (funcs.Rows, error) {
			r := &datumRows{}
			if s := sessionOf(c); s != nil && s.ntf.be != nil {
				for _, ch := range s.ntf.be.Channels() {
					r.rows = append(r.rows, text(ch))
				}
			}
			return r, nil
		}})
	funcs.Register(&funcs.Func{Oid: 3296, Name: "pg_notification_queue_usage", Result: types.Float8Oid,
		Volatility: funcs.Volatile, Strict: true,
		Call: func(c *funcs.Ctx, _ []types.Datum) (types.Datum, error) {
			s := sessionOf(c)
			if s == nil || s.e.notifyq == nil {
				return types.Float(0), nil
			}
			return types.Float(s.e.notifyq.Usage()), nil
		}})
}
