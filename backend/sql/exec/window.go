package exec

import (
	"ringpg/backend/sql/plan"
	"ringpg/pgerr"
)

func (s *state) newWindow(n *plan.Window) (op, error) {
	return nil, pgerr.New(pgerr.FeatureNotSupported, "window functions are not supported yet")
}
