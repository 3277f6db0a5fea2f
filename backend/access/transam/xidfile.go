package transam

import (
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
)

// The xid limit file, global/pg_xid_limit: 16 bytes, the reserved limit
// (little-endian uint64: no xid at or past it has ever been handed out)
// and the CRC-32C of those 8 bytes in the next four, then four zero bytes.
// It is replaced atomically: written to pg_xid_limit.tmp, fsynced, renamed,
// and the directory fsynced.

const (
	limitFile    = "pg_xid_limit"
	limitFileLen = 16
	clogDir      = "pg_xact"
	subtransDir  = "pg_subtrans"
	globalDir    = "global"
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// encodeLimit returns the file image of limit.
func encodeLimit(limit uint64) []byte {
	b := make([]byte, limitFileLen)
	binary.LittleEndian.PutUint64(b, limit)
	binary.LittleEndian.PutUint32(b[8:], crc32.Checksum(b[:8], castagnoli))
	return b
}

// decodeLimit parses a file image; it never panics.
func decodeLimit(b []byte, path string) (uint64, error) {
	if len(b) != limitFileLen {
		return 0, pgerrCorrupt(path, "has %d bytes, expected %d", len(b), limitFileLen)
	}
	if crc32.Checksum(b[:8], castagnoli) != binary.LittleEndian.Uint32(b[8:]) {
		return 0, pgerrCorrupt(path, "has a wrong checksum")
	}
	limit := binary.LittleEndian.Uint64(b)
	if limit < FirstNormalXid || limit >= tentative {
		return 0, pgerrCorrupt(path, "holds an impossible xid limit %d", limit)
	}
	return limit, nil
}

func pgerrCorrupt(path, format string, args ...any) error {
	e := ioError("file \"%s\" is corrupt", path)
	return e.WithDetail(format, args...)
}

// readLimit reads the reserved limit of dataDir.
func readLimit(dataDir string) (uint64, error) {
	path := filepath.Join(dataDir, globalDir, limitFile)
	b, err := os.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) {
			return 0, pgerrNoFile(path, err)
		}
		return 0, ioError("could not read file \"%s\": %v", path, err)
	}
	return decodeLimit(b, path)
}

func pgerrNoFile(path string, err error) error {
	return ioError("could not open file \"%s\": %v", path, err).WithHint("Is this a data directory made by initdb? The transaction id limit file is missing.")
}

// writeLimit durably replaces the reserved limit of dataDir.
func writeLimit(dataDir string, limit uint64) error {
	dir := filepath.Join(dataDir, globalDir)
	path := filepath.Join(dir, limitFile)
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return ioError("could not create file \"%s\": %v", tmp, err)
	}
	if _, err := f.Write(encodeLimit(limit)); err != nil {
		f.Close()
		return ioError("could not write to file \"%s\": %v", tmp, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return ioError("could not fsync file \"%s\": %v", tmp, err)
	}
	if err := f.Close(); err != nil {
		return ioError("could not close file \"%s\": %v", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return ioError("could not rename file \"%s\" to \"%s\": %v", tmp, path, err)
	}
	return syncDir(dir)
}

// Bootstrap creates the transaction manager's files in a new data
// directory: pg_xact/, pg_subtrans/ and global/pg_xid_limit starting the
// xids at FirstNormalXid. It refuses a directory that already has a limit
// file.
func Bootstrap(dataDir string) error {
	for _, d := range []string{clogDir, subtransDir, globalDir} {
		if err := os.MkdirAll(filepath.Join(dataDir, d), 0o700); err != nil {
			return ioError("could not create directory \"%s\": %v", filepath.Join(dataDir, d), err)
		}
	}
	path := filepath.Join(dataDir, globalDir, limitFile)
	if _, err := os.Stat(path); err == nil {
		return ioError("file \"%s\" already exists", path)
	}
	if err := writeLimit(dataDir, FirstNormalXid); err != nil {
		return err
	}
	return syncDir(dataDir)
}
