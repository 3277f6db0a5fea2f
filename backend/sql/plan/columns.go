package plan

func (n *SeqScan) Columns() []Column        { return withTID(n.Cols, n.EmitTID) }
func (n *IndexScan) Columns() []Column      { return withTID(n.Cols, n.EmitTID) }
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

// withTID returns a scan's output columns: the table's, then the TID when
// asked for. The scope already counts the TID for a DML target, whose
// entry lists it as a last column, so only add it when missing.
func withTID(cols []Column, tid bool) []Column {
	if !tid || (len(cols) > 0 && cols[len(cols)-1].Name == "ctid") {
		return cols
	}
	out := make([]Column, len(cols)+1)
	copy(out, cols)
	out[len(cols)] = Column{Name: "ctid", T: tidT}
	return out
}
