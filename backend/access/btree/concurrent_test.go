package btree

import (
	"sync"
	"testing"
)

// TestConcurrentGoroutines runs the stress workload with goroutines, each
// with its own view of the pool and its own index handle, as processes
// have: on the fake (whose locks the race detector understands) and on
// the real buffer pool in ordinary memory.
func TestConcurrentGoroutines(t *testing.T) {
	cfg := stressConfig{preload: 1500, perWorker: 800, unique: 300, inserters: 3, uniques: 3, scanners: 2}
	if raceEnabled {
		cfg.preload, cfg.perWorker, cfg.unique = 600, 300, 150
	}
	n := cfg.inserters + cfg.uniques + cfg.scanners + 2 // the parent and a vacuum
	t.Run("fake", func(t *testing.T) {
		st := newFakeStore()
		views := make([]Buffers, n)
		for i := range views {
			views[i] = st.view()
		}
		runGoroutineStress(t, cfg, views)
	})
	t.Run("bufmgr", func(t *testing.T) {
		pools := newLocalPools(t, 96, n)
		views := make([]Buffers, n)
		for i := range views {
			views[i] = pools[i]
		}
		runGoroutineStress(t, cfg, views)
		for _, p := range pools {
			if err := p.CheckIdle(); err != nil {
				t.Error(err)
			}
		}
	})
}

func runGoroutineStress(t *testing.T, cfg stressConfig, views []Buffers) {
	a := new(arena)
	a.setConfig(cfg)
	ix, err := Create(views[0], testRel, Options{Name: "stress"})
	if err != nil {
		t.Fatal(err)
	}
	if err := preload(ix, cfg); err != nil {
		t.Fatal(err)
	}
	type job struct {
		role string
		id   int
	}
	var jobs []job
	for i := 1; i <= cfg.inserters; i++ {
		jobs = append(jobs, job{"insert", i})
	}
	for i := range cfg.uniques {
		jobs = append(jobs, job{"unique", 100 + i})
	}
	for i := range cfg.scanners {
		jobs = append(jobs, job{"scan", 200 + i})
	}
	jobs = append(jobs, job{"vacuum", 300})
	var writers, scanners sync.WaitGroup
	errs := make(chan error, len(jobs))
	for i, j := range jobs {
		wg := &writers
		if j.role == "scan" || j.role == "vacuum" {
			wg = &scanners
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := runWorker(j.role, j.id, Open(views[i+1], testRel, Options{Name: "stress"}), a); err != nil {
				errs <- err
			}
		}()
	}
	openGate(t, a, len(jobs))
	writers.Wait()
	a.stop.Store(1)
	scanners.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		t.FailNow()
	}
	verifyStress(t, ix, a)
}
