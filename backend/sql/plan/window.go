package plan

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/parser"
	"ringpg/pgerr"
)

// windowSpec is an analysed window definition.
type windowSpec struct {
	partition []expr.Expr
	order     []SortKey
	frame     Frame
	key       string
}

// windows adds Sort and Window nodes for the window functions of the
// current level; their references in targets and sort keys become Vars
// over the Window's output (input row, then one value per function).
func (q *analyzer) windows(node Node, targets []target, sortKeys []SortKey, post func(expr.Expr) expr.Expr) (Node, error) {
	sc := q.sc
	calls := sc.wins.calls
	width := len(node.Columns())
	// Group calls by window definition text, preserving order.
	type group struct {
		spec  *windowSpec
		calls []int
	}
	var groups []*group
	byKey := map[string]*group{}
	for i := range calls {
		def, err := q.resolveWindowDef(calls[i].def)
		if err != nil {
			return nil, err
		}
		key := def.String()
		g := byKey[key]
		if g == nil {
			spec := sc.winSpecs[key]
			if spec == nil {
				if spec, err = q.windowSpec(def, post); err != nil {
					return nil, err
				}
			} else {
				// Analysed before the aggregation (prepareWindows): its
				// expressions now read the aggregated row.
				for j := range spec.partition {
					spec.partition[j] = post(spec.partition[j])
				}
				for j := range spec.order {
					spec.order[j].Expr = post(spec.order[j].Expr)
				}
			}
			g = &group{spec: spec}
			byKey[key] = g
			groups = append(groups, g)
		}
		g.calls = append(g.calls, i)
	}
	refIndex := map[*winRef]int{}
	for _, g := range groups {
		var keys []SortKey
		for _, p := range g.spec.partition {
			keys = append(keys, SortKey{Expr: p})
		}
		keys = append(keys, g.spec.order...)
		if len(keys) > 0 {
			node = &Sort{Input: node, Keys: keys}
		}
		w := &Window{Input: node, PartitionBy: g.spec.partition, OrderBy: g.spec.order}
		w.Cols = append(w.Cols, node.Columns()...)
		for _, p := range g.spec.partition {
			w.PartTypes = append(w.PartTypes, p.Type())
		}
		for _, ci := range g.calls {
			wf := calls[ci].fn
			for j := range wf.Args {
				wf.Args[j] = post(wf.Args[j])
			}
			if wf.Filter != nil {
				wf.Filter = post(wf.Filter)
			}
			wf.Frame = g.spec.frame
			refIndex[calls[ci].ref] = width
			w.Funcs = append(w.Funcs, wf)
			w.Cols = append(w.Cols, Column{Name: wf.Fn.Name, T: wf.Result})
			width++
		}
		node = w
	}
	replace := func(x expr.Expr) expr.Expr {
		return mutate(x, func(e expr.Expr) (expr.Expr, bool) {
			if r, ok := e.(*winRef); ok {
				return &expr.Var{Index: refIndex[r], T: r.t}, true
			}
			return nil, false
		})
	}
	for i := range targets {
		targets[i].x = replace(targets[i].x)
	}
	for i := range sortKeys {
		sortKeys[i].Expr = replace(sortKeys[i].Expr)
	}
	return node, nil
}

// resolveWindowDef returns the definition a window call uses: a named
// window of the WINDOW clause, or one that refines it.
func (q *analyzer) resolveWindowDef(def *parser.WindowDef) (*parser.WindowDef, error) {
	sc := q.sc
	if def.Name != "" && def.Refname == "" && def.PartitionBy == nil && def.OrderBy == nil && def.Frame == nil {
		named, ok := sc.windows[def.Name]
		if !ok {
			return nil, q.errAt(pgerr.New(pgerr.UndefinedObject, "window %q does not exist", def.Name), def.Location)
		}
		return named, nil
	}
	return q.refineWindow(def, sc.windows, true)
}

