package exec

import (
	"slices"

	"ringpg/backend/sql/exec/spill"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// External sort: when the rows a sort keeps exceed work_mem, they are
// sorted and written to a temporary file as one run, and reading starts
// over with empty memory. At the end the runs and the rows still in memory
// are merged with a heap. Runs hold consecutive stretches of the input, so
// ordering equal keys by run number keeps the sort stable: the merged
// order is exactly the in-memory stable sort's.

// writeRun sorts the kept rows and writes them out as a run; a record is
// the row followed by its key values.
func (o *sortOp) writeRun() error {
	slices.SortStableFunc(o.rows, func(a, b sortRow) int { return compareKeys(o.keys, a.keys, b.keys) })
	f, err := o.s.tempFile()
	if err != nil {
		return err
	}
	o.runs = append(o.runs, f)
	var rec []types.Datum
	for i := range o.rows {
		rec = append(append(rec[:0], o.rows[i].row...), o.rows[i].keys...)
		if err := f.Write(rec); err != nil {
			return err
		}
		o.rows[i] = sortRow{}
	}
	if err := f.Rewind(); err != nil {
		return err
	}
	o.rows, o.arena, o.mem = o.rows[:0], rowArena{}, 0
	return nil
}

// closeRuns removes the runs of an earlier execution.
func (o *sortOp) closeRuns() {
	for _, f := range o.runs {
		f.Close()
	}
	o.runs, o.merge, o.mem = o.runs[:0], nil, 0
}

// sortMerge merges sorted sources: the runs on disk, then the rows kept in
// memory.
type sortMerge struct {
	keys []plan.SortKey
	srcs []mergeSource
	heap []int // sources with a current row, best first
	last int   // source whose row next returned last, to advance; -1: none
	tick func() error
}

// mergeSource is one sorted run: a file, or (f nil) the in-memory rows.
type mergeSource struct {
	f    *spill.File
	mem  []sortRow
	pos  int
	nk   int
	buf  []types.Datum
	row  []types.Datum
	keys []types.Datum
}

// advance moves to the source's next row; it reports false at its end.
func (m *mergeSource) advance() (bool, error) {
	if m.f == nil {
		if m.pos >= len(m.mem) {
			return false, nil
		}
		m.row, m.keys = m.mem[m.pos].row, m.mem[m.pos].keys
		m.pos++
		return true, nil
	}
	rec, err := m.f.Read(m.buf)
	if err != nil || rec == nil {
		return false, err
	}
	m.buf = rec
	cut := len(rec) - m.nk
	m.row, m.keys = rec[:cut:cut], rec[cut:]
	return true, nil
}

// fanIn is how many runs one merge reads at once: each open run costs a
// file buffer, so a small work_mem merges in several passes.
func (o *sortOp) fanIn() int {
	return min(max(int(o.s.workMem()/spill.BufferSize), 6), 256)
}

// startMerge merges groups of adjacent runs into longer ones until one
// last merge of the runs and the rows in memory remains; adjacent groups
// keep the runs' input order, and with it stability.
func (o *sortOp) startMerge() error {
	for len(o.runs) > o.fanIn()-1 {
		var merged []*spill.File
		for i := 0; i < len(o.runs); i += o.fanIn() {
			f, err := o.mergeRuns(o.runs[i:min(i+o.fanIn(), len(o.runs))])
			if err != nil {
				return err
			}
			merged = append(merged, f)
		}
		o.runs = merged
	}
	m, err := o.newMerge(o.runs, o.rows)
	o.merge = m
	return err
}

// mergeRuns merges runs into a new one and removes them.
func (o *sortOp) mergeRuns(runs []*spill.File) (*spill.File, error) {
	m, err := o.newMerge(runs, nil)
	if err != nil {
		return nil, err
	}
	f, err := o.s.tempFile()
	if err != nil {
		return nil, err
	}
	for {
		row, err := m.next()
		if err != nil {
			return nil, err
		}
		if row == nil {
			break
		}
		if err := f.Write(m.srcs[m.last].buf); err != nil {
			return nil, err
		}
	}
	for _, r := range runs {
		r.Close()
	}
	return f, f.Rewind()
}

// newMerge starts merging runs followed by the in-memory rows mem.
func (o *sortOp) newMerge(runs []*spill.File, mem []sortRow) (*sortMerge, error) {
	m := &sortMerge{keys: o.keys, last: -1, tick: o.s.tick}
	for _, f := range runs {
		m.srcs = append(m.srcs, mergeSource{f: f, nk: len(o.keys)})
	}
	if len(mem) > 0 {
		m.srcs = append(m.srcs, mergeSource{mem: mem})
	}
	for i := range m.srcs {
		ok, err := m.srcs[i].advance()
		if err != nil {
			return nil, err
		}
		if ok {
			m.push(i)
		}
	}
	return m, nil
}

// less orders sources by their current keys, then by source number (the
// input order of the runs).
func (m *sortMerge) less(a, b int) bool {
	if c := compareKeys(m.keys, m.srcs[a].keys, m.srcs[b].keys); c != 0 {
		return c < 0
	}
	return a < b
}

func (m *sortMerge) push(i int) {
	m.heap = append(m.heap, i)
	for j := len(m.heap) - 1; j > 0; {
		p := (j - 1) / 2
		if !m.less(m.heap[j], m.heap[p]) {
			break
		}
		m.heap[j], m.heap[p] = m.heap[p], m.heap[j]
		j = p
	}
}

func (m *sortMerge) down() {
	h := m.heap
	for i := 0; ; {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		if r := l + 1; r < len(h) && m.less(h[r], h[l]) {
			l = r
		}
		if !m.less(h[l], h[i]) {
			return
		}
		h[i], h[l] = h[l], h[i]
		i = l
	}
}

func (m *sortMerge) next() ([]types.Datum, error) {
	if m.last >= 0 {
		// The row returned last is no longer needed: move its source on.
		src := m.last
		m.last = -1
		ok, err := m.srcs[src].advance()
		if err != nil {
			return nil, err
		}
		if !ok {
			n := len(m.heap) - 1
			m.heap[0] = m.heap[n]
			m.heap = m.heap[:n]
		}
		m.down()
		if err := m.tick(); err != nil {
			return nil, err
		}
	}
	if len(m.heap) == 0 {
		return nil, nil
	}
	m.last = m.heap[0]
	return m.srcs[m.last].row, nil
}
