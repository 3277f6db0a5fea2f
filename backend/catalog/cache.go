package catalog

// cache holds what this backend has read of the catalog. Entries are
// built under some statement's snapshot and are right until another
// transaction commits a catalog change (BeginStatement then drops them)
// or this one makes one (NoteOwnDDL, AtAbort).
type cache struct {
	rels     map[uint32]*Relation // by oid
	relNames map[relKey]uint32    // (namespace, name) -> oid; 0: known not to exist
	allNames bool                 // relNames holds every relation: a missing name does not exist
	nsNames  map[string]uint32    // schema name -> oid; 0: known not to exist
	nsOids   map[uint32]string
	dbs      map[string]*Database
	roles    map[string]*Role
	seqs     map[uint32]*seqParams
	nss      map[uint32]*Namespace // by oid, filled with nsNames

	// Privileges (privilege.go): every role and membership, and per role
	// the names of the roles whose privileges it holds. nil until needed.
	roleInfo map[uint32]roleInfo
	members  []Membership
	actsFor  map[uint32]map[string]bool
	procACLs map[uint32]*Function // functions with a proacl (RestrictedFunctions); nil until needed

	utypes *userTypeSet // types created by commands (enum.go); nil until needed
}

type relKey struct {
	ns   uint32
	name string
}

func (c *cache) reset() {
	*c = cache{
		rels:     map[uint32]*Relation{},
		relNames: map[relKey]uint32{},
		nsNames:  map[string]uint32{},
		nsOids:   map[uint32]string{},
		dbs:      map[string]*Database{},
		roles:    map[string]*Role{},
		seqs:     map[uint32]*seqParams{},
		nss:      map[uint32]*Namespace{},
	}
}
