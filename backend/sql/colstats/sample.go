package colstats

import (
	"math/rand/v2"
	"slices"
)

// Sampler keeps a uniform random sample of at most Size rows of a stream
// (reservoir sampling), returned in the order the rows came: while fewer
// than Size rows have been seen, every row is kept.
type Sampler[R any] struct {
	size int
	seen int
	rows []sampled[R]
	rnd  *rand.Rand
}

type sampled[R any] struct {
	pos int
	row R
}

// NewSampler returns a sampler of size rows.
func NewSampler[R any](size int) *Sampler[R] {
	return &Sampler[R]{size: size, rnd: rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))}
}

// Want reports whether the next row will be kept: the caller copies it
// only then and passes it to Add; it calls Skip otherwise.
func (s *Sampler[R]) Want() (int, bool) {
	if s.seen < s.size {
		return -1, true
	}
	k := int(s.rnd.Int64N(int64(s.seen + 1)))
	return k, k < s.size
}

// Add keeps row in the slot Want chose.
func (s *Sampler[R]) Add(slot int, row R) {
	if slot < 0 {
		s.rows = append(s.rows, sampled[R]{pos: s.seen, row: row})
	} else {
		s.rows[slot] = sampled[R]{pos: s.seen, row: row}
	}
	s.seen++
}

// Skip counts a row not kept.
func (s *Sampler[R]) Skip() { s.seen++ }

// Seen is the number of rows offered.
func (s *Sampler[R]) Seen() int { return s.seen }

// Rows returns the sample in stream order.
func (s *Sampler[R]) Rows() []R {
	slices.SortFunc(s.rows, func(a, b sampled[R]) int { return a.pos - b.pos })
	out := make([]R, len(s.rows))
	for i, r := range s.rows {
		out[i] = r.row
	}
	return out
}
