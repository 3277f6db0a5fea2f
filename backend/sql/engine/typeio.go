package engine

import (
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// The array types' I/O functions, listed in pg_proc with PostgreSQL's
// oids so that pg_type.typinput and the rest can name them: drivers tell
// array types by `typinput = 'array_in'::regproc` (pgJDBC). Values are
// converted by the type system, not through these functions, and calling
// one directly is refused. They are registered from this package, after
// package funcs has built its registry.
const (
	cstringOid  types.Oid = 2275
	internalOid types.Oid = 2281
)

// Array I/O function oids (pg_proc).
const (
	arrayInOid   = 750
	arrayOutOid  = 751
	arrayRecvOid = 2400
	arraySendOid = 2401
)

func init() {
	refuse := func(name string) func(*funcs.Ctx, []types.Datum) (types.Datum, error) {
		return func(*funcs.Ctx, []types.Datum) (types.Datum, error) {
			return types.Null, pgerr.New(pgerr.FeatureNotSupported, "function %s cannot be called directly", name)
		}
	}
	for _, f := range []*funcs.Func{
		{Oid: arrayInOid, Name: "array_in", Args: []types.Oid{cstringOid, types.OidOid, types.Int4Oid}, Result: types.AnyArrayOid},
		{Oid: arrayOutOid, Name: "array_out", Args: []types.Oid{types.AnyArrayOid}, Result: cstringOid},
		{Oid: arrayRecvOid, Name: "array_recv", Args: []types.Oid{internalOid, types.OidOid, types.Int4Oid}, Result: types.AnyArrayOid},
		{Oid: arraySendOid, Name: "array_send", Args: []types.Oid{types.AnyArrayOid}, Result: types.ByteaOid},
	} {
		f.Strict, f.Volatility, f.Kind = true, funcs.Stable, funcs.KindFunc
		f.Call = refuse(f.Name)
		funcs.Register(f)
	}
}
