package engine

import (
	"regexp"
	"strings"

	"ringpg/backend/catalog"
	"ringpg/backend/sql/parser"
	"ringpg/backend/storage/lmgr"
	"ringpg/pgerr"
)

// seqSpecOptions applies CREATE SEQUENCE's options (and an identity
// column's) to spec; it returns OWNED BY's name list, nil when absent.
func seqSpecOptions(spec *catalog.SequenceSpec, opts []*parser.DefElem) ([]string, error) {
	var ownedBy []string
	for _, o := range opts {
		switch o.Name {
		case "as":
			if tn, ok := o.Arg.(*parser.TypeName); ok {
				t, err := planTypeName(tn)
				if err != nil {
					return nil, err
				}
				spec.Type = t.Oid
			}
		case "increment":
			v, err := optInt(o)
			if err != nil {
				return nil, err
			}
			if v == 0 {
				return nil, pgerr.New(pgerr.InvalidParameterValue, "INCREMENT must not be zero")
			}
			spec.Increment = v
		case "minvalue", "maxvalue", "start":
			if o.Arg == nil {
				continue
			}
			v, err := optInt(o)
			if err != nil {
				return nil, err
			}
			switch o.Name {
			case "minvalue":
				spec.Min = &v
			case "maxvalue":
				spec.Max = &v
			default:
				spec.Start = &v
			}
		case "cache":
			v, err := optInt(o)
			if err != nil {
				return nil, err
			}
			if v <= 0 {
				return nil, pgerr.New(pgerr.InvalidParameterValue, "CACHE (%d) must be greater than zero", v)
			}
			spec.Cache = v
		case "cycle":
			spec.Cycle = optText(o) != "false"
		case "owned_by":
			if l, ok := o.Arg.(*parser.NameList); ok {
				ownedBy = l.Names
			}
		case "sequence_name":
			if l, ok := o.Arg.(*parser.NameList); ok && len(l.Names) > 0 {
				spec.Name = l.Names[len(l.Names)-1]
			}
		default:
			return nil, pgerr.New(pgerr.FeatureNotSupported, "sequence option %q is not supported yet", o.Name)
		}
	}
	return ownedBy, nil
}

// ownSequence ties a sequence to the column OWNED BY names (table.column,
// optionally schema-qualified); OWNED BY NONE and no clause do nothing.
func (s *Session) ownSequence(seq uint32, ownedBy []string) error {
	if len(ownedBy) == 0 {
		return nil
	}
	if len(ownedBy) == 1 && ownedBy[0] == "none" {
		return s.cat.ClearSequenceOwner(s.xact, s.snapshot(), seq)
	}
	if len(ownedBy) == 1 {
		return pgerr.New(pgerr.InvalidParameterValue, "invalid OWNED BY option").
			WithHint("Specify OWNED BY table.column or OWNED BY NONE.")
	}
	snap := s.snapshot()
	schema := ""
	if len(ownedBy) > 2 {
		schema = ownedBy[len(ownedBy)-3]
	}
	rel, err := s.cat.LookupRelation(snap, s.searchPath(), schema, ownedBy[len(ownedBy)-2])
	if err != nil {
		return err
	}
	col := ownedBy[len(ownedBy)-1]
	for i, c := range rel.Columns {
		if !c.Dropped && c.Name == col {
			if err := s.cat.ClearSequenceOwner(s.xact, snap, seq); err != nil {
				return err
			}
			return s.cat.SetSequenceOwner(s.xact, seq, rel.Oid, int16(i+1), false)
		}
	}
	return pgerr.New(pgerr.UndefinedColumn, "column %q of relation %q does not exist", col, rel.Name)
}

