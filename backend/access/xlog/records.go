package xlog

import (
	"encoding/binary"
	"fmt"
	"time"

	"ringpg/backend/access/transam"
	"ringpg/backend/access/wal"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
)

// Resource managers and info bits of the records this package writes.
const (
	// RmGeneric is PostgreSQL's RM_GENERIC_ID: page deltas.
	RmGeneric uint8 = 20

	infoCheckpointShutdown uint8 = 0x00 // XLOG_CHECKPOINT_SHUTDOWN
	infoCheckpointOnline   uint8 = 0x10 // XLOG_CHECKPOINT_ONLINE
	infoFPIForHint         uint8 = 0xA0 // XLOG_FPI_FOR_HINT
	infoCommit             uint8 = 0x00 // XLOG_XACT_COMMIT
)

// Block data flags of a generic record.
const (
	deltaInit byte = 1 << 0 // redo starts from a zeroed page
)

// LogChanges logs the pages the buffer pool hands it (bufmgr.Hooks) in
// one generic record and returns the record's end, the pages' new LSN.
// A failure here leaves a page changed in shared memory with no WAL to
// describe it: the process must not go on (fatal).
func (l *Log) LogChanges(ch []bufmgr.Change) uint64 {
	if len(ch) > wal.MaxBlocks {
		fatal("xlog: %d pages changed under one set of locks (at most %d)", len(ch), wal.MaxBlocks)
	}
	l.delta, l.offs = l.delta[:0], l.offs[:0]
	for _, c := range ch {
		l.offs = append(l.offs, len(l.delta))
		var flags byte
		if c.Init {
			flags |= deltaInit
		}
		l.delta = append(l.delta, flags)
		l.delta = page.AppendDelta(l.delta, c.Before, c.After)
	}
	l.offs = append(l.offs, len(l.delta))
	b := &l.b
	b.Reset(RmGeneric, 0, 0)
	for i, c := range ch {
		t := c.Tag
		b.RegisterBlock(uint8(i), wal.RelFileLocator{Spc: t.Spc, DB: t.DB, Rel: t.Rel}, uint8(t.Fork), t.Block, c.After, imageFlags(c.After))
		b.AppendBlockData(uint8(i), l.delta[l.offs[i]:l.offs[i+1]])
	}
	end, err := l.w.Insert(b)
	if err != nil {
		fatal("could not insert WAL record: %v", err)
	}
	return uint64(end)
}

// imageFlags says whether a page has the standard layout, so that a
// full-page image may leave out the hole between pd_lower and pd_upper.
func imageFlags(p []byte) wal.BlockFlags {
	lower := binary.LittleEndian.Uint16(p[12:])
	upper := binary.LittleEndian.Uint16(p[14:])
	special := binary.LittleEndian.Uint16(p[16:])
	if lower >= page.HeaderSize && lower <= upper && upper <= special && int(special) <= page.Size {
		return wal.BlockStandard
	}
	return 0
}

// Drops are what a commit removes: relation files (every fork) and
// database directories. Redo of the commit removes them again, after the
// redo of earlier records may have brought them back.
type Drops struct {
	Rels []wal.RelFileLocator
	DBs  []uint32 // database OIDs, in the default tablespace
}

// InsertCommit logs the commit of top-level transaction top, its
// committed subtransactions and what its commit removes, and returns the
// record's end; FlushCommit makes it durable. Transam calls InsertCommit
// before the commit log says committed and, for a synchronous commit,
// FlushCommit before the transaction leaves the running array
// (transam.SetCommitLogger).
//
// The main data: the commit time (int64 µs), the subxid count and the
// subxids, the dropped relation count and each (spc, db, rel), the
// dropped database count and each OID; all little-endian.
func (l *Log) InsertCommit(top uint64, subs []uint64, drops Drops) (uint64, error) {
	d := l.commitBuf[:0]
	d = binary.LittleEndian.AppendUint64(d, uint64(time.Now().UnixMicro()))
	d = binary.LittleEndian.AppendUint32(d, uint32(len(subs)))
	for _, x := range subs {
		d = binary.LittleEndian.AppendUint64(d, x)
	}
	d = binary.LittleEndian.AppendUint32(d, uint32(len(drops.Rels)))
	for _, r := range drops.Rels {
		d = binary.LittleEndian.AppendUint32(d, r.Spc)
		d = binary.LittleEndian.AppendUint32(d, r.DB)
		d = binary.LittleEndian.AppendUint32(d, r.Rel)
	}
	d = binary.LittleEndian.AppendUint32(d, uint32(len(drops.DBs)))
	for _, db := range drops.DBs {
		d = binary.LittleEndian.AppendUint32(d, db)
	}
	l.commitBuf = d
	b := &l.b
	b.Reset(wal.RmXact, infoCommit, top)
	b.AppendData(d)
	end, err := l.w.Insert(b)
	if err != nil {
		fatal("could not insert the commit record of transaction %d: %v", top, err)
		return 0, fmt.Errorf("could not log commit: %w", err)
	}
	return uint64(end), nil
}

// FlushCommit makes the WAL durable up to a commit record's end. A commit
// record that is in the WAL's buffers but could not be flushed (a full
// disk, an I/O error) may still reach the disk later: the transaction can
// be neither reported committed nor rolled back, so the server restarts,
// as PostgreSQL PANICs.
func (l *Log) FlushCommit(lsn uint64) error {
	if err := l.w.Flush(wal.LSN(lsn)); err != nil {
		fatal("could not flush a commit record: %v", err)
		return fmt.Errorf("could not flush the commit record: %w", err)
	}
	return nil
}

// Flushed returns how far the WAL is durable.
func (l *Log) Flushed() uint64 { return uint64(l.w.FlushedUpTo()) }

