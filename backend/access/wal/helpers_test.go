package wal

import (
	"encoding/binary"
	"errors"
	"io"
	"testing"

	"ringpg/shm"
)

const testSegSize = 1 << 20 // 1 MB segments: crossing one is cheap

// env is a WAL region in a real shared segment, and its directory.
type env struct {
	seg *shm.Segment
	cfg Config
}

func newEnv(t testing.TB, procs int, mod func(*Config)) *env {
	t.Helper()
	cfg := DefaultConfig(t.TempDir())
	cfg.SegmentSize = testSegSize
	cfg.Buffers = 64
	if mod != nil {
		mod(&cfg)
	}
	seg, err := shm.Create(shm.Config{
		MaxProcs:  procs,
		HugePages: shm.HugeOff,
		Regions:   []shm.RegionSpec{{Name: RegionName, Size: RegionSize(cfg.Buffers)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { seg.Close() })
	return &env{seg: seg, cfg: cfg}
}

// attach returns a handle for proc number me.
func (e *env) attach(t testing.TB, me uint32) *WAL {
	t.Helper()
	w, err := Attach(e.seg.Region(RegionName), e.cfg, e.seg.Waiters(), me)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// started returns proc 0's handle on a WAL started at the beginning.
func (e *env) started(t testing.TB) *WAL {
	t.Helper()
	w := e.attach(t, 0)
	if err := w.Start(FirstLSN(e.cfg.SegmentSize), 0); err != nil {
		t.Fatal(err)
	}
	return w
}

// readAll reads every record from start, copying what it returns.
func readAll(t testing.TB, dir string, start LSN) ([]Record, *Reader) {
	t.Helper()
	r, err := NewReaderSize(dir, testSegSize, start)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	var out []Record
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out, r
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, cloneRecord(rec))
	}
}

func cloneRecord(r *Record) Record {
	c := *r
	c.Blocks = nil
	for _, b := range r.Blocks {
		b.Image = clone(b.Image)
		b.Data = clone(b.Data)
		c.Blocks = append(c.Blocks, b)
	}
	c.MainData = clone(r.MainData)
	return c
}

func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte{}, b...)
}

// payload returns n bytes that depend on seed.
func payload(seed uint64, n int) []byte {
	b := make([]byte, n)
	x := seed*0x9E3779B97F4A7C15 + 1
	for i := range b {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		b[i] = byte(x)
	}
	return b
}

// stdPage returns a standard page with the given pd_lsn, pd_lower and
// pd_upper, non-zero outside the hole.
func stdPage(seed uint64, lsn LSN, lower, upper uint16) []byte {
	p := payload(seed, PageSize)
	clear(p[lower:upper])
	binary.LittleEndian.PutUint32(p[0:], uint32(lsn>>32))
	binary.LittleEndian.PutUint32(p[4:], uint32(lsn))
	binary.LittleEndian.PutUint16(p[12:], lower)
	binary.LittleEndian.PutUint16(p[14:], upper)
	return p
}
