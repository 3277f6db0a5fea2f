package backend

import (
	"fmt"

	"ringpg/settings"
)

// newSessionSettings decodes the postmaster's settings afresh for a new
// session, so that nothing one session SETs reaches the next.
func newSessionSettings(blob []byte) (*settings.Set, error) {
	s, err := settings.Decode(blob)
	if err != nil {
		return nil, fmt.Errorf("decoding the postmaster's settings: %w", err)
	}
	return s, nil
}