// BindCommits makes tm log its commits here; sync reports, at each
// commit, whether it waits for its record to be durable
// (synchronous_commit), and drops what the commit removes (nil: nothing).
func (l *Log) BindCommits(tm *transam.Manager, sync func() bool, drops func() Drops) {
	tm.SetCommitLogger(func(top uint64, subs []uint64) (uint64, bool, error) {
		var d Drops
		if drops != nil {
			d = drops()
		}
		lsn, err := l.InsertCommit(top, subs, d)
		return lsn, sync(), err
	}, l.FlushCommit, l.Flushed)
	tm.SetBeforeClogWrite(func() error { return l.w.Flush(l.w.InsertPos()) })
}

// commitRecord is a decoded commit record.
type commitRecord struct {
	subs  []uint64
	drops Drops
}

// decodeCommit decodes a commit record's main data; it never panics.
func decodeCommit(rec *wal.Record) (commitRecord, error) {
	var c commitRecord
	d := rec.MainData
	bad := func() (commitRecord, error) {
		return commitRecord{}, fmt.Errorf("commit record of %d bytes is malformed", len(rec.MainData))
	}
	u32 := func() (uint32, bool) {
		if len(d) < 4 {
			return 0, false
		}
		v := binary.LittleEndian.Uint32(d)
		d = d[4:]
		return v, true
	}
	if len(d) < 8 {
		return bad()
	}
	d = d[8:] // the commit time
	n, ok := u32()
	if !ok || uint64(len(d)) < uint64(n)*8 {
		return bad()
	}
	c.subs = make([]uint64, n)
	for i := range c.subs {
		c.subs[i] = binary.LittleEndian.Uint64(d)
		d = d[8:]
	}
	if n, ok = u32(); !ok || uint64(len(d)) < uint64(n)*12 {
		return bad()
	}
	for range n {
		spc, _ := u32()
		db, _ := u32()
		rel, _ := u32()
		c.drops.Rels = append(c.drops.Rels, wal.RelFileLocator{Spc: spc, DB: db, Rel: rel})
	}
	if n, ok = u32(); !ok || uint64(len(d)) != uint64(n)*4 {
		return bad()
	}
	for range n {
		db, _ := u32()
		c.drops.DBs = append(c.drops.DBs, db)
	}
	return c, nil
}

// checkpointRecord is the main data of a checkpoint record.
type checkpointRecord struct {
	Redo    wal.LSN
	NextXid uint64
	NextOid uint32
	Time    time.Time
}

const checkpointRecordLen = 28

func (c *checkpointRecord) encode() []byte {
	b := make([]byte, checkpointRecordLen)
	binary.LittleEndian.PutUint64(b, uint64(c.Redo))
	binary.LittleEndian.PutUint64(b[8:], c.NextXid)
	binary.LittleEndian.PutUint32(b[16:], c.NextOid)
	binary.LittleEndian.PutUint64(b[20:], uint64(c.Time.Unix()))
	return b
}

func decodeCheckpoint(d []byte) (checkpointRecord, error) {
	if len(d) != checkpointRecordLen {
		return checkpointRecord{}, fmt.Errorf("checkpoint record of %d bytes", len(d))
	}
	return checkpointRecord{
		Redo:    wal.LSN(binary.LittleEndian.Uint64(d)),
		NextXid: binary.LittleEndian.Uint64(d[8:]),
		NextOid: binary.LittleEndian.Uint32(d[16:]),
		Time:    time.Unix(int64(binary.LittleEndian.Uint64(d[20:])), 0),
	}, nil
}

// LogCheckpoint logs a checkpoint whose redo point is redo, flushes it,
// and returns where the record starts.
func (l *Log) LogCheckpoint(redo wal.LSN, nextXid uint64, nextOid uint32, shutdown bool) (wal.LSN, error) {
	info := infoCheckpointOnline
	if shutdown {
		info = infoCheckpointShutdown
	}
	rec := checkpointRecord{Redo: redo, NextXid: nextXid, NextOid: nextOid, Time: time.Now()}
	b := &l.b
	b.Reset(wal.RmXLOG, info, 0)
	b.AppendData(rec.encode())
	end, err := l.w.Insert(b)
	if err != nil {
		return 0, fmt.Errorf("could not log the checkpoint: %w", err)
	}
	if err := l.w.Flush(end); err != nil {
		return 0, fmt.Errorf("could not flush the checkpoint record: %w", err)
	}
	start, _ := b.Inserted()
	return start, nil
}

// LogHint logs a full-page image of a page whose first change since the
// last checkpoint is a hint bit set under a shared lock (bufmgr's
// LogHint hook), and returns the record's end; 0 when the page has been
// logged since the checkpoint's redo point (or full_page_writes is off).
// The image is of a private copy: other processes may set hint bits on
// the page while the record's checksum is computed.
func (l *Log) LogHint(t bufmgr.Tag, p []byte) uint64 {
	if !l.fpw || wal.LSN(bufmgr.DefaultPageLSN(p)) > l.w.RedoPtr() {
		return 0
	}
	if l.hintBuf == nil {
		l.hintBuf = make([]byte, page.Size)
	}
	copy(l.hintBuf, p)
	b := &l.b
	b.Reset(wal.RmXLOG, infoFPIForHint, 0)
	b.RegisterBlock(0, wal.RelFileLocator{Spc: t.Spc, DB: t.DB, Rel: t.Rel}, uint8(t.Fork), t.Block, l.hintBuf, wal.BlockForceImage|imageFlags(l.hintBuf))
	end, err := l.w.Insert(b)
	if err != nil {
		fatal("could not insert WAL record: %v", err)
	}
	return uint64(end)
}
