package engine

import (
	"fmt"
	"ringpg/backend/catalog"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// The size functions read the sizes of the relation files on disk, as
// PostgreSQL's do (pages still only in the buffer pool are not counted
// until they are written).

func (s *Session) forkSize(r *catalog.Relation, fork string) (int64, error) {
	switch fork {
	case "main", "fsm", "vm", "init":
		return s.cat.ForkSize(r, fork)
	}
	return 0, pgerr.New(pgerr.InvalidParameterValue, "invalid fork name").
		WithHint("Valid fork names are \"main\", \"fsm\", \"vm\", and \"init\".")
}

// tableSize is pg_table_size: every fork of the relation and of its
// toast relation.
func (s *Session) tableSize(r *catalog.Relation) (int64, error) {
	var total int64
	if r.Relfilenode != 0 {
		n, err := s.cat.RelationFilesSize(r.Relfilenode, r.Shared)
		if err != nil {
			return 0, err
		}
		total += n
	}
	if r.Toast != 0 && r.ToastNode != 0 {
		n, err := s.cat.RelationFilesSize(r.ToastNode, r.Shared)
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

// indexesSize is pg_indexes_size: every fork of every index of r.
func (s *Session) indexesSize(r *catalog.Relation) (int64, error) {
	var total int64
	for _, ix := range r.Indexes {
		n, err := s.cat.RelationFilesSize(ix.Relfilenode, r.Shared)
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

func init() {
	size := func(name string, args []types.Oid, f func(s *Session, r *catalog.Relation, a []types.Datum) (int64, error)) {
		catFuncVolatile(name, args, types.Int8Oid, func(s *Session, a []types.Datum) (types.Datum, error) {
			r := s.relationOrNil(oidArg(a[0]))
			if r == nil {
				return types.Null, nil
			}
			n, err := f(s, r, a)
			if err != nil {
				return types.Null, err
			}
			return types.Int(n), nil
		})
	}
	size("pg_relation_size", []types.Oid{types.RegclassOid}, func(s *Session, r *catalog.Relation, _ []types.Datum) (int64, error) {
		return s.forkSize(r, "main")
	})
	size("pg_relation_size", []types.Oid{types.RegclassOid, types.TextOid}, func(s *Session, r *catalog.Relation, a []types.Datum) (int64, error) {
		return s.forkSize(r, a[1].S)
	})
	size("pg_table_size", []types.Oid{types.RegclassOid}, func(s *Session, r *catalog.Relation, _ []types.Datum) (int64, error) {
		return s.tableSize(r)
	})
	size("pg_indexes_size", []types.Oid{types.RegclassOid}, func(s *Session, r *catalog.Relation, _ []types.Datum) (int64, error) {
		return s.indexesSize(r)
	})
	size("pg_total_relation_size", []types.Oid{types.RegclassOid}, func(s *Session, r *catalog.Relation, _ []types.Datum) (int64, error) {
		t, err := s.tableSize(r)
		if err != nil {
			return 0, err
		}
		i, err := s.indexesSize(r)
		return t + i, err
	})

	// The relation's file, relative to the data directory (NULL for a
	// relation with no storage).
	catFunc("pg_relation_filenode", []types.Oid{types.RegclassOid}, types.OidOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
		r := s.relationOrNil(oidArg(a[0]))
		if r == nil || r.Relfilenode == 0 {
			return types.Null, nil
		}
		return types.Int(int64(r.Relfilenode)), nil
	})
	catFunc("pg_relation_filepath", []types.Oid{types.RegclassOid}, types.TextOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
		r := s.relationOrNil(oidArg(a[0]))
		if r == nil || r.Relfilenode == 0 {
			return types.Null, nil
		}
		if r.Shared {
			return types.String(fmt.Sprintf("global/%d", r.Relfilenode)), nil
		}
		return types.String(fmt.Sprintf("base/%d/%d", s.db, r.Relfilenode)), nil
	})

	dbSize := func(s *Session, db uint32) (types.Datum, error) {
		n, err := s.cat.DatabaseSize(db)
		if err != nil {
			return types.Null, err
		}
		return types.Int(n), nil
	}
	catFuncVolatile("pg_database_size", []types.Oid{types.NameOid}, types.Int8Oid, func(s *Session, a []types.Datum) (types.Datum, error) {
		d, err := s.cat.Database(s.snapshot(), a[0].S)
		if err != nil {
			return types.Null, err
		}
		return dbSize(s, d.Oid)
	})
	catFuncVolatile("pg_database_size", []types.Oid{types.OidOid}, types.Int8Oid, func(s *Session, a []types.Datum) (types.Datum, error) {
		dbs, err := s.cat.Databases(s.snapshot())
		if err != nil {
			return types.Null, err
		}
		for _, d := range dbs {
			if d.Oid == oidArg(a[0]) {
				return dbSize(s, d.Oid)
			}
		}
		return types.Null, nil
	})
	spcSize := func(s *Session, spc uint32) (types.Datum, error) {
		n, err := s.cat.TablespaceSize(spc)
		if err != nil {
			return types.Null, err
		}
		return types.Int(n), nil
	}
	catFuncVolatile("pg_tablespace_size", []types.Oid{types.OidOid}, types.Int8Oid, func(s *Session, a []types.Datum) (types.Datum, error) {
		switch oidArg(a[0]) {
		case catalog.DefaultTablespace, catalog.GlobalTablespace:
			return spcSize(s, oidArg(a[0]))
		}
		return types.Null, nil
	})
	catFuncVolatile("pg_tablespace_size", []types.Oid{types.NameOid}, types.Int8Oid, func(s *Session, a []types.Datum) (types.Datum, error) {
		switch a[0].S {
		case "pg_default":
			return spcSize(s, catalog.DefaultTablespace)
		case "pg_global":
			return spcSize(s, catalog.GlobalTablespace)
		}
		return types.Null, pgerr.New(pgerr.UndefinedObject, "tablespace \"%s\" does not exist", a[0].S)
	})
	// Only the built-in tablespaces exist; their location is the data
	// directory, which PostgreSQL shows as "".
	catFunc("pg_tablespace_location", []types.Oid{types.OidOid}, types.TextOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
		return text(""), nil
	})
}