// refineWindow applies a window definition's reference to an existing
// window (named in byName): the new definition takes the existing one's
// PARTITION BY and ORDER BY and adds only what that one lacks. inOver says
// the definition is an OVER clause (for the hint about parentheses).
func (q *analyzer) refineWindow(def *parser.WindowDef, byName map[string]*parser.WindowDef, inOver bool) (*parser.WindowDef, error) {
	if def.Refname == "" {
		return def, nil
	}
	base, ok := byName[def.Refname]
	if !ok {
		return nil, q.errAt(pgerr.New(pgerr.UndefinedObject, "window %q does not exist", def.Refname), def.Location)
	}
	if def.PartitionBy != nil {
		return nil, q.errAt(pgerr.New(pgerr.WindowingError, "cannot override PARTITION BY clause of window %q", def.Refname), def.Location)
	}
	if def.OrderBy != nil && base.OrderBy != nil {
		return nil, q.errAt(pgerr.New(pgerr.WindowingError, "cannot override ORDER BY clause of window %q", def.Refname), def.Location)
	}
	if base.Frame != nil {
		err := pgerr.New(pgerr.WindowingError, "cannot copy window %q because it has a frame clause", def.Refname)
		if inOver && def.OrderBy == nil && def.Frame == nil {
			err = err.WithHint("Omit the parentheses in this OVER clause.")
		}
		return nil, q.errAt(err, def.Location)
	}
	merged := *def
	merged.Refname = ""
	merged.PartitionBy = base.PartitionBy
	if merged.OrderBy == nil {
		merged.OrderBy = base.OrderBy
	}
	return &merged, nil
}

// windowClause resolves the WINDOW clause's definitions, each of which may
// refine one defined before it.
func (q *analyzer) windowClause(defs []*parser.WindowDef) (map[string]*parser.WindowDef, error) {
	out := map[string]*parser.WindowDef{}
	for _, w := range defs {
		if _, dup := out[w.Name]; dup {
			return nil, q.errAt(pgerr.New(pgerr.WindowingError, "window %q is already defined", w.Name), w.Location)
		}
		r, err := q.refineWindow(w, out, false)
		if err != nil {
			return nil, err
		}
		if r != w {
			r.Name = w.Name
		}
		out[w.Name] = r
	}
	return out, nil
}

// prepareWindows analyses the window definitions of the level's window
// calls before its aggregation is planned: an aggregate in a window's
// PARTITION BY or ORDER BY must be computed by that aggregation.
func (q *analyzer) prepareWindows() error {
	sc := q.sc
	if sc.wins == nil || len(sc.wins.calls) == 0 {
		return nil
	}
	sc.winSpecs = map[string]*windowSpec{}
	for i := range sc.wins.calls {
		def, err := q.resolveWindowDef(sc.wins.calls[i].def)
		if err != nil {
			return err
		}
		key := def.String()
		if sc.winSpecs[key] != nil {
			continue
		}
		spec, err := q.windowSpec(def, func(x expr.Expr) expr.Expr { return x })
		if err != nil {
			return err
		}
		sc.winSpecs[key] = spec
	}
	return nil
}

func (q *analyzer) windowSpec(def *parser.WindowDef, post func(expr.Expr) expr.Expr) (*windowSpec, error) {
	sc := q.sc
	savedWins, savedNo := sc.wins, sc.noWins
	sc.wins, sc.noWins = nil, "window definitions"
	defer func() { sc.wins, sc.noWins = savedWins, savedNo }()
	spec := &windowSpec{frame: Frame{Mode: FrameRange, Start: UnboundedPreceding, End: CurrentRow}}
	for _, p := range def.PartitionBy {
		x, err := q.transform(p)
		if err != nil {
			return nil, err
		}
		spec.partition = append(spec.partition, post(x))
	}
	for _, sb := range def.OrderBy {
		x, err := q.transform(sb.Expr)
		if err != nil {
			return nil, err
		}
		k := sortKey(post(x), sb)
		spec.order = append(spec.order, k)
	}
	if def.Frame == nil && len(def.OrderBy) == 0 {
		spec.frame.End = UnboundedFollowing
	}
	if f := def.Frame; f != nil {
		if f.Mode == parser.FrameGroups && len(def.OrderBy) == 0 {
			return nil, q.errAt(pgerr.New(pgerr.WindowingError, "GROUPS mode requires an ORDER BY clause"), def.Location)
		}
		spec.frame.Mode = FrameMode(f.Mode)
		spec.frame.Start = BoundKind(f.Start.Kind)
		offset := func(off parser.Expr) (expr.Expr, error) {
			if f.Mode == parser.FrameRange {
				return q.rangeOffset(off, spec.order)
			}
			return q.rowsOffset(off, f.Mode)
		}
		if f.Start.Offset != nil {
			x, err := offset(f.Start.Offset)
			if err != nil {
				return nil, err
			}
			spec.frame.StartOffset = x
		}
		spec.frame.End = CurrentRow
		if f.End != nil {
			spec.frame.End = BoundKind(f.End.Kind)
			if f.End.Offset != nil {
				x, err := offset(f.End.Offset)
				if err != nil {
					return nil, err
				}
				spec.frame.EndOffset = x
			}
		}
		spec.frame.Exclude = uint8(f.Exclude)
	}
	return spec, nil
}
