package funcs

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"ringpg/backend/sql/types"
)

// Concatenation and functions that print values of any type.

// outputOf returns a printer for values of type t in the session's
// settings.
func outputOf(t types.T) func(c *Ctx, d types.Datum) string {
	if t.Oid == types.UnknownOid {
		t = types.Of(types.TextOid)
	}
	switch t.Oid {
	case types.TextOid, types.VarcharOid, types.NameOid, types.BPCharOid:
		return func(_ *Ctx, d types.Datum) string { return d.S }
	}
	return func(c *Ctx, d types.Datum) string { return string(types.AppendOutput(nil, t, d, c.env())) }
}

func init() {
	def("textcat", "text,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return txt(a[0].S + a[1].S), nil })
	def("byteacat", "bytea,bytea", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return txt(a[0].S + a[1].S), nil })
	defSpec("anytextcat", "anynonarray,text", func(at []types.T, _ types.T) (CallFunc, error) {
		out := outputOf(at[0])
		return func(c *Ctx, a []types.Datum) (types.Datum, error) { return txt(out(c, a[0]) + a[1].S), nil }, nil
	})
	defSpec("textanycat", "text,anynonarray", func(at []types.T, _ types.T) (CallFunc, error) {
		out := outputOf(at[1])
		return func(c *Ctx, a []types.Datum) (types.Datum, error) { return txt(a[0].S + out(c, a[1])), nil }, nil
	})
	defSpec("concat", "any", func(at []types.T, _ types.T) (CallFunc, error) {
		outs := printers(at)
		return func(c *Ctx, a []types.Datum) (types.Datum, error) {
			var b strings.Builder
			for i, d := range a {
				if !d.Null {
					b.WriteString(outs[i](c, d))
				}
			}
			return txt(b.String()), nil
		}, nil
	})
	defSpec("concat_ws", "text,any", func(at []types.T, _ types.T) (CallFunc, error) {
		outs := printers(at)
		return func(c *Ctx, a []types.Datum) (types.Datum, error) {
			if a[0].Null {
				return types.Null, nil
			}
			var b strings.Builder
			first := true
			for i := 1; i < len(a); i++ {
				if a[i].Null {
					continue
				}
				if !first {
					b.WriteString(a[0].S)
				}
				first = false
				b.WriteString(outs[i](c, a[i]))
			}
			return txt(b.String()), nil
		}, nil
	})
	def("md5", "text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		h := md5.Sum([]byte(a[0].S))
		return txt(hex.EncodeToString(h[:])), nil
	})
	def("md5", "bytea", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		h := md5.Sum([]byte(a[0].S))
		return txt(hex.EncodeToString(h[:])), nil
	})
	def("sha256", "bytea", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		h := sha256.Sum256([]byte(a[0].S))
		return txt(string(h[:])), nil
	})
	def("quote_ident", "text", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return txt(quoteIdent(a[0].S)), nil })
	def("quote_literal", "text", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return txt(quoteLiteral(a[0].S)), nil })
	defSpec("quote_literal", "anyelement", func(at []types.T, _ types.T) (CallFunc, error) {
		out := outputOf(at[0])
		return func(c *Ctx, a []types.Datum) (types.Datum, error) { return txt(quoteLiteral(out(c, a[0]))), nil }, nil
	})
	def("quote_nullable", "text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		if a[0].Null {
			return txt("NULL"), nil
		}
		return txt(quoteLiteral(a[0].S)), nil
	})
	defSpec("quote_nullable", "anyelement", func(at []types.T, _ types.T) (CallFunc, error) {
		out := outputOf(at[0])
		return func(c *Ctx, a []types.Datum) (types.Datum, error) {
			if a[0].Null {
				return txt("NULL"), nil
			}
			return txt(quoteLiteral(out(c, a[0]))), nil
		}, nil
	})
}

func printers(at []types.T) []func(*Ctx, types.Datum) string {
	outs := make([]func(*Ctx, types.Datum) string, len(at))
	for i, t := range at {
		outs[i] = outputOf(t)
	}
	return outs
}

// quoteIdent quotes an identifier unless it is a plain lower-case name
// that is not a keyword needing quotes.
func quoteIdent(s string) string {
	safe := s != "" && (s[0] >= 'a' && s[0] <= 'z' || s[0] == '_')
	for i := 0; safe && i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			safe = false
		}
	}
	if safe && !quotedKeywords[s] {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// quoteLiteral quotes a string literal, doubling quotes; a backslash makes
// it an E” literal with doubled backslashes.
func quoteLiteral(s string) string {
	var b strings.Builder
	if strings.Contains(s, `\`) {
		b.WriteByte('E')
	}
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\'' || c == '\\' {
			b.WriteByte(c)
		}
		b.WriteByte(c)
	}
	b.WriteByte('\'')
	return b.String()
}
