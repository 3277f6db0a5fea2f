package types

// OIDs of the built-in types, as in PostgreSQL 15's pg_type.dat, so that
// RowDescription and the catalogs carry the numbers clients expect.
const (
	BoolOid        Oid = 16
	ByteaOid       Oid = 17
	CharOid        Oid = 18 // "char"
	NameOid        Oid = 19
	Int8Oid        Oid = 20
	Int2Oid        Oid = 21
	Int2VectorOid  Oid = 22
	Int4Oid        Oid = 23
	RegprocOid     Oid = 24
	TextOid        Oid = 25
	OidOid         Oid = 26
	TidOid         Oid = 27
	XidOid         Oid = 28
	OidVectorOid   Oid = 30
	JSONOid        Oid = 114
	Float4Oid      Oid = 700
	Float8Oid      Oid = 701
	UnknownOid     Oid = 705
	BPCharOid      Oid = 1042
	VarcharOid     Oid = 1043
	DateOid        Oid = 1082
	TimeOid        Oid = 1083
	TimestampOid   Oid = 1114
	TimestampTZOid Oid = 1184
	IntervalOid    Oid = 1186
	NumericOid     Oid = 1700
	RegtypeOid     Oid = 2206
	RegclassOid    Oid = 2205
	// RegnamespaceOid is regnamespace (a schema named by its oid).
	RegnamespaceOid      Oid = 4089
	RegnamespaceArrayOid Oid = 4090
	RecordOid            Oid = 2249
	VoidOid              Oid = 2278
	AnyOid               Oid = 2276
	AnyArrayOid          Oid = 2277
	AnyElementOid        Oid = 2283
	UUIDOid              Oid = 2950
	JSONBOid             Oid = 3802

	BoolArrayOid        Oid = 1000
	ByteaArrayOid       Oid = 1001
	CharArrayOid        Oid = 1002
	NameArrayOid        Oid = 1003
	Int2ArrayOid        Oid = 1005
	Int4ArrayOid        Oid = 1007
	TextArrayOid        Oid = 1009
	VarcharArrayOid     Oid = 1015
	BPCharArrayOid      Oid = 1014
	Int8ArrayOid        Oid = 1016
	Float4ArrayOid      Oid = 1021
	Float8ArrayOid      Oid = 1022
	OidArrayOid         Oid = 1028
	TimestampArrayOid   Oid = 1115
	DateArrayOid        Oid = 1182
	TimeArrayOid        Oid = 1183
	TimestampTZArrayOid Oid = 1185
	IntervalArrayOid    Oid = 1187
	NumericArrayOid     Oid = 1231
	UUIDArrayOid        Oid = 2951
	JSONArrayOid        Oid = 199
	JSONBArrayOid       Oid = 3807
)
