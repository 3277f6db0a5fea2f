package catalog

import "ringpg/pgerr"

// checkAlterable refuses DDL on a system catalog or another relation of
// the bootstrap (oids below FirstNormalOid), as PostgreSQL does without
// allow_system_table_mods.
func checkAlterable(r *Relation) error {
	if r.Oid < FirstNormalOid {
		return pgerr.New(pgerr.InsufficientPrivilege, "permission denied: \"%s\" is a system catalog", r.Name)
	}
	return nil
}
