package parser

import (
	"strconv"

	"ringpg/pgerr"
)

// builtinTypes are the catalog names of PostgreSQL's built-in types. An
// unqualified generic type name in this set is normalised to pg_catalog,
// so that int4, INTEGER and INT all read pg_catalog.int4.
var builtinTypes = map[string]bool{
	"bool": true, "bytea": true, "char": true, "name": true, "int8": true,
	"int2": true, "int2vector": true, "int4": true, "regproc": true,
	"text": true, "oid": true, "tid": true, "xid": true, "xid8": true,
	"cid": true, "oidvector": true, "json": true, "xml": true,
	"point": true, "lseg": true, "path": true, "box": true,
	"polygon": true, "line": true, "float4": true, "float8": true,
	"circle": true, "money": true, "macaddr": true, "inet": true,
	"cidr": true, "macaddr8": true, "aclitem": true, "bpchar": true,
	"varchar": true, "date": true, "time": true, "timestamp": true,
	"timestamptz": true, "interval": true, "timetz": true, "bit": true,
	"varbit": true, "numeric": true, "refcursor": true,
	"regprocedure": true, "regoper": true, "regoperator": true,
	"regclass": true, "regcollation": true, "regtype": true,
	"regrole": true, "regnamespace": true, "regconfig": true,
	"regdictionary": true, "uuid": true, "pg_lsn": true, "tsvector": true,
	"tsquery": true, "jsonb": true, "jsonpath": true,
	"txid_snapshot": true, "pg_snapshot": true, "int4range": true,
	"numrange": true, "tsrange": true, "tstzrange": true,
	"daterange": true, "int8range": true, "int4multirange": true,
	"nummultirange": true, "tsmultirange": true, "tstzmultirange": true,
	"datemultirange": true, "int8multirange": true, "record": true,
	"void": true, "unknown": true, "anyelement": true, "anyarray": true,
	"cstring": true,
}

func sysType(name string) []string { return []string{"pg_catalog", name} }

