package wal

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

const tornStart = LSN(2*testSegSize - 40*PageSize)

// tornEnv is a flushed WAL of records of mixed sizes, some spanning
// pages and one segment boundary, and where each record's bytes are.
type tornEnv struct {
	dir    string
	starts []LSN
	raw    []LSN // end of each record's bytes, before alignment padding
	end    LSN
}

func newTornEnv(t *testing.T) *tornEnv {
	e := newEnv(t, 2, nil)
	w := e.attach(t, 0)
	// Start 40 pages before the end of segment 1, so that a short WAL
	// crosses into segment 2.
	if err := w.Start(tornStart, 0); err != nil {
		t.Fatal(err)
	}
	te := &tornEnv{dir: e.cfg.Dir}
	rnd := rand.New(rand.NewPCG(1, 2))
	var b Builder
	for i := 0; w.InsertPos() < tornStart+100*PageSize; i++ {
		n := rnd.IntN(300)
		if i%17 == 0 {
			n = 5000 + rnd.IntN(3*PageSize)
		}
		b.Reset(uint8(i%8), uint8(i), uint64(i))
		if i%5 == 0 {
			b.RegisterBlock(0, RelFileLocator{1, 2, uint32(i)}, 0, uint32(i), nil, 0)
			b.AppendBlockData(0, payload(uint64(i)+1000, rnd.IntN(50)+1))
		}
		b.AppendData(payload(uint64(i), n))
		if _, err := w.Insert(&b); err != nil {
			t.Fatal(err)
		}
		s, _ := b.Inserted()
		te.starts = append(te.starts, s)
		te.raw = append(te.raw, w.g.toEndLSN(w.g.toPos(s)+b.totLen))
	}
	te.end = w.InsertPos()
	if err := w.Flush(te.end); err != nil {
		t.Fatal(err)
	}
	if recs, r := readAll(t, te.dir, tornStart); len(recs) != len(te.starts) {
		t.Fatalf("intact WAL: %d of %d records (%s)", len(recs), len(te.starts), r.EndReason())
	}
	return te
}

