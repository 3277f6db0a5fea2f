package catalog

import (
	"ringpg/backend/access/heap"
	"ringpg/pgerr"
)

// SequenceAlter is ALTER SEQUENCE: nil fields are left as they are.
type SequenceAlter struct {
	Type      *uint32
	Increment *int64
	Min, Max  *int64
	Start     *int64
	Restart   *int64 // RESTART [WITH]: the next nextval returns this
	Cache     *int64
	Cycle     *bool
	// RestartAtStart is RESTART without a value: at the START value (the
	// new one when the same command sets it).
	RestartAtStart bool
	// NoMin, NoMax are NO MINVALUE, NO MAXVALUE: the type's bounds.
	NoMin, NoMax bool
}

// AlterSequence changes a sequence's parameters (its pg_sequence row, by
// tx) and, with Restart, its current value (in place, at once, not rolled
// back: where PostgreSQL gives the sequence a new relfilenode so that a
// rollback undoes the restart, this keeps the one page).
func (c *Catalog) AlterSequence(tx heap.Txn, snap heap.Snapshot, oid uint32, a SequenceAlter) error {
	p, err := c.seqParamsFor(snap, oid)
	if err != nil {
		return err
	}
	spec := SequenceSpec{Type: p.typ, Increment: p.inc, Min: &p.min, Max: &p.max, Start: &p.start, Cache: p.cache, Cycle: p.cycle}
	if a.Type != nil {
		spec.Type = *a.Type
		// Bounds that were the old type's defaults follow the new type.
		if lo, hi, ok := typeRange(p.typ); ok {
			if p.max == hi && p.inc > 0 {
				spec.Max = nil
			}
			if p.min == lo && p.inc < 0 {
				spec.Min = nil
			}
		}
	}
	if a.Increment != nil {
		if *a.Increment == 0 {
			return pgerr.New(pgerr.InvalidParameterValue, "INCREMENT must not be zero")
		}
		spec.Increment = *a.Increment
	}
	if a.Min != nil {
		spec.Min = a.Min
	}
	if a.Max != nil {
		spec.Max = a.Max
	}
	if a.NoMin {
		spec.Min = nil
	}
	if a.NoMax {
		spec.Max = nil
	}
	if a.Start != nil {
		spec.Start = a.Start
	}
	if a.Cache != nil {
		if *a.Cache <= 0 {
			return pgerr.New(pgerr.InvalidParameterValue, "CACHE (%d) must be greater than zero", *a.Cache)
		}
		spec.Cache = *a.Cache
	}
	if a.Cycle != nil {
		spec.Cycle = *a.Cycle
	}
	np, err := seqParamsOf(spec)
	if err != nil {
		return err
	}
	if a.RestartAtStart {
		start := np.start
		a.Restart = &start
	}
	if a.Restart != nil {
		if *a.Restart < np.min {
			return pgerr.New(pgerr.InvalidParameterValue, "RESTART value (%d) cannot be less than MINVALUE (%d)", *a.Restart, np.min)
		}
		if *a.Restart > np.max {
			return pgerr.New(pgerr.InvalidParameterValue, "RESTART value (%d) cannot be greater than MAXVALUE (%d)", *a.Restart, np.max)
		}
	}
	c.didDDL = true
	err = c.scan(snap, PgSequence, func(r *crow) (bool, error) {
		if r.oid("seqrelid") != oid {
			return true, nil
		}
		nr := r.copyRow()
		nr.set("seqtypid", dOid(np.typ)).set("seqstart", dInt8(np.start)).set("seqincrement", dInt8(np.inc)).
			set("seqmax", dInt8(np.max)).set("seqmin", dInt8(np.min)).set("seqcache", dInt8(np.cache)).
			set("seqcycle", dBool(np.cycle))
		return false, c.update(tx, r.tid, nr)
	})
	if err != nil || a.Restart == nil {
		return err
	}
	return c.withSeqTuple(p, func(last, logCnt, called []byte) (bool, error) {
		copy(last, dInt8(*a.Restart))
		copy(logCnt, dInt8(0))
		called[0] = 0
		return true, nil
	})
}
