package autovacuum

import (
	"errors"
	"fmt"
	"os"
	"time"

	"ringpg/backend"
	"ringpg/backend/access/xlog"
	"ringpg/backend/pgstat"
	"ringpg/backend/sql/engine"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/storage"
	"ringpg/backend/storage/smgr"
	"ringpg/pgerr"
	"ringpg/serverlog"
	"ringpg/settings"
)

// errStopped ends a round when the postmaster asks the process to go.
var errStopped = pgerr.New(pgerr.AdminShutdown, "terminating autovacuum process due to administrator command")

// Main is the autovacuum process: it attaches the WAL, the buffer pool and
// an engine as a backend does, then runs a round every
// autovacuum_naptime until env.Stop is closed.
func Main(env *backend.AuxEnv) error {
	set := env.Settings
	dataDir := set.DataDirectory()
	method, _ := set.Show("io_method")
	io, err := smgr.NewIO(method)
	var fb *smgr.FallbackError
	if err != nil && !errors.As(err, &fb) {
		return fmt.Errorf("file I/O: %w", err)
	}
	lg, err := xlog.Attach(env.Seg, env.Slot, xlog.Config(set, dataDir, io))
	if err != nil {
		return fmt.Errorf("attaching the WAL: %w", err)
	}
	defer lg.Close()
	pool, files, err := storage.OpenIO(env.Seg, int(set.SharedBuffers()), uint32(env.Slot), dataDir, io, lg.Hooks(storage.Hooks()))
	if err != nil {
		return fmt.Errorf("attaching the buffer pool: %w", err)
	}
	defer files.Close()
	funcs.Load()
	eng, err := engine.New(pool, env.Seg, dataDir, env.Slot, int32(os.Getpid()), lg)
	if err != nil {
		return fmt.Errorf("starting the SQL engine: %w", err)
	}
	defer eng.Close()
	l := &launcher{eng: eng, set: set, stop: env.Stop}
	for {
		if l.set.BoolOf(settings.Autovacuum) && l.set.BoolOf(settings.TrackCounts) {
			l.round()
		}
		if !l.nap(env.Reload) {
			return nil
		}
	}
}

// nap waits autovacuum_naptime, taking new settings as they come; false
// when the process is to stop.
func (l *launcher) nap(reload <-chan *settings.Set) bool {
	t := time.NewTimer(time.Duration(l.set.IntOf(settings.AutovacuumNaptime)) * time.Second)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return false
		case st := <-reload:
			l.set = st
		case <-t.C:
			return true
		}
	}
}

// launcher is the process's state between rounds: the engine and the
// current settings.
type launcher struct {
	eng  *engine.Engine
	set  *settings.Set
	stop <-chan struct{}
}

func (l *launcher) interrupt() error {
	select {
	case <-l.stop:
		return errStopped
	default:
		return nil
	}
}

// round visits every database that accepts connections once.
func (l *launcher) round() {
	dbs, err := l.eng.AutovacuumDatabases()
	if err != nil {
		serverlog.Errorf("autovacuum: could not list databases: %v", err)
		return
	}
	for _, db := range dbs {
		if l.interrupt() != nil {
			return
		}
		if err := l.visit(db); err != nil {
			serverlog.Errorf("autovacuum of database \"%s\": %v", db.Name, err)
		}
	}
}

// visit works on the tables of one database that need it.
func (l *launcher) visit(db engine.AutovacuumDatabase) error {
	s, err := l.eng.NewAutovacuumSession(db.Oid, db.Name, l.set, l.interrupt)
	if err != nil {
		return err
	}
	defer s.Close()
	tables, err := s.AutovacuumTables()
	if err != nil {
		return err
	}
	tab := l.eng.StatsTable()
	th := ThresholdsOf(l.set)
	for _, t := range tables {
		if err := l.interrupt(); err != nil {
			return nil
		}
		row, ok := tab.Get(pgstat.Key{DB: db.Oid, Rel: t.Oid})
		if !ok {
			continue // never touched since the statistics began
		}
		vac, anl := Decide(row, t.Tuples, th)
		if !vac && !anl {
			continue
		}
		l.work(s, db, t, vac, anl)
	}
	return nil
}

// work runs VACUUM and/or ANALYZE of one table and logs it as
// log_autovacuum_min_duration asks.
func (l *launcher) work(s *engine.Session, db engine.AutovacuumDatabase, t engine.AutovacuumTable, vac, anl bool) {
	start := time.Now()
	err := s.AutovacuumRun(t, vac, anl)
	elapsed := time.Since(start)
	minDur := l.set.IntOf(settings.LogAutovacuumMinDuration)
	logIt := minDur >= 0 && elapsed >= time.Duration(minDur)*time.Millisecond
	qual := fmt.Sprintf("%s.%s.%s", db.Name, t.Schema, t.Name)
	switch {
	case errors.Is(err, engine.ErrAutovacuumSkipped):
		if logIt {
			what := "vacuum"
			if !vac {
				what = "analyze"
			}
			serverlog.Printf("skipping %s of \"%s\" --- lock not available", what, t.Name)
		}
		return
	case err != nil:
		if pgerr.From(err).Code == pgerr.QueryCanceled {
			what := "vacuum"
			if !vac {
				what = "analyze"
			}
			serverlog.Errorf("canceling autovacuum task\nCONTEXT:  automatic %s of table \"%s\"", what, qual)
			return
		}
		serverlog.Errorf("automatic vacuum of table \"%s\": %v", qual, err)
		return
	}
	if !logIt {
		return
	}
	secs := elapsed.Seconds()
	if vac {
		st := s.AutovacuumStats()
		scanned := 100.0
		if st.Pages > 0 {
			scanned = 100 * float64(st.PagesScanned) / float64(st.Pages)
		}
		scans := 0
		if st.DeadItems > 0 {
			scans = 1
		}
		serverlog.Printf("automatic vacuum of table \"%s\": index scans: %d\n"+
			"\tpages: %d removed, %d remain, %d scanned (%.2f%% of total)\n"+
			"\ttuples: %d removed, %d remain, %d are dead but not yet removable\n"+
			"\tsystem usage: elapsed: %.2f s",
			qual, scans, st.PagesRemoved, st.PagesLeft, st.PagesScanned, scanned,
			st.TuplesRemoved, st.LiveTuples, st.RecentlyDead, secs)
	}
	if anl {
		serverlog.Printf("automatic analyze of table \"%s\"\n\tsystem usage: elapsed: %.2f s", qual, secs)
	}
}
