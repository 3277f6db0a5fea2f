package smgr

import (
	"path/filepath"
	"testing"
)

// TestExtendZeros: zeroed blocks are added in bulk from the fork's end,
// up to the end of a segment, read back as zeroes, and are followed by
// ordinary extensions; an extension not at the end is refused.
func TestExtendZeros(t *testing.T) {
	smallSegments(t, 4)
	eachEngine(t, func(t *testing.T, engine string) {
		m, dir := newManager(t, engine)
		if err := m.Create(rel, Main); err != nil {
			t.Fatal(err)
		}
		extendTo(t, m, rel, Main, 1)
		for _, step := range []struct{ blk, n, want uint32 }{
			{1, 2, 2},  // inside segment 0
			{3, 10, 1}, // capped at segment 0's end
			{4, 10, 4}, // a whole new segment
			{8, 3, 3},  // and part of the next
			{11, 0, 0},
		} {
			got, err := m.ExtendZeros(rel, Main, step.blk, step.n)
			if err != nil || got != step.want {
				t.Fatalf("ExtendZeros(%d, %d) = %d, %v; want %d", step.blk, step.n, got, err, step.want)
			}
			wantNblocks(t, m, rel, Main, step.blk+step.want)
		}
		wantErr(t, func() error { _, err := m.ExtendZeros(rel, Main, 5, 2); return err }(), "XX000",
			`could not extend file "base/5/16384" at block ...`)
		wantNblocks(t, m, rel, Main, 11)
		extendTo(t, m, rel, Main, 13)
		buf := make([]byte, BlockSize)
		for b := uint32(0); b < 13; b++ {
			if err := m.Read(rel, Main, b, buf); err != nil {
				t.Fatal(err)
			}
			if b == 0 || b >= 11 {
				wantBlock(t, buf, rel, b)
				continue
			}
			for _, c := range buf {
				if c != 0 {
					t.Fatalf("block %d not zeroed", b)
				}
			}
		}
		for name, want := range map[string]int64{"16384": 4, "16384.1": 4, "16384.2": 4, "16384.3": 1} {
			if got := fileSizeOf(t, filepath.Join(dir, "base/5", name)); got != want*BlockSize {
				t.Errorf("%s: %d bytes, want %d blocks", name, got, want)
			}
		}
	})
}
