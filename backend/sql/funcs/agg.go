package funcs

import "ringpg/backend/sql/types"

// Agg describes an aggregate. The executor creates one state per group (or
// per window partition) with New and feeds it rows.
type Agg struct {
	// New returns an empty state. argTypes are the concrete (coerced)
	// argument types and result the concrete result type, as in Resolved.
	New func(c *Ctx, argTypes []types.T, result types.T) AggState
	// Moving reports that states also implement AggRemover, so a window
	// frame whose start advances can be maintained without recomputing.
	Moving bool
}

// AggState accumulates one group.
//
// Add is called once per input row with every argument, NULLs included: the
// state ignores the rows PostgreSQL's aggregate ignores (count(x) and sum
// skip NULLs, array_agg keeps them). Result may be called several times,
// with more Adds in between (a window frame that grows); it does not
// disturb the state. A state is used by one goroutine.
type AggState interface {
	Add(args []types.Datum) error
	Result() (types.Datum, error)
}

// AggRemover is implemented by states of aggregates with Agg.Moving: Remove
// takes back one row previously given to Add (an inverse transition).
type AggRemover interface {
	Remove(args []types.Datum) error
}
