package catalog

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"ringpg/pgerr"
)

// databaseDir returns base/<db> relative to the data directory.
func databaseDir(db uint32) string { return filepath.Join("base", strconv.FormatUint(uint64(db), 10)) }

// copyDatabaseDir copies every file of base/<src> into a new base/<dst>
// and makes the copy durable (each file, the new directory and base/).
// The source's buffers must have been written out first.
func copyDatabaseDir(dataDir string, src, dst uint32) error {
	from := filepath.Join(dataDir, databaseDir(src))
	to := filepath.Join(dataDir, databaseDir(dst))
	ents, err := os.ReadDir(from)
	if err != nil {
		return pgerr.New(pgerr.IOError, "could not open directory \"%s\": %v", databaseDir(src), err)
	}
	if err := os.Mkdir(to, 0o700); err != nil {
		return pgerr.New(pgerr.IOError, "could not create directory \"%s\": %v", databaseDir(dst), err)
	}
	for _, e := range ents {
		if !e.Type().IsRegular() {
			continue
		}
		if err := copyFile(filepath.Join(from, e.Name()), filepath.Join(to, e.Name())); err != nil {
			return err
		}
	}
	if err := syncDir(to); err != nil {
		return err
	}
	return syncDir(filepath.Join(dataDir, "base"))
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return pgerr.New(pgerr.IOError, "could not open file \"%s\": %v", from, err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return pgerr.New(pgerr.IOError, "could not create file \"%s\": %v", to, err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return pgerr.New(pgerr.IOError, "could not copy file \"%s\" to \"%s\": %v", from, to, err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return pgerr.New(pgerr.IOError, "could not fsync file \"%s\": %v", to, err)
	}
	return out.Close()
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return pgerr.New(pgerr.IOError, "could not open directory \"%s\": %v", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return pgerr.New(pgerr.IOError, "could not fsync directory \"%s\": %v", dir, err)
	}
	return nil
}

// removeDatabaseDir drops a dropped database's buffers and removes its
// directory.
func (c *Catalog) removeDatabaseDir(db uint32) error {
	dir := filepath.Join(c.dataDir, databaseDir(db))
	ents, err := os.ReadDir(dir)
	if err != nil {
		if os.IsNotExist(err) {
			return nil
		}
		return fmt.Errorf("catalog: %w", err)
	}
	if d, ok := c.pool.(relationDropper); ok {
		seen := map[uint32]bool{}
		for _, e := range ents {
			if n, ok := relfilenodeOf(e.Name()); ok && !seen[n] {
				seen[n] = true
				for fork := uint8(0); fork < 4; fork++ {
					d.DropRelation(relForkOf(DefaultTablespace, db, n, fork), 0)
				}
			}
		}
	}
	if err := os.RemoveAll(dir); err != nil {
		return pgerr.New(pgerr.IOError, "could not remove directory \"%s\": %v", databaseDir(db), err)
	}
	return syncDir(filepath.Join(c.dataDir, "base"))
}

// relfilenodeOf parses the relfilenode out of a relation file name
// ("16384", "16384_fsm", "16384.1").
func relfilenodeOf(name string) (uint32, bool) {
	end := 0
	for end < len(name) && name[end] >= '0' && name[end] <= '9' {
		end++
	}
	n, err := strconv.ParseUint(name[:end], 10, 32)
	return uint32(n), err == nil && end > 0
}
