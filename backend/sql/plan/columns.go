package plan

func (n *SeqScan) Columns() []Column        { return withTID(n.Table, n.Cols, n.EmitTID, n.Sys) }
func (n *IndexScan) Columns() []Column      { return withTID(n.Table, n.Cols, n.EmitTID, n.Sys) }
func (n *Values) Columns() []Column         { return n.Cols }
func (n *Filter) Columns() []Column         { return n.Input.Columns() }
func (n *Project) Columns() []Column        { return n.Cols }
func (n *NestLoop) Columns() []Column       { return n.Cols }
func (n *HashJoin) Columns() []Column       { return n.Cols }
func (n *Sort) Columns() []Column           { return n.Input.Columns() }
func (n *Limit) Columns() []Column          { return n.Input.Columns() }
func (n *Agg) Columns() []Column            { return n.Cols }
func (n *Distinct) Columns() []Column       { return n.Input.Columns() }
func (n *SetOp) Columns() []Column          { return n.Cols }
func (n *FunctionScan) Columns() []Column   { return n.Cols }
func (n *Window) Columns() []Column         { return n.Cols }
func (n *ProjectSet) Columns() []Column     { return n.Cols }
func (n *Materialize) Columns() []Column    { return n.Input.Columns() }
func (n *RecursiveUnion) Columns() []Column { return n.Cols }
func (n *WorkTableScan) Columns() []Column  { return n.Cols }
func (n *Insert) Columns() []Column         { return n.Cols }
func (n *Update) Columns() []Column         { return n.Cols }
func (n *Delete) Columns() []Column         { return n.Cols }

// withTID returns a scan's output columns: the table's, then the TID
// when asked for, then the system columns. The scope already counts them
// for a table's entry, whose columns the scan takes, so only add them
// when missing.
func withTID(t *Table, cols []Column, tid bool, sys []SysAttr) []Column {
	n := len(t.Cols) + len(sys)
	if tid {
		n++
	}
	if len(cols) >= n {
		return cols
	}
	out := make([]Column, len(t.Cols), n)
	copy(out, cols)
	if tid {
		out = append(out, Column{Name: "ctid", T: tidT})
	}
	for _, a := range sys {
		out = append(out, Column{Name: a.Name(), T: a.Type()})
	}
	return out
}
