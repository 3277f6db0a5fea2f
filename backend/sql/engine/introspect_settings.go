package engine

import (
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/types"
)

// pg_show_all_settings, the function behind the pg_settings view: one
// row per setting the session may see, from the session's settings.

var settingsColumns = []funcs.Column{
	{Name: "name", Type: types.TextOid}, {Name: "setting", Type: types.TextOid}, {Name: "unit", Type: types.TextOid},
	{Name: "category", Type: types.TextOid}, {Name: "short_desc", Type: types.TextOid}, {Name: "extra_desc", Type: types.TextOid},
	{Name: "context", Type: types.TextOid}, {Name: "vartype", Type: types.TextOid}, {Name: "source", Type: types.TextOid},
	{Name: "min_val", Type: types.TextOid}, {Name: "max_val", Type: types.TextOid}, {Name: "enumvals", Type: types.TextArrayOid},
	{Name: "boot_val", Type: types.TextOid}, {Name: "reset_val", Type: types.TextOid}, {Name: "sourcefile", Type: types.TextOid},
	{Name: "sourceline", Type: types.Int4Oid}, {Name: "pending_restart", Type: types.BoolOid},
}

// settingRows are the rows of pg_show_all_settings.
type settingRows struct {
	rows [][]types.Datum
}

func (r *settingRows) Next(*funcs.Ctx) ([]types.Datum, bool, error) {
	if len(r.rows) == 0 {
		return nil, false, nil
	}
	row := r.rows[0]
	r.rows = r.rows[1:]
	return row, true, nil
}

func init() {
	nullable := func(s string) types.Datum {
		if s == "" {
			return types.Null
		}
		return types.String(s)
	}
	funcs.Register(&funcs.Func{Oid: 2084, Name: "pg_show_all_settings", Result: types.RecordOid, RetSet: true,
		Out: settingsColumns, Volatility: funcs.Stable, Strict: true,
		SRF: func(c *funcs.Ctx, _ []types.Datum) (funcs.Rows, error) {
			s := sessionOf(c)
			if s == nil {
				return &settingRows{}, nil
			}
			var out [][]types.Datum
			for _, r := range s.set.Rows() {
				enums := types.Null
				if r.EnumVals != nil {
					el := make([]types.Datum, len(r.EnumVals))
					for i, v := range r.EnumVals {
						el[i] = types.String(v)
					}
					enums = types.ArrayDatum(types.NewArray(types.TextOid, el))
				}
				line := types.Null
				if r.SourceFile != "" {
					line = types.Int(int64(r.SourceLine))
				}
				// Empty unit, bounds and file are NULL; the other texts are
				// shown as they are, empty ones too.
				out = append(out, []types.Datum{types.String(r.Name), types.String(r.Setting), nullable(r.Unit),
					types.String(r.Category), types.String(r.ShortDesc), types.Null, types.String(r.Context),
					types.String(r.VarType), types.String(r.Source), nullable(r.MinVal), nullable(r.MaxVal), enums,
					types.String(r.BootVal), types.String(r.ResetVal), nullable(r.SourceFile), line,
					types.Bool(r.PendingRestart)})
			}
			return &settingRows{rows: out}, nil
		}})
}
