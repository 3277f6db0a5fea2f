package catalog

import "ringpg/backend/access/heap"

// OwnedSequences returns the sequences owned by rel's columns (serial and
// identity columns, ALTER SEQUENCE ... OWNED BY): TRUNCATE ... RESTART
// IDENTITY restarts them.
func (c *Catalog) OwnedSequences(snap heap.Snapshot, rel uint32) ([]uint32, error) {
	var out []uint32
	err := c.scan(snap, PgDepend, func(r *crow) (bool, error) {
		if r.oid("classid") == PgClass && r.oid("refclassid") == PgClass && r.oid("refobjid") == rel &&
			r.int4("refobjsubid") > 0 && (r.char("deptype") == depAuto || r.char("deptype") == depInternal) {
			if oid := r.oid("objid"); c.isSequence(snap, oid) {
				out = append(out, oid)
			}
		}
		return true, nil
	})
	return out, err
}

func (c *Catalog) isSequence(snap heap.Snapshot, oid uint32) bool {
	_, err := c.seqParamsFor(snap, oid)
	return err == nil
}

// RestartSequence sets a sequence back to its START value, its next
// nextval returning it (TRUNCATE ... RESTART IDENTITY). Like ALTER
// SEQUENCE RESTART it changes the sequence in place, not rolled back.
func (c *Catalog) RestartSequence(tx heap.Txn, snap heap.Snapshot, oid uint32) error {
	p, err := c.seqParamsFor(snap, oid)
	if err != nil {
		return err
	}
	start := p.start
	return c.AlterSequence(tx, snap, oid, SequenceAlter{Restart: &start})
}

// ColumnSequence returns the sequence owned by column attnum of rel (a
// serial or identity column's, or one given OWNED BY it), 0 when none:
// pg_get_serial_sequence's answer.
func (c *Catalog) ColumnSequence(snap heap.Snapshot, rel uint32, attnum int16) (uint32, error) {
	var out uint32
	err := c.scan(snap, PgDepend, func(r *crow) (bool, error) {
		if r.oid("classid") == PgClass && r.oid("refclassid") == PgClass && r.oid("refobjid") == rel &&
			r.int4("refobjsubid") == int32(attnum) && (r.char("deptype") == depAuto || r.char("deptype") == depInternal) {
			if oid := r.oid("objid"); c.isSequence(snap, oid) {
				out = oid
				return false, nil
			}
		}
		return true, nil
	})
	return out, err
}

// ClearSequenceOwner removes the column that owns sequence seq (ALTER
// SEQUENCE ... OWNED BY NONE, or before OWNED BY another column); an
// identity sequence keeps its column.
func (c *Catalog) ClearSequenceOwner(tx heap.Txn, snap heap.Snapshot, seq uint32) error {
	c.didDDL = true
	return c.scan(snap, PgDepend, func(r *crow) (bool, error) {
		if r.oid("classid") == PgClass && r.oid("objid") == seq && r.oid("refclassid") == PgClass &&
			r.int4("refobjsubid") > 0 && r.char("deptype") == depAuto {
			return true, c.delete(tx, PgDepend, r.tid)
		}
		return true, nil
	})
}