// patch overwrites the WAL bytes at lsn with p and returns what was there.
func (te *tornEnv) patch(t *testing.T, lsn LSN, p []byte) []byte {
	t.Helper()
	old := make([]byte, len(p))
	for i := 0; i < len(p); {
		seg := (uint64(lsn) + uint64(i)) / testSegSize
		off := (uint64(lsn) + uint64(i)) % testSegSize
		n := min(len(p)-i, int(testSegSize-off))
		f, err := os.OpenFile(filepath.Join(te.dir, SegmentName(seg, testSegSize)), os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.ReadAt(old[i:i+n], int64(off)); err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteAt(p[i:i+n], int64(off)); err != nil {
			t.Fatal(err)
		}
		f.Close()
		i += n
	}
	return old
}

// count returns how many records the reader finds.
func (te *tornEnv) count(t *testing.T) (int, string) {
	recs, r := readAll(t, te.dir, tornStart)
	for i := range recs {
		if recs[i].LSN != te.starts[i] {
			t.Fatalf("record %d at %s, want %s", i, recs[i].LSN, te.starts[i])
		}
	}
	return len(recs), r.EndReason()
}

// TestTornTail zeroes the WAL from many offsets on, as a crash in the
// middle of a write leaves it: the reader must stop exactly after the
// last record whose bytes all lie before the offset.
func TestTornTail(t *testing.T) {
	te := newTornEnv(t)
	first := tornStart
	rnd := rand.New(rand.NewPCG(3, 4))
	offsets := []LSN{first, first + 1, first + 40, te.end - 1, te.end, LSN(2 * testSegSize), LSN(2*testSegSize) + 40}
	for _, s := range te.starts[1:8] {
		offsets = append(offsets, s, s+1, s+4, s+27, s+28)
	}
	for range randomCases(120) {
		offsets = append(offsets, first+LSN(rnd.Uint64N(uint64(te.end-first))))
	}
	for _, x := range offsets {
		zero := make([]byte, te.end-x)
		old := te.patch(t, x, zero)
		want := 0
		for want < len(te.raw) && te.raw[want] <= x {
			want++
		}
		got, why := te.count(t)
		if got != want {
			t.Errorf("zeroed from %s: %d records, want %d (%s)", x, got, want, why)
		}
		te.patch(t, x, old)
	}
}

// TestCorruption flips one byte at many offsets: the reader must stop
// just before the record holding it (or spanning the page whose header
// holds it), never return a damaged record.
func TestCorruption(t *testing.T) {
	te := newTornEnv(t)
	first := tornStart
	rnd := rand.New(rand.NewPCG(5, 6))
	var offsets []LSN
	for range randomCases(150) {
		offsets = append(offsets, first+LSN(rnd.Uint64N(uint64(te.end-first))))
	}
	// Every byte of a header that is checked, on a page start and a
	// segment start.
	step := LSN(1)
	if raceEnabled {
		step = 3
	}
	for i := LSN(0); i < longHeaderSize; i += step {
		offsets = append(offsets, first+PageSize+i, LSN(2*testSegSize)+i, LSN(2*testSegSize)+PageSize+i)
	}
	for _, x := range offsets {
		in := uint64(x) % PageSize
		pageStart := x - LSN(in)
		isLong := uint64(pageStart)%testSegSize == 0
		if isLong && in >= 24 && in < 32 {
			continue // the system identifier is not checked
		}
		want := 0
		switch {
		case in < shortHeaderSize || (isLong && in < longHeaderSize):
			// A page header: records reaching into the page are lost.
			for want < len(te.raw) && te.raw[want] <= pageStart {
				want++
			}
		default:
			for want < len(te.starts) && te.raw[want] <= x {
				want++
			}
			if want < len(te.starts) && te.starts[want] > x {
				want = len(te.starts) // alignment padding: nobody's byte
			}
		}
		var b [1]byte
		old := te.patch(t, x, b[:])
		b[0] = old[0] ^ byte(1+rnd.IntN(255))
		te.patch(t, x, b[:])
		got, why := te.count(t)
		if x >= te.end {
			want = len(te.starts)
		}
		if got != want {
			t.Errorf("byte at %s flipped: %d records, want %d (%s)", x, got, want, why)
		}
		te.patch(t, x, old)
	}
}

// randomCases is n, or a third of it under the race detector.
func randomCases(n int) int {
	if raceEnabled {
		return n / 3
	}
	return n
}

// TestRestartClearsStaleWAL: a life ends with a damaged record in the
// middle of what it wrote; the next life starts there and logs records
// of the same sizes, so that the old records past its end sit at the
// same LSNs with prev-links that match. The reader must not take them
// for WAL of the new life.
func TestRestartClearsStaleWAL(t *testing.T) {
	const total, damaged, again = 900, 100, 60
	// Record damaged+again-1 ends exactly at a page boundary, so that the
	// next old record starts on a page the new life never writes.
	sizes := make([]int, total)
	e := newEnv(t, 2, nil)
	w := e.started(t)
	var b Builder
	var starts []LSN
	for i := range total {
		sizes[i] = 50 + (i*97)%3000
		if i == damaged+again-1 {
			pos := w.InsertPos()
			left := PageSize - int(pos%PageSize) - RecordHeaderSize - 5
			if left < 1 {
				left += PageSize - shortHeaderSize
			}
			sizes[i] = left
		}
		b.Reset(RmTest, 1, uint64(i))
		b.AppendData(payload(uint64(i), sizes[i]))
		if _, err := w.Insert(&b); err != nil {
			t.Fatal(err)
		}
		s, _ := b.Inserted()
		starts = append(starts, s)
	}
	if err := w.Flush(w.InsertPos()); err != nil {
		t.Fatal(err)
	}
	if starts[total-1] < LSN(2*testSegSize) || starts[damaged] >= LSN(2*testSegSize) {
		t.Fatalf("records end at %s: the old tail should reach into segment 2", starts[total-1])
	}
	te := &tornEnv{dir: e.cfg.Dir}
	te.patch(t, starts[damaged]+40, []byte{0xAA})
	recs, r := readAll(t, e.cfg.Dir, FirstLSN(testSegSize))
	if len(recs) != damaged {
		t.Fatalf("%d records before the damage, want %d", len(recs), damaged)
	}
	e2 := newEnv(t, 2, func(c *Config) { *c = e.cfg })
	w2 := e2.attach(t, 0)
	if err := w2.Start(r.EndLSN(), r.LastLSN()); err != nil {
		t.Fatal(err)
	}
	for i := damaged; i < damaged+again; i++ {
		b.Reset(RmTest, 2, uint64(i))
		b.AppendData(payload(uint64(i)+1e6, sizes[i]))
		if _, err := w2.Insert(&b); err != nil {
			t.Fatal(err)
		}
		if s, _ := b.Inserted(); s != starts[i] {
			t.Fatalf("new record %d at %s, the old one was at %s", i, s, starts[i])
		}
	}
	if err := w2.Flush(w2.InsertPos()); err != nil {
		t.Fatal(err)
	}
	if w2.InsertPos()%PageSize != shortHeaderSize || w2.InsertPos() != starts[damaged+again] {
		t.Fatalf("new life ends at %s, the next old record is at %s", w2.InsertPos(), starts[damaged+again])
	}
	recs, r = readAll(t, e.cfg.Dir, FirstLSN(testSegSize))
	if len(recs) != damaged+again {
		t.Fatalf("%d records, want %d (%s)", len(recs), damaged+again, r.EndReason())
	}
	for i, rec := range recs {
		if want := uint8(1 + i/damaged); i >= damaged && rec.Info != want {
			t.Fatalf("record %d is from life %d", i, rec.Info)
		}
	}
}

// TestTruncatedTail cuts the segment files short at many offsets (later
// segments gone): the reader reads whole pages, so it must stop after the
// last record that ends before the first page cut short.
func TestTruncatedTail(t *testing.T) {
	te := newTornEnv(t)
	var saved [3][]byte
	for s := 1; s <= 2; s++ {
		b, err := os.ReadFile(filepath.Join(te.dir, SegmentName(uint64(s), testSegSize)))
		if err != nil {
			t.Fatal(err)
		}
		saved[s] = b
	}
	rnd := rand.New(rand.NewPCG(7, 8))
	offsets := []LSN{tornStart, LSN(2 * testSegSize), LSN(2*testSegSize) + 100, te.end}
	for range randomCases(40) {
		offsets = append(offsets, tornStart+LSN(rnd.Uint64N(uint64(te.end-tornStart))))
	}
	for _, x := range offsets {
		seg := uint64(x) / testSegSize
		path := filepath.Join(te.dir, SegmentName(seg, testSegSize))
		if err := os.Truncate(path, int64(uint64(x)%testSegSize)); err != nil {
			t.Fatal(err)
		}
		if seg == 1 {
			os.Remove(filepath.Join(te.dir, SegmentName(2, testSegSize)))
		}
		whole := x &^ (PageSize - 1) // the pages before x's are whole
		want := 0
		for want < len(te.raw) && te.raw[want] <= whole {
			want++
		}
		got, why := te.count(t)
		if got != want {
			t.Errorf("cut at %s: %d records, want %d (%s)", x, got, want, why)
		}
		for s := 1; s <= 2; s++ {
			if err := os.WriteFile(filepath.Join(te.dir, SegmentName(uint64(s), testSegSize)), saved[s], 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
}
