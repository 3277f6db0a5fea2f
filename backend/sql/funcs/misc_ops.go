package funcs

import (
	"math"

	"ringpg/backend/sql/types"
)

// Operators whose functions are not derived from their operand types:
// |/ and ||/, the ~<~ family of pattern comparisons, and the comparisons
// of the system types.

func init() {
	def("dsqrt", "float8", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		if a[0].F < 0 {
			return types.Datum{}, errSqrtNeg
		}
		return f8(math.Sqrt(a[0].F)), nil
	})
	def("dcbrt", "float8", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return f8(libmCbrt(a[0].F)), nil })
	for _, op := range []struct{ suffix, name string }{{"lt", "<"}, {"le", "<="}, {"gt", ">"}, {"ge", ">="}} {
		def("text_pattern_"+op.suffix, "text,text", cmpOp(op.name, cmpText))
		def("bpchar_pattern_"+op.suffix, "bpchar,bpchar", cmpOp(op.name, cmpBPChar))
	}
	def("cideq", "cid,cid", cmpOp("=", cmpUnsigned))
	def("xideqint4", "xid,int4", cmpOp("=", cmpUnsigned))
	def("xidneqint4", "xid,int4", cmpOp("<>", cmpUnsigned))
	ov := types.Of(types.OidVectorOid)
	ovCmp := func(_ *Ctx, a, b types.Datum) int { return types.Compare(ov, a, b) }
	for _, op := range []struct{ suffix, name string }{{"eq", "="}, {"ne", "<>"}, {"lt", "<"}, {"le", "<="}, {"gt", ">"}, {"ge", ">="}} {
		def("oidvector"+op.suffix, "oidvector,oidvector", cmpOp(op.name, ovCmp))
	}
}
