package catalog

import (
	"strconv"

	"ringpg/backend/access/heap"
)

// Temporary objects live in a schema of the session's own, pg_temp_N
// (N the backend's proc slot), which lookups search before anything else
// and which "pg_temp" names. The schema is created on first use and
// emptied at session end (DropTempObjects) or, after a crash, when the
// next session of the same slot first uses it.

// TempNamespace returns the session's temporary schema, creating it
// (by tx) if needed, and makes lookups search it first. A schema left by
// a previous session of the slot is emptied first.
func (c *Catalog) TempNamespace(tx heap.Txn, snap heap.Snapshot, slot int) (uint32, error) {
	if c.temp != 0 {
		return c.temp, nil
	}
	name := "pg_temp_" + strconv.Itoa(slot)
	oid, err := c.namespaceOid(snap, name)
	if err != nil {
		return 0, err
	}
	if oid == 0 {
		if oid, err = c.CreateNamespace(tx, snap, name, BootstrapSuperuser); err != nil {
			return 0, err
		}
	} else {
		c.temp = oid
		if err := c.DropTempObjects(tx, snap); err != nil {
			c.temp = 0
			return 0, err
		}
	}
	c.temp, c.tempName, c.tempNew = oid, name, true
	return oid, nil
}

// HasTemp reports whether the session has a temporary schema (whose
// objects DropTempObjects removes at session end).
func (c *Catalog) HasTemp() bool { return c.temp != 0 }

// TempNamespaceOid is the session's temporary schema, 0 if it has none
// (pg_my_temp_schema).
func (c *Catalog) TempNamespaceOid() uint32 { return c.temp }

// DropTempObjects drops every relation of the session's temporary schema
// (and what depends on them), keeping the schema. Call it in a
// transaction of its own when the session ends.
func (c *Catalog) DropTempObjects(tx heap.Txn, snap heap.Snapshot) error {
	if c.temp == 0 {
		return nil
	}
	var targets []objAddr
	err := c.scan(snap, PgClass, func(r *crow) (bool, error) {
		if r.oid("relnamespace") == c.temp && r.char("relkind") != KindToast {
			targets = append(targets, relAddr(r.oid("oid")))
		}
		return true, nil
	})
	if err != nil || len(targets) == 0 {
		return err
	}
	d, err := c.newDropper(tx, snap, true)
	if err != nil {
		return err
	}
	c.didDDL = true
	err = d.runAll(targets...)
	c.notices = nil // PostgreSQL drops temporary objects silently
	return err
}

// forgetTemp is called when the session ends: the next session of the
// backend starts without a temporary schema.
func (c *Catalog) forgetTemp() { c.temp, c.tempName, c.tempNew = 0, "", false }
