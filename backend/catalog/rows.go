package catalog

import (
	"fmt"

	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/storage/bufmgr"
	"ringpg/pgerr"
)

// row is a catalog tuple being built: every column null until set.
type row struct {
	rel   *catRel
	vals  [][]byte
	nulls []bool
}

func newRow(rel *catRel) *row {
	r := &row{rel: rel, vals: make([][]byte, len(rel.cols)), nulls: make([]bool, len(rel.cols))}
	for i := range r.nulls {
		r.nulls[i] = true
	}
	return r
}

// set gives column name the value v (nil: null).
func (r *row) set(name string, v []byte) *row {
	i := r.rel.col(name)
	r.vals[i], r.nulls[i] = v, v == nil
	return r
}

// crow is a catalog tuple read by a scan: a deformed copy with its TID.
// Getters decode one column; a decoding failure is kept in err (the first
// one) and the getter returns the zero value.
type crow struct {
	rel   *catRel
	h     *heap.Heap
	tid   tuple.TID
	vals  [][]byte
	nulls []bool
	err   error
}

func (r *crow) raw(name string) []byte {
	i := r.rel.col(name)
	if r.nulls[i] {
		return nil
	}
	return r.vals[i]
}

func (r *crow) isNull(name string) bool { return r.nulls[r.rel.col(name)] }

func (r *crow) oid(name string) uint32 { return gOid(r.raw(name)) }
func (r *crow) name(name string) string {
	return gName(r.raw(name))
}
func (r *crow) bool(name string) bool  { return gBool(r.raw(name)) }
func (r *crow) char(name string) byte  { return gChar(r.raw(name)) }
func (r *crow) int2(name string) int16 { return gInt2(r.raw(name)) }
func (r *crow) int4(name string) int32 { return gInt4(r.raw(name)) }
func (r *crow) int8(name string) int64 { return gInt8(r.raw(name)) }
func (r *crow) float4(name string) float32 {
	return gFloat4(r.raw(name))
}

// payload returns a varlena column's bytes without header, detoasted.
func (r *crow) payload(name string) []byte {
	v := r.raw(name)
	if v == nil {
		return nil
	}
	p, err := r.h.Detoast(v)
	if err != nil {
		r.fail(err)
		return nil
	}
	return p
}

func (r *crow) text(name string) string { return string(r.payload(name)) }

func (r *crow) int2s(name string) []int16 {
	p := r.payload(name)
	if p == nil {
		return nil
	}
	v, err := gInt2s(p)
	r.fail(err)
	return v
}

func (r *crow) oids(name string) []uint32 {
	p := r.payload(name)
	if p == nil {
		return nil
	}
	v, err := gOids(p)
	r.fail(err)
	return v
}

func (r *crow) texts(name string) []string {
	p := r.payload(name)
	if p == nil {
		return nil
	}
	v, err := gTexts(p)
	r.fail(err)
	return v
}

func (r *crow) fail(err error) {
	if err != nil && r.err == nil {
		r.err = err
	}
}

// copyRow returns a row holding r's values, to be changed and written
// back with update.
func (r *crow) copyRow() *row {
	out := newRow(r.rel)
	for i := range r.vals {
		if !r.nulls[i] {
			out.vals[i] = append([]byte(nil), r.vals[i]...)
			out.nulls[i] = false
		}
	}
	return out
}

// catHeap returns this backend's handle on catalog relation oid.
func (c *Catalog) catHeap(oid uint32) (*heap.Heap, *catRel, error) {
	rel := catalogByOid[oid]
	if rel == nil {
		return nil, nil, fmt.Errorf("catalog: %d is not a catalog relation", oid)
	}
	if h := c.heaps[oid]; h != nil {
		return h, rel, nil
	}
	cfg := heap.Config{Rel: bufmgr.RelFork{Spc: rel.spc(), DB: rel.dbOf(c.db), Rel: oid}, Name: rel.name, Desc: rel.desc}
	if rel.toast != 0 {
		t, err := heap.Open(c.pool, heap.Config{Rel: bufmgr.RelFork{Spc: rel.spc(), DB: rel.dbOf(c.db), Rel: rel.toast},
			Name: toastName(oid), Desc: heap.ToastDesc, NoIndexes: true})
		if err != nil {
			return nil, nil, err
		}
		cfg.Toast = t
	}
	h, err := heap.Open(c.pool, cfg)
	if err != nil {
		return nil, nil, err
	}
	c.heaps[oid] = h
	return h, rel, nil
}

// scan calls f with every tuple of catalog oid that snap sees, until f
// returns false or an error. The crow and the values it holds are views
// valid only during the call: f decodes what it keeps (the getters copy)
// and must not retain r.
func (c *Catalog) scan(snap heap.Snapshot, oid uint32, f func(r *crow) (bool, error)) error {
	h, rel, err := c.catHeap(oid)
	if err != nil {
		return err
	}
	s, err := h.Scan(snap)
	if err != nil {
		return err
	}
	defer s.Close()
	n := rel.desc.Natts()
	r := &crow{rel: rel, h: h, vals: make([][]byte, n), nulls: make([]bool, n)}
	for s.Next() {
		t := s.Tuple()
		if err := tuple.DeformInto(rel.desc, t.Data, r.vals, r.nulls); err != nil {
			return err
		}
		r.tid, r.err = t.TID, nil
		more, err := f(r)
		if err == nil {
			err = r.err
		}
		if err != nil {
			return err
		}
		if !more {
			return nil
		}
	}
	return s.Err()
}

// insert writes a new catalog tuple as tx.
func (c *Catalog) insert(tx heap.Txn, r *row) (tuple.TID, error) {
	h, _, err := c.catHeap(r.rel.oid)
	if err != nil {
		return tuple.TID{}, err
	}
	return h.Insert(tx, r.vals, r.nulls)
}

// update replaces the catalog tuple at tid (read under the caller's
// snapshot) with r. A tuple another transaction changed meanwhile is
// PostgreSQL's "tuple concurrently updated": DDL holds locks that should
// make it impossible.
func (c *Catalog) update(tx heap.Txn, tid tuple.TID, r *row) error {
	h, _, err := c.catHeap(r.rel.oid)
	if err != nil {
		return err
	}
	res, err := h.Update(tx, tid, r.vals, r.nulls, false)
	if err != nil {
		return err
	}
	return tmError(res.Status)
}

// delete deletes the catalog tuple at tid.
func (c *Catalog) delete(tx heap.Txn, oid uint32, tid tuple.TID) error {
	h, _, err := c.catHeap(oid)
	if err != nil {
		return err
	}
	res, err := h.Delete(tx, tid)
	if err != nil {
		return err
	}
	return tmError(res.Status)
}

// IsConcurrentUpdate reports the error of a catalog row another
// transaction changed first ("tuple concurrently updated").
func IsConcurrentUpdate(err error) bool {
	e, ok := err.(*pgerr.Error)
	return ok && e.Code == pgerr.InternalError && e.Message == "tuple concurrently updated"
}

func tmError(s heap.TMResult) error {
	switch s {
	case heap.TMOk:
		return nil
	case heap.TMSelfModified:
		return pgerr.New(pgerr.InternalError, "tuple already updated by self")
	case heap.TMBeingModified, heap.TMUpdated, heap.TMDeleted:
		return pgerr.New(pgerr.InternalError, "tuple concurrently updated")
	}
	return pgerr.New(pgerr.InternalError, "catalog tuple update failed: %v", s)
}

func relForkOf(spc, db, rel uint32, fork uint8) bufmgr.RelFork {
	return bufmgr.RelFork{Spc: spc, DB: db, Rel: rel, Fork: fork}
}
