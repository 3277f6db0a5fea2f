package session

import (
	"errors"
	"fmt"
	"testing"

	"ringpg/backend/sql/engine"
	"ringpg/pgerr"
)

// TestSessionEnd checks how a session's end is classified for
// pg_stat_database's session counters.
func TestSessionEnd(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want engine.SessionEnd
	}{
		{"Terminate", ErrTerminated, engine.SessionNormal},
		{"no error", nil, engine.SessionNormal},
		{"connection closed", errClientGone, engine.SessionAbandoned},
		{"administrator", pgerr.Fatal(pgerr.AdminShutdown, "terminating connection due to administrator command"), engine.SessionKilled},
		{"idle timeout", pgerr.Fatal("57P05", "terminating connection due to idle-session timeout"), engine.SessionFatal},
		{"wrapped FATAL", fmt.Errorf("reading: %w", pgerr.Fatal(pgerr.ProtocolViolation, "invalid message length")), engine.SessionFatal},
		{"broken transport", fmt.Errorf("reading from client: %w", errors.New("connection reset by peer")), engine.SessionAbandoned},
	}
	for _, tc := range cases {
		if got := sessionEnd(tc.err); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
