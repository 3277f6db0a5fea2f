package loop

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"ringpg/backend/auth/hba"
	"strings"
	"time"

	"ringpg/backend/access/transam"
	"ringpg/backend/catalog"
	"ringpg/backend/sql/funcs"
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
	if zone := systemTimeZone(); zone != "" {
		// As initdb does: the new cluster's zone is the machine's.
		conf += fmt.Sprintf("\nlog_timezone = '%s'\ntimezone = '%s'\n", zone, zone)
	}
	if err := os.WriteFile(filepath.Join(dir, "postgresql.conf"), []byte(conf), 0600); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "pg_hba.conf"), []byte(hba.DefaultFile()), 0600); err != nil {
		return err
	}
	// The transaction manager's files and the system catalog, as initdb's
	// bootstrap does.
	if err := transam.Bootstrap(dir); err != nil {
		return fmt.Errorf("bootstrapping the transaction manager: %w", err)
	}
	if err := catalog.Bootstrap(dir, builtinProcs()...); err != nil {
		return fmt.Errorf("bootstrapping the system catalog: %w", err)
	}
	// PG_VERSION last: its presence marks a complete initialisation.
	return os.WriteFile(filepath.Join(dir, "PG_VERSION"), []byte(DataDirVersion+"\n"), 0600)
}

// builtinProcs describes the function registry for pg_proc.
func builtinProcs() []catalog.Proc {
	var out []catalog.Proc
	for f := range funcs.Funcs() {
		if f.Oid == 0 {
			continue
		}
		p := catalog.Proc{Oid: f.Oid, Name: f.Name, Result: f.Result, Variadic: f.Variadic,
			RetSet: f.RetSet, Strict: f.Strict, Volatility: f.Volatility, Kind: f.Kind}
		p.Args = append(p.Args, f.Args...)
		for _, c := range f.Out {
			p.OutNames = append(p.OutNames, c.Name)
			p.OutTypes = append(p.OutTypes, c.Type)
		}
		out = append(out, p)
	}
	return out
}

// systemTimeZone names the machine's time zone as initdb finds it: $TZ,
// else /etc/timezone, else the zone /etc/localtime links to; "" when none
// says (the setting then keeps its default, GMT).
func systemTimeZone() string {
	valid := func(z string) bool {
		if z == "" || strings.ContainsAny(z, "'\\\n") {
			return false
		}
		_, err := time.LoadLocation(z)
		return err == nil
	}
	if z := os.Getenv("TZ"); valid(z) {
		return z
	}
	if b, err := os.ReadFile("/etc/timezone"); err == nil {
		if z := strings.TrimSpace(string(b)); valid(z) {
			return z
		}
	}
	if target, err := os.Readlink("/etc/localtime"); err == nil {
		if _, z, ok := strings.Cut(target, "zoneinfo/"); ok && valid(z) {
			return z
		}
	}
	return ""
}
