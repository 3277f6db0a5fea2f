package lmgr

import "fmt"

// TagType says what a lock tag names.
type TagType uint8

// Tag types. The numbers are ours; Type.String gives pg_locks' names.
const (
	TagRelation    TagType = 1
	TagTransaction TagType = 2
	TagObject      TagType = 3
	TagAdvisory    TagType = 4
	TagTuple       TagType = 5
)

// String returns the type as pg_locks' locktype column spells it.
func (t TagType) String() string {
	switch t {
	case TagRelation:
		return "relation"
	case TagTransaction:
		return "transactionid"
	case TagObject:
		return "object"
	case TagAdvisory:
		return "advisory"
	case TagTuple:
		return "tuple"
	}
	return "???"
}

// Tag names a lockable object. It is plain fixed-size data (it is stored
// in shared memory as is) and comparable. Build it with the constructors;
// the meaning of the fields depends on Type, as in PostgreSQL's LOCKTAG:
//
//	relation:    F1 database, F2 relation
//	transaction: F1 low and F2 high 32 bits of the transaction id
//	object:      F1 database, F2 class id, F3 object id, F4 sub-id
//	advisory:    F1 database, F2 and F3 the keys, F4 1 for one int8 key
//	             (F2 high half, F3 low half) or 2 for two int4 keys
//	tuple:       F1 database, F2 relation, F3 block, F4 line pointer
type Tag struct {
	Type TagType
	_    uint8
	F4   uint16
	F1   uint32
	F2   uint32
	F3   uint32
}

// RelationTag names relation rel of database db (db 0 for a shared
// catalog).
func RelationTag(db, rel uint32) Tag { return Tag{Type: TagRelation, F1: db, F2: rel} }

// TransactionTag names a transaction id; a transaction holds it
// exclusively while it runs and others wait for it by taking it shared.
func TransactionTag(xid uint64) Tag {
	return Tag{Type: TagTransaction, F1: uint32(xid), F2: uint32(xid >> 32)}
}

// ObjectTag names a non-relation object (pg_locks' classid/objid/objsubid).
func ObjectTag(db, classID, objID uint32, subID uint16) Tag {
	return Tag{Type: TagObject, F1: db, F2: classID, F3: objID, F4: subID}
}

// AdvisoryTag names the advisory lock of pg_advisory_lock(bigint).
func AdvisoryTag(db uint32, key int64) Tag {
	return Tag{Type: TagAdvisory, F1: db, F2: uint32(uint64(key) >> 32), F3: uint32(key), F4: 1}
}

// AdvisoryTag2 names the advisory lock of pg_advisory_lock(int, int).
func AdvisoryTag2(db uint32, key1, key2 int32) Tag {
	return Tag{Type: TagAdvisory, F1: db, F2: uint32(key1), F3: uint32(key2), F4: 2}
}

// TupleTag names one tuple of a relation: a process about to wait for a
// row's locker takes it first, so that waiters for one row queue in order
// (PostgreSQL's heap_lock_tuple).
func TupleTag(db, rel, block uint32, offset uint16) Tag {
	return Tag{Type: TagTuple, F1: db, F2: rel, F3: block, F4: offset}
}

// Xid returns the transaction id of a transaction tag.
func (t Tag) Xid() uint64 { return uint64(t.F2)<<32 | uint64(t.F1) }

// String describes the object as PostgreSQL's deadlock and lock-wait
// messages do ("relation 16384 of database 5", "transaction 742").
func (t Tag) String() string {
	switch t.Type {
	case TagRelation:
		return fmt.Sprintf("relation %d of database %d", t.F2, t.F1)
	case TagTransaction:
		return fmt.Sprintf("transaction %d", t.Xid())
	case TagObject:
		return fmt.Sprintf("object %d of class %d of database %d", t.F3, t.F2, t.F1)
	case TagAdvisory:
		return fmt.Sprintf("advisory lock [%d,%d,%d,%d]", t.F1, t.F2, t.F3, t.F4)
	case TagTuple:
		return fmt.Sprintf("tuple (%d,%d) of relation %d of database %d", t.F3, t.F4, t.F2, t.F1)
	}
	return fmt.Sprintf("unrecognized locktag type %d", t.Type)
}

// hash spreads a tag over the hash buckets, partitions and strong-lock
// counters. Its low bits pick the partition.
func (t Tag) hash() uint32 {
	h := uint64(t.F1)*0x9E3779B97F4A7C15 ^ uint64(t.F2)*0xC2B2AE3D27D4EB4F ^
		uint64(t.F3)*0x165667B19E3779F9 ^ (uint64(t.F4)<<8|uint64(t.Type))*0x85EBCA77C2B2AE63
	h ^= h >> 29
	h *= 0xBF58476D1CE4E5B9
	h ^= h >> 32
	return uint32(h)
}
