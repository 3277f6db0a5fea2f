package funcs

import "ringpg/backend/sql/types"

func resolveFunc(name string, args []types.T, explicitVariadic bool) (*Resolved, error) {
	return nil, nil
}

func resolveOperator(name string, left, right types.T) (*ResolvedOp, error) {
	return nil, nil
}
