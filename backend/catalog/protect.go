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

// kindPlural names a relation kind in "This operation is not supported
// for ..." details.
func kindPlural(k byte) string {
	switch k {
	case KindIndex:
		return "indexes"
	case KindSequence:
		return "sequences"
	case KindView:
		return "views"
	case KindToast:
		return "TOAST tables"
	}
	return "tables"
}

// checkTableAction refuses an ALTER TABLE action on anything but a table
// (and checks it is not a system catalog), with PostgreSQL's wording.
func checkTableAction(r *Relation, action string) error {
	if r.Kind != KindTable {
		return pgerr.New(pgerr.WrongObjectType, "ALTER action %s cannot be performed on relation \"%s\"", action, r.Name).
			WithDetail("This operation is not supported for %s.", kindPlural(r.Kind))
	}
	return checkAlterable(r)
}
