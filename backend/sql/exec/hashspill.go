package exec

import (
	"ringpg/backend/sql/exec/spill"
	"ringpg/backend/sql/types"
)

// Hash table spilling, shared by hash aggregation, hashed DISTINCT and
// set operations (PostgreSQL 13's scheme for hash aggregation): once the
// table holds hash memory's worth of entries, input rows whose entry is
// already in the table still go to it, and the others are written to one
// of spillParts temporary files chosen by their hash. When the input ends
// the table's entries are finished, then each partition file is read as
// the input of a fresh table, which may spill again, one level deeper
// (with other hash bits), until every partition fits.

// spillParts is how many partitions a full table spills to.
const spillParts = 32

// hashParts are the partition files of one spilling table.
type hashParts struct {
	depth int
	files [spillParts]*spill.File
}

// partFile is a partition waiting to be read, and the depth its rows
// spill to when it does not fit either.
type partFile struct {
	f     *spill.File
	depth int
}

// partOf picks a partition from h with bits that differ per depth.
func partOf(h uint64, depth int) int {
	h ^= uint64(depth+1) * 0x9e3779b97f4a7c15
	h *= 0xbf58476d1ce4e5b9
	return int(h >> 59)
}

// write appends row to the partition of hash h.
func (p *hashParts) write(s *state, h uint64, row []types.Datum) error {
	i := partOf(h, p.depth)
	if p.files[i] == nil {
		f, err := s.tempFile()
		if err != nil {
			return err
		}
		p.files[i] = f
	}
	return p.files[i].Write(row)
}

// spilled reports whether any row was written.
func (p *hashParts) spilled() bool {
	for _, f := range p.files {
		if f != nil {
			return true
		}
	}
	return false
}

// drain rewinds the partition files and adds them to pending, ready to
// be read at the next depth.
func (p *hashParts) drain(pending *[]partFile) error {
	for i, f := range p.files {
		if f == nil {
			continue
		}
		if err := f.Rewind(); err != nil {
			return err
		}
		*pending = append(*pending, partFile{f: f, depth: p.depth + 1})
		p.files[i] = nil
	}
	return nil
}

// close removes the files.
func (p *hashParts) close() {
	for i, f := range p.files {
		if f != nil {
			f.Close()
			p.files[i] = nil
		}
	}
}

// closePending removes partitions not read.
func closePending(pending []partFile) []partFile {
	for _, pf := range pending {
		pf.f.Close()
	}
	return pending[:0]
}
