package catalog

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"

	"ringpg/backend/storage/smgr"
	"ringpg/pgerr"
)

// OIDChunk is how many OIDs one write of the limit file reserves
// (PostgreSQL's VAR_OID_PREFETCH).
const OIDChunk = 8192

// oidLimitFile holds the reserved limit: no OID at or past it has been
// handed out. It is one 16-byte record (magic, limit, reserved, crc32
// of the first 12 bytes) written in place and fdatasynced, small enough
// to be written atomically, like pg_control.
const oidLimitFile = "global/pg_oid_limit"

const oidMagic uint32 = 0x4f494431 // "OID1"

// NewOid hands out a new OID, never one handed out before, even across
// crashes (see the package documentation).
func (c *Catalog) NewOid() (uint32, error) { return newOid(c.dataDir, c.sh) }

func newOid(dataDir string, sh *shared) (uint32, error) {
	for {
		if v, ok := sh.take(); ok {
			return v, nil
		}
		if err := sh.extend(dataDir); err != nil {
			return 0, err
		}
	}
}

// take hands out the next OID below the limit, if any.
func (sh *shared) take() (uint32, bool) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.next != 0 && sh.next < sh.limit {
		v := sh.next
		sh.next++
		return v, true
	}
	return 0, false
}

// extend reserves the next chunk: under the limit file's flock it
// writes and syncs the new limit, then publishes it. A fresh segment
// (next 0) starts at the persisted limit, past every OID a previous
// server life may have used.
func (sh *shared) extend(dataDir string) error {
	f, err := os.OpenFile(filepath.Join(dataDir, oidLimitFile), os.O_RDWR, 0)
	if err != nil {
		return pgerr.New(pgerr.IOError, "could not open file \"%s\": %v", oidLimitFile, err)
	}
	defer f.Close()
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
		return pgerr.New(pgerr.IOError, "could not lock file \"%s\": %v", oidLimitFile, err)
	}
	defer unix.Flock(int(f.Fd()), unix.LOCK_UN)
	persisted, err := readOidLimit(f)
	if err != nil {
		return err
	}
	sh.mu.Lock()
	if sh.next != 0 && sh.next < sh.limit { // another process extended it meanwhile
		sh.mu.Unlock()
		return nil
	}
	start := sh.next
	if start == 0 || start < persisted {
		start = persisted
	}
	sh.mu.Unlock()
	if uint64(start)+OIDChunk > 1<<32-1 {
		return pgerr.New(pgerr.ProgramLimitExceeded, "OID counter exhausted")
	}
	limit := start + OIDChunk
	if err := writeOidLimit(f, limit); err != nil {
		return err
	}
	sh.mu.Lock()
	sh.next, sh.limit = start, limit
	sh.mu.Unlock()
	return nil
}

func readOidLimit(f *os.File) (uint32, error) {
	var b [16]byte
	if _, err := f.ReadAt(b[:], 0); err != nil && !errors.Is(err, io.EOF) {
		return 0, pgerr.New(pgerr.IOError, "could not read file \"%s\": %v", oidLimitFile, err)
	}
	if binary.LittleEndian.Uint32(b[0:]) != oidMagic || crc32.ChecksumIEEE(b[:12]) != binary.LittleEndian.Uint32(b[12:]) {
		return 0, pgerr.New(pgerr.DataCorrupted, "invalid OID limit file \"%s\"", oidLimitFile)
	}
	return binary.LittleEndian.Uint32(b[4:]), nil
}

func writeOidLimit(f *os.File, limit uint32) error {
	var b [16]byte
	binary.LittleEndian.PutUint32(b[0:], oidMagic)
	binary.LittleEndian.PutUint32(b[4:], limit)
	binary.LittleEndian.PutUint32(b[12:], crc32.ChecksumIEEE(b[:12]))
	if _, err := f.WriteAt(b[:], 0); err != nil {
		return pgerr.New(pgerr.IOError, "could not write file \"%s\": %v", oidLimitFile, err)
	}
	if err := unix.Fdatasync(int(f.Fd())); err != nil {
		return pgerr.New(pgerr.IOError, "could not fsync file \"%s\": %v", oidLimitFile, err)
	}
	return nil
}

// createOidLimitFile writes the first limit (Bootstrap).
func createOidLimitFile(dataDir string, limit uint32) error {
	f, err := os.OpenFile(filepath.Join(dataDir, oidLimitFile), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	defer f.Close()
	return writeOidLimit(f, limit)
}

// newRelfilenode returns a new OID that no file of tablespace spc and
// database db uses yet, to name a new relation's files; the relation
// takes it as its oid too when it has none yet.
func (c *Catalog) newRelfilenode(spc, db uint32) (uint32, error) {
	for {
		oid, err := c.NewOid()
		if err != nil {
			return 0, err
		}
		if !c.files.Exists(smgr.RelFileLocator{Spc: spc, DB: db, Rel: oid}, smgr.Main) {
			return oid, nil
		}
	}
}
