package exec

import (
	"os"
	"path/filepath"

	"ringpg/backend/sql/exec/spill"
)

// Memory limits of the operators that keep rows, and their temporary
// files. A sort holds at most work_mem of rows before it writes a sorted
// run; hash aggregation, hashed DISTINCT and set operations and the build
// side of a hash join hold at most work_mem × hash_mem_multiplier before
// they partition what does not fit to temporary files by hash.

// defaultWorkMem is PostgreSQL's work_mem default (4MB), used when the
// environment does not say.
const defaultWorkMem = 4 << 20

// minWorkMem is the smallest work_mem PostgreSQL accepts (64kB).
const minWorkMem = 64 << 10

func (s *state) workMem() int64 {
	m := s.env.WorkMem
	if m <= 0 {
		return defaultWorkMem
	}
	return max(m, minWorkMem)
}

func (s *state) hashMem() int64 {
	mult := s.env.HashMemMultiplier
	if mult < 1 {
		mult = 2
	}
	return int64(float64(s.workMem()) * mult)
}

// tempFile creates a temporary file that lives at most until the
// statement ends.
func (s *state) tempFile() (*spill.File, error) {
	if s.env.Temp == nil {
		dir := filepath.Join(os.TempDir(), "ringpg-"+spill.DirName)
		s.env.Temp = spill.NewManager(dir, os.Getpid())
	}
	f, err := s.env.Temp.Create()
	if err != nil {
		return nil, err
	}
	s.temps = append(s.temps, f)
	return f, nil
}

// removeTemps removes every temporary file of the statement (closing a
// file twice is harmless: operators close theirs as soon as they are done).
func (s *state) removeTemps() {
	for i, f := range s.temps {
		f.Close()
		s.temps[i] = nil
	}
	s.temps = s.temps[:0]
}