// canonicalTypeNames normalises an unqualified built-in type name.
func canonicalTypeNames(names []string) []string {
	if len(names) == 1 && builtinTypes[names[0]] {
		return sysType(names[0])
	}
	return names
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// typeName parses Typename.
func (p *parser) typeName() *TypeName {
	loc := p.tok().start
	setof := p.accept(kwSetof)
	t := p.simpleTypeName(false)
	t.Setof = setof
	if setof {
		t.Location = loc
	}
	if p.accept(kwArray) {
		if p.accept('[') {
			t.ArrayBounds = append(t.ArrayBounds, int(p.iconst()))
			p.expect(']')
		} else {
			t.ArrayBounds = append(t.ArrayBounds, -1)
		}
		return t
	}
	for p.is('[') && !p.failed() {
		p.advance()
		if p.accept(']') {
			t.ArrayBounds = append(t.ArrayBounds, -1)
			continue
		}
		t.ArrayBounds = append(t.ArrayBounds, int(p.iconst()))
		p.expect(']')
	}
	return t
}

// typeList parses Typename (',' Typename)*.
func (p *parser) typeList() []*TypeName {
	l := []*TypeName{p.typeName()}
	for p.accept(',') {
		l = append(l, p.typeName())
	}
	return l
}

// simpleTypeName parses SimpleTypename, or ConstTypename when constOnly
// (the type of a typed literal, where CHAR and BIT without a length keep
// no length).
func (p *parser) simpleTypeName(constOnly bool) *TypeName {
	t := p.tok()
	loc := t.start
	tn := &TypeName{Location: loc}
	switch t.kind {
	case kwInt, kwInteger:
		p.advance()
		tn.Names = sysType("int4")
	case kwSmallint:
		p.advance()
		tn.Names = sysType("int2")
	case kwBigint:
		p.advance()
		tn.Names = sysType("int8")
	case kwReal:
		p.advance()
		tn.Names = sysType("float4")
	case kwBoolean:
		p.advance()
		tn.Names = sysType("bool")
	case kwFloat:
		p.advance()
		tn.Names = sysType("float8")
		if p.accept('(') {
			pl := p.tok().start
			prec := p.iconst()
			p.expect(')')
			switch {
			case prec < 1:
				p.errorAt(pgerr.InvalidParameterValue, "precision for type float must be at least 1 bit", pl)
			case prec <= 24:
				tn.Names = sysType("float4")
			case prec <= 53:
			default:
				p.errorAt(pgerr.InvalidParameterValue, "precision for type float must be less than 54 bits", pl)
			}
		}
	case kwDouble:
		if p.peekKind(1) != kwPrecision {
			return p.genericType()
		}
		p.advance()
		p.advance()
		tn.Names = sysType("float8")
	case kwDecimal, kwDec, kwNumeric:
		p.advance()
		tn.Names = sysType("numeric")
		tn.Typmods = p.optTypeModifiers()
	case kwBit:
		p.advance()
		varying := p.accept(kwVarying)
		if varying {
			tn.Names = sysType("varbit")
		} else {
			tn.Names = sysType("bit")
		}
		if p.is('(') {
			tn.Typmods = p.optTypeModifiers()
		} else if !varying && !constOnly {
			tn.Typmods = []Expr{intConst(1, -1)}
		}
	case kwCharacter, kwChar, kwNchar, kwVarchar, kwNational:
		p.advance()
		if t.kind == kwNational {
			if !p.accept(kwCharacter) && !p.accept(kwChar) {
				p.syntaxError()
				return tn
			}
		}
		varying := t.kind == kwVarchar || p.accept(kwVarying)
		if varying {
			tn.Names = sysType("varchar")
		} else {
			tn.Names = sysType("bpchar")
		}
		if p.accept('(') {
			n := p.tok()
			tn.Typmods = []Expr{intConst(p.iconst(), n.start)}
			p.expect(')')
		} else if !varying && !constOnly {
			tn.Typmods = []Expr{intConst(1, -1)}
		}
	case kwTimestamp, kwTime:
		p.advance()
		if p.accept('(') {
			n := p.tok()
			tn.Typmods = []Expr{intConst(p.iconst(), n.start)}
			p.expect(')')
		}
		tz := false
		if p.is(tWithLA) && p.peekKind(1) == kwTime {
			p.advance()
			p.advance()
			p.expect(kwZone)
			tz = true
		} else if p.accept(kwWithout) {
			p.expect(kwTime)
			p.expect(kwZone)
		}
		name := "timestamp"
		if t.kind == kwTime {
			name = "time"
		}
		if tz {
			name += "tz"
		}
		tn.Names = sysType(name)
	case kwInterval:
		if constOnly {
			p.syntaxError()
			return tn
		}
		p.advance()
		tn.Names = sysType("interval")
		if p.accept('(') {
			pl := p.tok().start
			prec := p.iconst()
			p.expect(')')
			tn.Typmods = []Expr{intConst(IntervalFullRange, -1), intConst(prec, pl)}
		} else {
			tn.Typmods = p.optInterval()
		}
	default:
		if constOnly {
			p.syntaxError()
			return tn
		}
		return p.genericType()
	}
	return tn
}

// genericType parses GenericType: type_function_name attrs opt_type_modifiers.
func (p *parser) genericType() *TypeName {
	loc := p.tok().start
	first := p.typeFuncName()
	names := p.attrs([]string{first})
	tn := &TypeName{Names: canonicalTypeNames(names), Location: loc}
	tn.Typmods = p.optTypeModifiers()
	return tn
}

// optTypeModifiers parses ['(' expr_list ')'].
func (p *parser) optTypeModifiers() []Expr {
	if !p.accept('(') {
		return nil
	}
	l := p.exprList()
	p.expect(')')
	return l
}

// optInterval parses INTERVAL's field qualifier into PostgreSQL's typmod
// encoding: the field mask, then the seconds precision if given.
func (p *parser) optInterval() []Expr {
	t := p.tok()
	loc := t.start
	mask := func(m int64) []Expr { return []Expr{intConst(m, loc)} }
	second := func(m int64) []Expr {
		sl := p.tok().start
		p.expect(kwSecond)
		if p.accept('(') {
			pl := p.tok().start
			prec := p.iconst()
			p.expect(')')
			return []Expr{intConst(m, sl), intConst(prec, pl)}
		}
		return []Expr{intConst(m, sl)}
	}
	const (
		y, mo, d, h, mi, s = IntervalMaskYear, IntervalMaskMonth, IntervalMaskDay,
			IntervalMaskHour, IntervalMaskMinute, IntervalMaskSecond
	)
	switch t.kind {
	case kwYear:
		p.advance()
		if p.accept(kwTo) {
			p.expect(kwMonth)
			return mask(y | mo)
		}
		return mask(y)
	case kwMonth:
		p.advance()
		return mask(mo)
	case kwDay:
		p.advance()
		if p.accept(kwTo) {
			switch {
			case p.accept(kwHour):
				return mask(d | h)
			case p.accept(kwMinute):
				return mask(d | h | mi)
			}
			r := second(d | h | mi | s)
			r[0].(*AConst).Location = loc
			return r
		}
		return mask(d)
	case kwHour:
		p.advance()
		if p.accept(kwTo) {
			if p.accept(kwMinute) {
				return mask(h | mi)
			}
			r := second(h | mi | s)
			r[0].(*AConst).Location = loc
			return r
		}
		return mask(h)
	case kwMinute:
		p.advance()
		if p.accept(kwTo) {
			r := second(mi | s)
			r[0].(*AConst).Location = loc
			return r
		}
		return mask(mi)
	case kwSecond:
		return second(s)
	}
	return nil
}
