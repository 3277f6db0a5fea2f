package xlog

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"ringpg/backend/access/transam"
	"ringpg/backend/access/wal"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
	"ringpg/backend/storage/smgr"
	"ringpg/serverlog"
)

// RecoveryHooks adds to h the WAL rule as it stands during recovery:
// before the WAL is started every page being written was read back from
// WAL already on disk, so there is nothing to flush; afterwards, as
// WriterHooks.
func (l *Log) RecoveryHooks(h bufmgr.Hooks) bufmgr.Hooks {
	h.FlushWAL = func(lsn uint64) error {
		if !l.started {
			return nil
		}
		return l.w.Flush(wal.LSN(lsn))
	}
	return h
}

// NewControl returns the control file of a new cluster.
func NewControl() *wal.Control {
	now := time.Now()
	sys := uint64(now.Unix())<<32 | uint64(os.Getpid()&0xfff)<<20 | uint64(now.Nanosecond()&0xfffff)
	first := wal.FirstLSN(SegmentSize)
	return &wal.Control{SystemID: sys, State: wal.DBShutdowned, Checkpoint: first, Redo: first,
		SegmentSize: SegmentSize, Time: now}
}

// Recover brings the data directory's pages and commit log up to the end
// of its WAL, then starts the WAL there for this server life. pool must
// carry RecoveryHooks (no page-change logging), tm is the transaction
// manager the redo of commits writes to, files the relation files
// (commits that dropped relations remove them again). It returns the control file as
// it found it (created for a data directory that had none).
func Recover(l *Log, pool *bufmgr.Pool, files *smgr.Manager, tm *transam.Manager) (*wal.Control, error) {
	path := wal.ControlPath(l.dataDir)
	var ctl *wal.Control
	_, err := os.Stat(path)
	if err == nil {
		ctl, err = wal.ReadControl(path)
	} else if errors.Is(err, fs.ErrNotExist) {
		// A new data directory: its files were made durable by the
		// bootstrap, and its WAL begins here.
		ctl = NewControl()
		if err := wal.WriteControl(path, ctl); err != nil {
			return nil, err
		}
		err = nil
	}
	if err != nil {
		return nil, err
	}
	crashed := ctl.State != wal.DBShutdowned
	if crashed {
		serverlog.Printf("database system was interrupted; last known up at %s", ctl.Time.UTC().Format("2006-01-02 15:04:05 MST"))
		serverlog.Printf("database system was not properly shut down; automatic recovery in progress")
		c := *ctl
		c.State = wal.DBInCrashRecovery
		c.Time = time.Now()
		if err := wal.WriteControl(path, &c); err != nil {
			return nil, err
		}
	}
	r, err := wal.NewReaderSize(WALDir(l.dataDir), int(ctl.SegmentSize), ctl.Redo)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	rd := &redoer{pool: pool, files: files, tm: tm, dataDir: l.dataDir}
	if crashed {
		serverlog.Printf("redo starts at %s", ctl.Redo)
	}
	res, err := wal.Replay(r, map[uint8]wal.RedoFunc{
		wal.RmXLOG: rd.xlog,
		wal.RmXact: rd.xact,
		RmGeneric:  rd.generic,
	})
	if err != nil {
		return nil, fmt.Errorf("recovery failed: %w", err)
	}
	if crashed {
		serverlog.Printf("redo done at %s: %d records, %d pages; %s", res.LastLSN, res.Records, rd.pages, res.EndReason)
	}
	end := res.EndLSN
	if end < ctl.Redo || end == 0 {
		end = ctl.Redo
	}
	if err := l.w.Start(end, res.LastLSN); err != nil {
		return nil, fmt.Errorf("starting the WAL at %s: %w", end, err)
	}
	l.started = true
	return ctl, nil
}

// redoer applies records to the buffer pool, the relation files and the
// commit log.
type redoer struct {
	pool    *bufmgr.Pool
	files   *smgr.Manager
	tm      *transam.Manager
	dataDir string
	pages   int
}

func (rd *redoer) xlog(rec *wal.Record) error {
	switch rec.Info {
	case infoCheckpointShutdown, infoCheckpointOnline:
		_, err := decodeCheckpoint(rec.MainData)
		return err
	case infoFPIForHint:
		return rd.generic(rec)
	}
	return fmt.Errorf("unknown XLOG record info %#x", rec.Info)
}

