package checkpoint

import (
	"testing"
	"time"

	"ringpg/shm"
)

// TestStats checks the pg_stat_bgwriter counters: what checkpoints and
// background writer rounds add, and a reset.
func TestStats(t *testing.T) {
	seg, err := shm.Create(shm.Config{MaxProcs: 1, HugePages: shm.HugeOff,
		Regions: []shm.RegionSpec{{Name: RegionName, Size: RegionSize}}})
	if err != nil {
		t.Fatal(err)
	}
	defer seg.Unmap()
	r, err := view(seg)
	if err != nil {
		t.Fatal(err)
	}
	r.stats.count(RunStats{Written: 10, Write: 3 * time.Millisecond, Sync: time.Millisecond, Timed: true})
	r.stats.count(RunStats{Written: 5, Write: time.Millisecond, Explicit: true})
	r.stats.count(RunStats{Written: 1}) // end of recovery: neither kind
	r.stats.countRound(0, 100)
	r.stats.countRound(7, 100)
	r.stats.countRound(100, 100)
	st, err := ReadStats(seg)
	if err != nil {
		t.Fatal(err)
	}
	want := Stats{TimedCheckpoints: 1, RequestedCheckpoints: 1, BuffersCheckpoint: 16,
		WriteTime: 4 * time.Millisecond, SyncTime: time.Millisecond, BuffersClean: 107, MaxWrittenClean: 1}
	if st != want {
		t.Errorf("stats %+v, want %+v", st, want)
	}
	at := time.UnixMicro(time.Now().UnixMicro())
	if err := ResetStats(seg, at); err != nil {
		t.Fatal(err)
	}
	if st, _ = ReadStats(seg); st != (Stats{Reset: at}) {
		t.Errorf("after reset %+v", st)
	}
}
