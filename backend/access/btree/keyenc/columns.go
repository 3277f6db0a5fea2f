package keyenc

import "fmt"

// Type is a column type the encoding knows.
type Type uint8

// The supported column types. Varchar and timestamptz encode as text and
// timestamp.
const (
	Bool Type = iota + 1
	Int2
	Int4
	Int8
	Float4
	Float8
	Numeric
	Text
	Bytea
	Date
	Timestamp
)

var typeNames = [...]string{Bool: "bool", Int2: "int2", Int4: "int4", Int8: "int8",
	Float4: "float4", Float8: "float8", Numeric: "numeric", Text: "text",
	Bytea: "bytea", Date: "date", Timestamp: "timestamp"}

func (t Type) String() string {
	if int(t) < len(typeNames) && typeNames[t] != "" {
		return typeNames[t]
	}
	return fmt.Sprintf("Type(%d)", uint8(t))
}

// Column describes one key column.
type Column struct {
	Type  Type
	Order Order
}

// Encode appends the key of vals, one per column, to dst. A nil value is
// NULL; otherwise the Go type must match the column: bool, int16, int32,
// int64, float32, float64, string (numeric, as a decimal string, and
// text), []byte or string (bytea), int32 (date, days), int64 (timestamp,
// microseconds). vals may be shorter than cols: a prefix key, for scan
// bounds.
func Encode(dst []byte, cols []Column, vals []any) ([]byte, error) {
	if len(vals) > len(cols) {
		return dst, fmt.Errorf("keyenc: %d values for %d columns", len(vals), len(cols))
	}
	for i, v := range vals {
		var err error
		if dst, err = appendValue(dst, cols[i], v); err != nil {
			return dst, fmt.Errorf("keyenc: column %d: %w", i+1, err)
		}
	}
	return dst, nil
}

func appendValue(b []byte, c Column, v any) ([]byte, error) {
	if v == nil {
		return AppendNull(b, c.Order), nil
	}
	o := c.Order
	switch c.Type {
	case Bool:
		if x, ok := v.(bool); ok {
			return AppendBool(b, x, o), nil
		}
	case Int2:
		if x, ok := v.(int16); ok {
			return AppendInt2(b, x, o), nil
		}
	case Int4, Date:
		if x, ok := v.(int32); ok {
			return AppendInt4(b, x, o), nil
		}
	case Int8, Timestamp:
		if x, ok := v.(int64); ok {
			return AppendInt8(b, x, o), nil
		}
	case Float4:
		if x, ok := v.(float32); ok {
			return AppendFloat4(b, x, o), nil
		}
	case Float8:
		if x, ok := v.(float64); ok {
			return AppendFloat8(b, x, o), nil
		}
	case Numeric:
		if x, ok := v.(string); ok {
			return AppendNumeric(b, x, o)
		}
	case Text:
		if x, ok := v.(string); ok {
			return AppendText(b, x, o), nil
		}
	case Bytea:
		switch x := v.(type) {
		case []byte:
			return AppendBytes(b, x, o), nil
		case string:
			return AppendText(b, x, o), nil
		}
	default:
		return b, fmt.Errorf("unknown column type %v", c.Type)
	}
	return b, fmt.Errorf("value of Go type %T for a %v column", v, c.Type)
}

// Decode splits key into one value per column, appended to dst, with the
// Go types Encode takes (bytea as []byte, numeric as its canonical decimal
// string, NULL as nil). The whole key must be consumed. An error wraps
// ErrCorrupt.
func Decode(dst []any, key []byte, cols []Column) ([]any, error) {
	for i, c := range cols {
		v, rest, err := DecodeColumn(key, c)
		if err != nil {
			return dst, fmt.Errorf("column %d: %w", i+1, err)
		}
		dst = append(dst, v)
		key = rest
	}
	if len(key) != 0 {
		return dst, corrupt("%d bytes after the last column", len(key))
	}
	return dst, nil
}

// DecodeColumn reads the column at the start of key and returns its value
// (nil for NULL) and the rest of the key.
func DecodeColumn(key []byte, c Column) (v any, rest []byte, err error) {
	o := c.Order
	var null bool
	switch c.Type {
	case Bool:
		var x bool
		x, null, rest, err = DecodeBool(key, o)
		v = x
	case Int2:
		var x int16
		x, null, rest, err = DecodeInt2(key, o)
		v = x
	case Int4, Date:
		var x int32
		x, null, rest, err = DecodeInt4(key, o)
		v = x
	case Int8, Timestamp:
		var x int64
		x, null, rest, err = DecodeInt8(key, o)
		v = x
	case Float4:
		var x float32
		x, null, rest, err = DecodeFloat4(key, o)
		v = x
	case Float8:
		var x float64
		x, null, rest, err = DecodeFloat8(key, o)
		v = x
	case Numeric:
		var x string
		x, null, rest, err = DecodeNumeric(key, o)
		v = x
	case Text:
		var x string
		x, null, rest, err = DecodeText(key, o)
		v = x
	case Bytea:
		var x []byte
		x, null, rest, err = DecodeBytes(key, o)
		v = x
	default:
		return nil, nil, fmt.Errorf("keyenc: unknown column type %v", c.Type)
	}
	if err != nil {
		return nil, nil, err
	}
	if null {
		return nil, rest, nil
	}
	return v, rest, nil
}

// SkipColumn returns key without its first column, which has type c.
func SkipColumn(key []byte, c Column) ([]byte, error) {
	_, rest, err := DecodeColumn(key, c)
	return rest, err
}
