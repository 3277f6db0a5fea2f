package wal

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"time"

	"ringpg/pgerr"
)

// DBState is the cluster state the control file records, with
// PostgreSQL's values.
type DBState uint32

const (
	DBStartup         DBState = 0
	DBShutdowned      DBState = 1
	DBShuttingDown    DBState = 3
	DBInCrashRecovery DBState = 4
	DBInProduction    DBState = 6
)

func (s DBState) String() string {
	switch s {
	case DBStartup:
		return "starting up"
	case DBShutdowned:
		return "shut down"
	case DBShuttingDown:
		return "shutting down"
	case DBInCrashRecovery:
		return "in crash recovery"
	case DBInProduction:
		return "in production"
	}
	return "unrecognized status code"
}

// Control is the content of global/pg_control: what a restart needs to
// know before it can read the WAL.
type Control struct {
	SystemID    uint64
	State       DBState
	Checkpoint  LSN // the last checkpoint record
	Redo        LSN // where replay starts
	NextXid     uint64
	NextOid     uint32
	SegmentSize uint32 // wal_segment_size
	Time        time.Time
}

// ControlFileSize is what is written: PostgreSQL's 8 kB, so that the file
// is never shorter than a read expects.
const ControlFileSize = 8192

const (
	controlMagic   = 0x52504743 // "CGPR"
	controlVersion = 1
	controlDataLen = 64 // bytes covered by the CRC
)

// ControlPath returns where a data directory keeps its control file.
func ControlPath(dataDir string) string { return filepath.Join(dataDir, "global", "pg_control") }

func (c *Control) encode(b []byte) {
	le := binary.LittleEndian
	le.PutUint32(b[0:], controlMagic)
	le.PutUint32(b[4:], controlVersion)
	le.PutUint64(b[8:], c.SystemID)
	le.PutUint32(b[16:], uint32(c.State))
	le.PutUint32(b[20:], c.NextOid)
	le.PutUint64(b[24:], uint64(c.Checkpoint))
	le.PutUint64(b[32:], uint64(c.Redo))
	le.PutUint64(b[40:], c.NextXid)
	le.PutUint32(b[48:], c.SegmentSize)
	le.PutUint32(b[52:], PageSize)
	le.PutUint64(b[56:], uint64(c.Time.Unix()))
	le.PutUint32(b[controlDataLen:], crc32.Checksum(b[:controlDataLen], castagnoli))
}

func decodeControl(b []byte, path string) (*Control, error) {
	le := binary.LittleEndian
	if len(b) < controlDataLen+4 {
		return nil, pgerr.Fatal(pgerr.DataCorrupted, "could not read file \"%s\": read %d of %d", path, len(b), ControlFileSize)
	}
	if crc32.Checksum(b[:controlDataLen], castagnoli) != le.Uint32(b[controlDataLen:]) {
		return nil, pgerr.Fatal(pgerr.DataCorrupted, "incorrect checksum in control file")
	}
	if le.Uint32(b[0:]) != controlMagic || le.Uint32(b[4:]) != controlVersion {
		return nil, pgerr.Fatal(pgerr.ObjectNotInPrerequisiteState, "database files are incompatible with server").
			WithDetail("The database cluster was initialized with PG_CONTROL_VERSION %d, but the server was compiled with PG_CONTROL_VERSION %d.", le.Uint32(b[4:]), controlVersion)
	}
	c := &Control{
		SystemID:    le.Uint64(b[8:]),
		State:       DBState(le.Uint32(b[16:])),
		NextOid:     le.Uint32(b[20:]),
		Checkpoint:  LSN(le.Uint64(b[24:])),
		Redo:        LSN(le.Uint64(b[32:])),
		NextXid:     le.Uint64(b[40:]),
		SegmentSize: le.Uint32(b[48:]),
		Time:        time.Unix(int64(le.Uint64(b[56:])), 0),
	}
	if le.Uint32(b[52:]) != PageSize {
		return nil, pgerr.Fatal(pgerr.ObjectNotInPrerequisiteState, "database files are incompatible with server").
			WithDetail("The database cluster was initialized with XLOG_BLCKSZ %d, but the server was compiled with XLOG_BLCKSZ %d.", le.Uint32(b[52:]), PageSize)
	}
	s := int(c.SegmentSize)
	if s < minSegmentSize || s > maxSegmentSize || s&(s-1) != 0 {
		return nil, pgerr.Fatal(pgerr.ObjectNotInPrerequisiteState, "WAL segment size must be a power of two between 1 MB and 1 GB").
			WithDetail("The control file says %d bytes.", s)
	}
	return c, nil
}

// ReadControl reads and checks the control file at path.
func ReadControl(path string) (*Control, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, pgerr.Fatal(pgerr.IOError, "could not open file \"%s\": %v", path, err)
	}
	return decodeControl(b, path)
}

// WriteControl replaces the control file at path atomically: the new
// content goes to a temporary file that is synced, renamed over the old
// one, and the directory is synced, so a crash leaves the old file or
// the new one, never a mix.
func WriteControl(path string, c *Control) error {
	var b [ControlFileSize]byte
	c.encode(b[:])
	dir := filepath.Dir(path)
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return pgerr.Fatal(pgerr.IOError, "could not open file \"%s\": %v", tmp, err)
	}
	if _, err := f.Write(b[:]); err != nil {
		f.Close()
		return &pgerr.Error{Severity: pgerr.SeverityPanic, Code: pgerr.IOError, Message: fmt.Sprintf("could not write to file \"%s\": %v", tmp, err)}
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return &pgerr.Error{Severity: pgerr.SeverityPanic, Code: pgerr.IOError, Message: fmt.Sprintf("could not fsync file \"%s\": %v", tmp, err)}
	}
	if err := f.Close(); err != nil {
		return &pgerr.Error{Severity: pgerr.SeverityPanic, Code: pgerr.IOError, Message: fmt.Sprintf("could not close file \"%s\": %v", tmp, err)}
	}
	if err := os.Rename(tmp, path); err != nil {
		return &pgerr.Error{Severity: pgerr.SeverityPanic, Code: pgerr.IOError, Message: fmt.Sprintf("could not rename file \"%s\" to \"%s\": %v", tmp, path, err)}
	}
	if err := (&OSFS{}).SyncDir(dir); err != nil {
		return &pgerr.Error{Severity: pgerr.SeverityPanic, Code: pgerr.IOError, Message: fmt.Sprintf("could not fsync file \"%s\": %v", dir, err)}
	}
	return nil
}