func (rd *redoer) xact(rec *wal.Record) error {
	if rec.Info != infoCommit {
		return fmt.Errorf("unknown transaction record info %#x", rec.Info)
	}
	c, err := decodeCommit(rec)
	if err != nil {
		return err
	}
	if err := rd.tm.RedoCommit(rec.Xid, c.subs); err != nil {
		return err
	}
	for _, r := range c.drops.Rels {
		for fork := uint8(0); fork < 4; fork++ {
			rd.pool.DropRelation(bufmgr.RelFork{Spc: r.Spc, DB: r.DB, Rel: r.Rel, Fork: fork}, 0)
		}
		if err := rd.files.Unlink(smgr.RelFileLocator{Spc: r.Spc, DB: r.DB, Rel: r.Rel}); err != nil {
			return err
		}
	}
	for _, db := range c.drops.DBs {
		if err := rd.dropDatabase(db); err != nil {
			return err
		}
	}
	return nil
}

// dropDatabase replays the removal of a database's directory: its
// buffers go unwritten, then its files.
func (rd *redoer) dropDatabase(db uint32) error {
	rd.pool.DropDatabase(db)
	dir := filepath.Join(rd.dataDir, "base", strconv.FormatUint(uint64(db), 10))
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("could not remove directory \"%s\": %w", dir, err)
	}
	return nil
}

// generic applies a page-delta record: each block's image when it has
// one, else its delta to a page whose LSN the record is past.
func (rd *redoer) generic(rec *wal.Record) error {
	for i := range rec.Blocks {
		if err := rd.block(rec, &rec.Blocks[i]); err != nil {
			return fmt.Errorf("block %d of %v/%d: %w", rec.Blocks[i].Block, rec.Blocks[i].Locator, rec.Blocks[i].Fork, err)
		}
	}
	return nil
}

func (rd *redoer) block(rec *wal.Record, blk *wal.BlockRef) error {
	rf := bufmgr.RelFork{Spc: blk.Locator.Spc, DB: blk.Locator.DB, Rel: blk.Locator.Rel, Fork: blk.Fork}
	if err := rd.extendTo(rf, blk.Block); err != nil {
		return err
	}
	t := rf.Block(blk.Block)
	mode := bufmgr.ReadNormal
	if blk.HasImage {
		mode = bufmgr.ReadZeroAndLock // the page on disk may be torn: never read it
	}
	b, err := rd.pool.ReadBufferMode(t, nil, mode)
	if err != nil {
		return err
	}
	if mode == bufmgr.ReadNormal {
		rd.pool.Lock(b, bufmgr.Exclusive)
	}
	defer rd.pool.UnlockRelease(b)
	p := rd.pool.Page(b)
	if !blk.RestorePage(p) {
		if bufmgr.DefaultPageLSN(p) >= uint64(rec.EndLSN) {
			return nil // the page has this change already
		}
		if len(blk.Data) < 1 {
			return errors.New("generic record block without data")
		}
		if blk.Data[0]&deltaInit != 0 {
			clear(p)
		}
		if err := page.ApplyDelta(p, blk.Data[1:]); err != nil {
			return err
		}
	}
	setPageLSN(p, uint64(rec.EndLSN))
	rd.pool.MarkDirty(b)
	rd.pages++
	return nil
}

// extendTo makes block blk exist in fork rf, appending zeroed pages (and
// creating the file) as needed: the file may have been cut short by a
// crash, or removed since.
func (rd *redoer) extendTo(rf bufmgr.RelFork, blk uint32) error {
	n, err := rd.pool.Nblocks(rf)
	if err != nil {
		return err
	}
	for ; n <= blk; n++ {
		b, _, err := rd.pool.ExtendRelation(rf, nil)
		if err != nil {
			return err
		}
		rd.pool.UnlockRelease(b)
	}
	return nil
}

// setPageLSN writes pd_lsn as PostgreSQL lays it out.
func setPageLSN(p []byte, lsn uint64) {
	binary.LittleEndian.PutUint32(p[0:], uint32(lsn>>32))
	binary.LittleEndian.PutUint32(p[4:], uint32(lsn))
}
