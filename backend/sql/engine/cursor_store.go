package engine

import (
	"sort"

	"ringpg/backend/sql/exec/spill"
	"ringpg/backend/sql/types"
)

// rowStore keeps a cursor's rows by number for reading in any order, as
// PostgreSQL's tuplestore does for a scrollable or held portal: the newest
// rows in memory, older ones written to temporary files in chunks once
// they pass the budget (work_mem), a chunk read back whole when one of its
// rows is wanted. Memory stays within about twice the budget: the rows
// not yet written out and one chunk read back.
type rowStore struct {
	temp   *spill.Manager // nil: everything stays in memory
	budget int64          // bytes of rows in memory before they are written out

	chunks   []storeChunk    // written out, in row order
	tail     [][]types.Datum // the rows after the last chunk
	tailSize int64           // their estimated size
	cache    [][]types.Datum // the rows of chunks[cached]
	cached   int             // -1: none
}

// storeChunk is one temporary file of rows first .. first+n-1 (0-based).
type storeChunk struct {
	f     *spill.File
	first int64
	n     int64
}

func newRowStore(temp *spill.Manager, budget int64) rowStore {
	return rowStore{temp: temp, budget: budget, cached: -1}
}

// len is how many rows the store holds.
func (st *rowStore) len() int64 {
	return st.tailFirst() + int64(len(st.tail))
}

func (st *rowStore) tailFirst() int64 {
	if len(st.chunks) == 0 {
		return 0
	}
	c := st.chunks[len(st.chunks)-1]
	return c.first + c.n
}

// add appends a copy of row.
func (st *rowStore) add(row []types.Datum) error {
	st.tail = append(st.tail, copyDatums(row))
	st.tailSize += spill.RowSize(row)
	if st.temp == nil || st.tailSize <= st.budget {
		return nil
	}
	return st.writeTail()
}

// writeTail moves the rows in memory to a new chunk file.
func (st *rowStore) writeTail() error {
	f, err := st.temp.Create()
	if err != nil {
		return err
	}
	for _, r := range st.tail {
		if err := f.Write(r); err != nil {
			f.Close()
			return err
		}
	}
	if err := f.Rewind(); err != nil {
		f.Close()
		return err
	}
	st.chunks = append(st.chunks, storeChunk{f: f, first: st.tailFirst(), n: int64(len(st.tail))})
	st.tail, st.tailSize = nil, 0
	return nil
}

// get returns row i (0-based, below len).
func (st *rowStore) get(i int64) ([]types.Datum, error) {
	if first := st.tailFirst(); i >= first {
		return st.tail[i-first], nil
	}
	k := sort.Search(len(st.chunks), func(k int) bool { return st.chunks[k].first+st.chunks[k].n > i })
	if k != st.cached {
		if err := st.load(k); err != nil {
			return nil, err
		}
	}
	return st.cache[i-st.chunks[k].first], nil
}

// load reads chunk k into the cache.
func (st *rowStore) load(k int) error {
	st.cache, st.cached = st.cache[:0], -1
	f := st.chunks[k].f
	if err := f.Rewind(); err != nil {
		return err
	}
	for {
		row, err := f.Read(nil)
		if err != nil {
			return err
		}
		if row == nil {
			break
		}
		st.cache = append(st.cache, row)
	}
	st.cached = k
	return nil
}

// close removes the files and forgets the rows.
func (st *rowStore) close() {
	for _, c := range st.chunks {
		c.f.Close()
	}
	st.chunks, st.tail, st.cache, st.cached, st.tailSize = nil, nil, nil, -1, 0
}
