package loop

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"ringpg/backend/access/transam"
	"ringpg/backend/catalog"
)

// DataDirVersion is written to PG_VERSION: the major version whose on-disk
// conventions the directory follows.
const DataDirVersion = "15"

// PrepareDataDir creates and initialises dir on first start, or checks that
// an existing dir is one of ours. Like initdb, it leaves the directory
// readable by its owner only.
func PrepareDataDir(dir string) (created bool, err error) {
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if err := initDataDir(dir); err != nil {
			return false, err
		}
		return true, nil
	case err != nil:
		return false, fmt.Errorf("could not access data directory %q: %w", dir, err)
	case !st.IsDir():
		return false, fmt.Errorf("%q is not a directory", dir)
	}
	v, err := os.ReadFile(filepath.Join(dir, "PG_VERSION"))
	if errors.Is(err, os.ErrNotExist) {
		entries, _ := os.ReadDir(dir)
		if len(entries) == 0 { // an empty directory is initialised in place
			return true, initDataDir(dir)
		}
		return false, fmt.Errorf("%q is not a database cluster directory: PG_VERSION is missing", dir)
	}
	if err != nil {
		return false, err
	}
	if strings.TrimSpace(string(v)) != DataDirVersion {
		return false, fmt.Errorf("database files are incompatible with server: the data directory was initialized by version %s, which is not compatible with this version %s",
			strings.TrimSpace(string(v)), DataDirVersion)
	}
	return false, nil
}

func initDataDir(dir string) error {
	for _, d := range []string{"", "base", "global", "pg_wal"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0700); err != nil {
			return fmt.Errorf("could not create directory %q: %w", filepath.Join(dir, d), err)
		}
	}
	if err := os.Chmod(dir, 0700); err != nil {
		return err
	}
	conf := "# ringpg configuration file, in postgresql.conf's format:\n#   name = value\n# Settings given on the command line override the ones here.\n"
	if err := os.WriteFile(filepath.Join(dir, "postgresql.conf"), []byte(conf), 0600); err != nil {
		return err
	}
	// The transaction manager's files and the system catalog, as initdb's
	// bootstrap does.
	if err := transam.Bootstrap(dir); err != nil {
		return fmt.Errorf("bootstrapping the transaction manager: %w", err)
	}
	if err := catalog.Bootstrap(dir); err != nil {
		return fmt.Errorf("bootstrapping the system catalog: %w", err)
	}
	// PG_VERSION last: its presence marks a complete initialisation.
	return os.WriteFile(filepath.Join(dir, "PG_VERSION"), []byte(DataDirVersion+"\n"), 0600)
}
