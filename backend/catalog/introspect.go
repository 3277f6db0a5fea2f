package catalog

import (
	"errors"
	"io/fs"
	"path/filepath"

	"ringpg/backend/access/heap"
	"ringpg/backend/storage/smgr"
	"ringpg/pgerr"
)

// Lookups for the SQL functions that describe catalog objects
// (pg_get_constraintdef, pg_get_userbyid, obj_description,
// pg_relation_size, pg_get_function_arguments...). Each scans one
// catalog under the caller's snapshot; none is cached.

// ConstraintByOid returns the pg_constraint row oid, nil if there is none.
func (c *Catalog) ConstraintByOid(snap heap.Snapshot, oid uint32) (*Constraint, error) {
	var out *Constraint
	err := c.scan(snap, PgConstraint, func(r *crow) (bool, error) {
		if r.oid("oid") == oid {
			out = readConstraint(r)
			return false, nil
		}
		return true, nil
	})
	return out, err
}

// RoleName returns the name of role oid; ok is false when there is none.
func (c *Catalog) RoleName(snap heap.Snapshot, oid uint32) (name string, ok bool, err error) {
	err = c.scan(snap, PgAuthid, func(r *crow) (bool, error) {
		if r.oid("oid") == oid {
			name, ok = r.name("rolname"), true
			return false, nil
		}
		return true, nil
	})
	return name, ok, err
}

// Description returns pg_description's text for an object (objsubid sub;
// 0 for the object itself), "" and false if it has none.
func (c *Catalog) Description(snap heap.Snapshot, obj, class uint32, sub int32) (string, bool, error) {
	var out string
	var found bool
	err := c.scan(snap, PgDescription, func(r *crow) (bool, error) {
		if r.oid("objoid") == obj && r.oid("classoid") == class && r.int4("objsubid") == sub {
			out, found = r.text("description"), true
			return false, nil
		}
		return true, nil
	})
	return out, found, err
}

// SharedDescription is Description for shared objects (pg_shdescription:
// databases, roles, tablespaces).
func (c *Catalog) SharedDescription(snap heap.Snapshot, obj, class uint32) (string, bool, error) {
	var out string
	var found bool
	err := c.scan(snap, PgShdescription, func(r *crow) (bool, error) {
		if r.oid("objoid") == obj && r.oid("classoid") == class {
			out, found = r.text("description"), true
			return false, nil
		}
		return true, nil
	})
	return out, found, err
}

// ProcByOid returns pg_proc's row oid (with its namespace), nil if none.
func (c *Catalog) ProcByOid(snap heap.Snapshot, oid uint32) (*Proc, uint32, error) {
	var out *Proc
	var ns uint32
	err := c.scan(snap, PgProc, func(r *crow) (bool, error) {
		if r.oid("oid") != oid {
			return true, nil
		}
		p := Proc{Oid: oid, Name: r.name("proname"), Args: r.oids("proargtypes"), Result: r.oid("prorettype"),
			Variadic: r.oid("provariadic"), Defaults: int(r.int2("pronargdefaults")), RetSet: r.bool("proretset"),
			Strict: r.bool("proisstrict"), Volatility: r.char("provolatile"), Kind: r.char("prokind")}
		if all := r.oids("proallargtypes"); len(all) > len(p.Args) {
			p.OutTypes = all[len(p.Args):]
			if names := r.texts("proargnames"); len(names) == len(all) {
				p.OutNames = names[len(p.Args):]
			}
		}
		out, ns = &p, r.oid("pronamespace")
		return false, nil
	})
	return out, ns, err
}

// AccessMethodName returns the name of relation oid's access method
// (pg_class.relam joined with pg_am), "" when it has none (views,
// sequences).
func (c *Catalog) AccessMethodName(snap heap.Snapshot, oid uint32) (string, error) {
	var am uint32
	err := c.scan(snap, PgClass, func(r *crow) (bool, error) {
		if r.oid("oid") == oid {
			am = r.oid("relam")
			return false, nil
		}
		return true, nil
	})
	if err != nil || am == 0 {
		return "", err
	}
	var name string
	err = c.scan(snap, PgAm, func(r *crow) (bool, error) {
		if r.oid("oid") == am {
			name = r.name("amname")
			return false, nil
		}
		return true, nil
	})
	return name, err
}

// ForkSize returns the size in bytes of one fork ("main", "fsm", "vm",
// "init") of relation r's files as they are on disk, 0 for a fork that
// does not exist (pg_relation_size).
func (c *Catalog) ForkSize(r *Relation, fork string) (int64, error) {
	var f smgr.Fork
	switch fork {
	case "main":
		f = smgr.Main
	case "fsm":
		f = smgr.FSM
	case "vm":
		f = smgr.VM
	case "init":
		f = smgr.Init
	default:
		return 0, nil
	}
	if r.Relfilenode == 0 {
		return 0, nil
	}
	return c.relFileSize(r.Tablespace, r.Shared, r.Relfilenode, f)
}

// RelationFilesSize returns the size of every fork of relfilenode node
// of a relation in this database (shared: in global/).
func (c *Catalog) RelationFilesSize(node uint32, shared bool) (int64, error) {
	spc := DefaultTablespace
	if shared {
		spc = GlobalTablespace
	}
	var total int64
	for _, f := range []smgr.Fork{smgr.Main, smgr.FSM, smgr.VM, smgr.Init} {
		n, err := c.relFileSize(spc, shared, node, f)
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

func (c *Catalog) relFileSize(spc uint32, shared bool, node uint32, f smgr.Fork) (int64, error) {
	db := c.db
	if shared {
		db = 0
	}
	loc := smgr.RelFileLocator{Spc: spc, DB: db, Rel: node}
	c.files.CloseRel(loc) // no stale size hint from an earlier call
	if !c.files.Exists(loc, f) {
		return 0, nil
	}
	n, err := c.files.Nblocks(loc, f)
	if err != nil {
		return 0, err
	}
	return int64(n) * smgr.BlockSize, nil
}

// DatabaseSize returns the size of the files of database db
// (pg_database_size): its directory base/<db>.
func (c *Catalog) DatabaseSize(db uint32) (int64, error) {
	return dirSize(filepath.Join(c.dataDir, databaseDir(db)))
}

// TablespaceSize returns the size of the files of tablespace spc
// (pg_tablespace_size): base/ for pg_default, global/ for pg_global.
func (c *Catalog) TablespaceSize(spc uint32) (int64, error) {
	switch spc {
	case DefaultTablespace:
		return dirSize(filepath.Join(c.dataDir, "base"))
	case GlobalTablespace:
		return dirSize(filepath.Join(c.dataDir, "global"))
	}
	return 0, nil
}

// dirSize adds up the sizes of the regular files under dir, which may
// change while it is read (files created or unlinked meanwhile are
// skipped, as PostgreSQL's db_dir_size does).
func dirSize(dir string) (int64, error) {
	var total int64
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				total += info.Size()
			}
		}
		return nil
	})
	if err != nil {
		return 0, pgerr.New(pgerr.IOError, "could not read directory \"%s\": %v", dir, err)
	}
	return total, nil
}
