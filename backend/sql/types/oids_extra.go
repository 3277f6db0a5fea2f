package types

// OIDs of built-in types beyond those in oids.go.
const (
	CidOid     Oid = 29
	CstringOid Oid = 2275

	Int2VectorArrayOid Oid = 1006
	RegprocArrayOid    Oid = 1008
	TidArrayOid        Oid = 1010
	XidArrayOid        Oid = 1011
	CidArrayOid        Oid = 1012
	OidVectorArrayOid  Oid = 1013
	CstringArrayOid    Oid = 1263
	RegclassArrayOid   Oid = 2210
	RegtypeArrayOid    Oid = 2211
	RecordArrayOid     Oid = 2287
)