// alterSequence runs ALTER SEQUENCE with options.
func (s *Session) alterSequence(n *parser.AlterSeqStmt) (string, error) {
	snap := s.snapshot()
	rel, err := s.cat.LookupRelation(snap, s.searchPath(), n.Sequence.Schema, n.Sequence.Name)
	if err != nil {
		if n.MissingOk && pgerr.Code(err) == pgerr.UndefinedTable {
			s.queueNotice("relation \"" + n.Sequence.Name + "\" does not exist, skipping")
			return "ALTER SEQUENCE", nil
		}
		return "", err
	}
	if rel.Kind != catalog.KindSequence {
		return "", pgerr.New(pgerr.WrongObjectType, "%q is not a sequence", rel.Name)
	}
	if err := s.checkRelOwner(rel); err != nil {
		return "", err
	}
	if err := s.lockRelation(s.db, rel.Oid, lmgr.RowExclusive); err != nil {
		return "", err
	}
	a, ownedBy, err := seqAlterOptions(n.Options)
	if err != nil {
		return "", err
	}
	s.didDDL = true
	if err := s.cat.AlterSequence(s.xact, snap, rel.Oid, a); err != nil {
		return "", err
	}
	if err := s.ownSequence(rel.Oid, ownedBy); err != nil {
		return "", err
	}
	return "ALTER SEQUENCE", nil
}

// seqAlterOptions converts ALTER SEQUENCE's options.
func seqAlterOptions(opts []*parser.DefElem) (catalog.SequenceAlter, []string, error) {
	var a catalog.SequenceAlter
	var ownedBy []string
	for _, o := range opts {
		switch o.Name {
		case "as":
			if tn, ok := o.Arg.(*parser.TypeName); ok {
				t, err := planTypeName(tn)
				if err != nil {
					return a, nil, err
				}
				a.Type = &t.Oid
			}
		case "restart":
			if o.Arg == nil {
				a.RestartAtStart = true
				continue
			}
			fallthrough
		case "increment", "minvalue", "maxvalue", "start", "cache":
			if o.Arg == nil { // NO MINVALUE / NO MAXVALUE: the type's bound
				if o.Name == "minvalue" {
					a.NoMin = true
				} else {
					a.NoMax = true
				}
				continue
			}
			v, err := optInt(o)
			if err != nil {
				return a, nil, err
			}
			switch o.Name {
			case "increment":
				a.Increment = &v
			case "minvalue":
				a.Min = &v
			case "maxvalue":
				a.Max = &v
			case "start":
				a.Start = &v
			case "cache":
				a.Cache = &v
			default:
				a.Restart = &v
			}
		case "cycle":
			c := optText(o) != "false"
			a.Cycle = &c
		case "owned_by":
			if l, ok := o.Arg.(*parser.NameList); ok {
				ownedBy = l.Names
			}
		default:
			return a, nil, pgerr.New(pgerr.FeatureNotSupported, "sequence option %q is not supported yet", o.Name)
		}
	}
	return a, ownedBy, nil
}

// nextvalRe finds the sequences a default names in nextval('name') calls.
var nextvalRe = regexp.MustCompile(`(?i)nextval\('((?:[^']|'')+)'`)

// defaultSequences returns the sequences a column default calls nextval
// on: the default depends on them, so dropping one alone fails (2BP01).
func (s *Session) defaultSequences(def string) []uint32 {
	var out []uint32
	for _, m := range nextvalRe.FindAllStringSubmatch(def, -1) {
		parts, err := splitQualifiedName(strings.ReplaceAll(m[1], "''", "'"))
		if err != nil || len(parts) > 2 {
			continue
		}
		schema, name := "", parts[len(parts)-1]
		if len(parts) == 2 {
			schema = parts[0]
		}
		rel, err := s.cat.LookupRelation(s.snapshot(), s.searchPath(), schema, name)
		if err == nil && rel.Kind == catalog.KindSequence {
			out = append(out, rel.Oid)
		}
	}
	return out
}

// serialDefault is the default of a serial column whose sequence seq was
// created in namespace ns: nextval of the sequence's schema-qualified
// name, quoted where needed. PostgreSQL's default holds the sequence's
// OID; this one is kept as text and resolved at each use, so it must not
// depend on the search_path (pg_get_expr prints the name unqualified
// where the path finds it, as PostgreSQL does).
func (s *Session) serialDefault(ns uint32, seq string) (string, error) {
	schema, err := s.cat.NamespaceName(s.snapshot(), ns)
	if err != nil {
		return "", err
	}
	name := parser.QuoteIdent(schema) + "." + parser.QuoteIdent(seq)
	return "nextval(" + parser.QuoteString(name) + "::regclass)", nil
}
