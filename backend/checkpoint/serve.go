package checkpoint

import (
	"os"
	"time"

	"ringpg/backend/access/xlog"
	"ringpg/backend/storage/bufmgr"
	"ringpg/sem"
	"ringpg/serverlog"
	"ringpg/settings"
	"ringpg/shm"
)

// Schedule is what decides when the checkpointer runs on its own.
type Schedule struct {
	Timeout time.Duration // checkpoint_timeout
	MaxWAL  uint64        // bytes of WAL since the last redo point that trigger one (max_wal_size/2)
}

// ScheduleOf reads the schedule from the settings.
func ScheduleOf(set *settings.Set) Schedule {
	return Schedule{
		Timeout: time.Duration(set.Int("checkpoint_timeout")) * time.Second,
		MaxWAL:  uint64(set.Int("max_wal_size")) << 20 / 2,
	}
}

// pollEvery bounds how long the checkpointer sleeps between looks at the
// WAL's growth and its stop channel.
const pollEvery = 200 * time.Millisecond

// Serve is the checkpointer process's loop: a checkpoint every
// checkpoint_timeout, whenever MaxWAL bytes of WAL have been written since
// the last redo point, and on every request, until stop is closed. The
// shutdown checkpoint is not its: the postmaster does it once every other
// process has gone. reload delivers new settings.
func (c *Checkpointer) Serve(seg *shm.Segment, sched Schedule, stop <-chan struct{}, reload <-chan *settings.Set) error {
	r, err := view(seg)
	if err != nil {
		return err
	}
	r.stats.resetAt.CompareAndSwap(0, time.Now().UnixMicro())
	r.pid.Store(int32(os.Getpid()))
	defer r.pid.Store(0)
	w := c.Log.WAL()
	last := time.Now()
	for {
		select {
		case <-stop:
			return nil
		case set := <-reload:
			sched = ScheduleOf(set)
			c.LogCheckpoints = set.Bool("log_checkpoints")
		default:
		}
		seen := r.requested.Load()
		kind := Kind(-1)
		switch {
		case seen != r.completed.Load():
			kind = Requested
		case time.Since(last) >= sched.Timeout:
			kind = Timed
		case uint64(w.InsertPos()-w.RedoPtr()) >= sched.MaxWAL:
			kind = WALVolume
		}
		if kind < 0 {
			sem.FutexWait(word(&r.requested), seen, pollEvery)
			continue
		}
		last = time.Now()
		if _, err := c.Run(kind); err != nil {
			serverlog.Errorf("checkpoint failed: %v", err)
			r.failed.Store(seen)
		} else {
			r.stats.count(c.Last)
		}
		r.completed.Store(seen)
		sem.FutexWake(word(&r.completed), 1<<30)
	}
}

// WALWriter is the WAL writer process's loop: every delay, it makes the
// WAL inserted so far durable, for asynchronous commits and so that
// committing backends find their records flushed already.
func WALWriter(lg *xlog.Log, delay time.Duration, stop <-chan struct{}, reload <-chan *settings.Set) error {
	w := lg.WAL()
	t := time.NewTicker(delay)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return nil
		case set := <-reload:
			t.Reset(time.Duration(set.Int("wal_writer_delay")) * time.Millisecond)
		case <-t.C:
			if pos := w.InsertPos(); pos > w.FlushedUpTo() {
				if err := w.Flush(pos); err != nil {
					return err
				}
			}
		}
	}
}

// BgWriter is the background writer process's loop: every
// bgwriter_delay it writes up to bgwriter_lru_maxpages dirty pages the
// clock hand will soon reach and could take as victims (looking
// bgwriter_lru_multiplier times that far ahead, at least four times), so
// that backends that need a buffer find a clean one. pool must carry the
// WAL rule (xlog's WriterHooks). Its figures go to seg's request region
// (pg_stat_bgwriter).
func BgWriter(seg *shm.Segment, pool *bufmgr.Pool, set *settings.Set, stop <-chan struct{}, reload <-chan *settings.Set) error {
	r, err := view(seg)
	if err != nil {
		return err
	}
	for {
		delay := time.Duration(set.Int("bgwriter_delay")) * time.Millisecond
		maxPages := int(set.Int("bgwriter_lru_maxpages"))
		mult := set.Real("bgwriter_lru_multiplier")
		select {
		case <-stop:
			return nil
		case set = <-reload:
			continue
		case <-time.After(delay):
		}
		if maxPages == 0 {
			continue
		}
		lookahead := max(int(float64(maxPages)*mult), 4*maxPages)
		n, err := pool.WriteAhead(lookahead, maxPages)
		if err != nil {
			serverlog.Warnf("background writer: %v", err)
		}
		r.stats.countRound(n, maxPages)
	}
}
