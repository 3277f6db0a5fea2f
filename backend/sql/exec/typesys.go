package exec

import (
	"ringpg/backend/access/btree/keyenc"
	"ringpg/backend/sql/types"
)

// The type system's value operations, in one place: comparison, equality
// and hashing of Datums of a known type, and index key encoding.

func compareDatum(t types.T, a, b types.Datum) int { return types.Compare(t, a, b) }

func equalDatum(t types.T, a, b types.Datum) bool { return types.Equal(t, a, b) }

func hashDatum(t types.T, d types.Datum) uint64 { return types.Hash(t, d) }

func appendKey(dst []byte, t types.T, d types.Datum, o keyenc.Order) ([]byte, error) {
	return types.AppendKey(dst, t, d, o)
}
