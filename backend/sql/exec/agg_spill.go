package exec

import (
	"ringpg/backend/sql/exec/spill"
	"ringpg/backend/sql/types"
)

// aggSpill is hash aggregation's spilling state (hashspill.go): a pass
// reads rows, from the input first and then from partition files, into a
// fresh table; its groups are returned, then the next pass starts.
type aggSpill struct {
	amem     int64 // estimated bytes of the table's groups
	spilling bool  // the table is full: new groups' rows go to parts
	parts    hashParts
	pending  []partFile
	buf      []types.Datum
	// spillHash is the hash of the keys lookup found no group for.
	spillHash uint64
}

// groupCost estimates what a group costs beyond its keys.
const groupCost = 96

// growingAggs are aggregates whose state grows with every input row; the
// rest keep a fixed-size state. The table's memory estimate counts the
// arguments of the former.
var growingAggs = map[string]bool{
	"string_agg": true, "array_agg": true, "json_agg": true, "jsonb_agg": true,
	"json_object_agg": true, "jsonb_object_agg": true, "xmlagg": true,
	"percentile_cont": true, "percentile_disc": true, "mode": true,
}

func (o *aggOp) resetSpill() {
	o.parts.close()
	o.pending = closePending(o.pending)
	o.amem, o.spilling, o.parts.depth = 0, false, 0
}

// spillRow writes the input row of a group not in the full table to its
// partition.
func (o *aggOp) spillRow(h uint64) error {
	return o.parts.write(o.s, h, o.frame.Row)
}

// grew counts n more bytes in the table and starts spilling past hash
// memory (a table without group keys has one group and never spills).
func (o *aggOp) grew(n int64) {
	o.amem += n
	if o.amem > o.s.hashMem() && len(o.n.GroupKeys) > 0 {
		o.spilling = true
	}
}

// nextPass starts aggregating the next partition; it reports false when
// none is left.
func (o *aggOp) nextPass() (bool, error) {
	if err := o.parts.drain(&o.pending); err != nil {
		return false, err
	}
	if len(o.pending) == 0 {
		return false, nil
	}
	pf := o.pending[len(o.pending)-1]
	o.pending = o.pending[:len(o.pending)-1]
	defer pf.f.Close()
	o.groups, o.pos = o.groups[:0], 0
	o.index = make(map[uint64][]*aggGroup)
	o.karena = rowArena{}
	o.amem, o.spilling, o.parts.depth = 0, false, pf.depth
	for {
		row, err := pf.f.Read(o.buf)
		if err != nil {
			return false, err
		}
		if row == nil {
			break
		}
		o.buf = row
		if err := o.s.tick(); err != nil {
			return false, err
		}
		if err := o.add(row); err != nil {
			return false, err
		}
	}
	return true, o.finishGroups()
}

// argsCost is what adding args to a group's state costs in memory.
func argsCost(args []types.Datum) int64 { return spill.RowSize(args) }
