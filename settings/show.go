package settings

import (
	"fmt"
	"sort"
	"strconv"

	"ringpg/pgerr"
)

// Show returns name's current value as SHOW prints it: memory and time with
// the largest unit that shows the value exactly ("128MB", "1min"), zero and
// negative numbers bare, booleans "on"/"off", enums by name.
func (s *Set) Show(name string) (string, error) {
	d, sl, err := s.lookup(name, false)
	if err != nil {
		return "", err
	}
	return s.showSlot(d, sl), nil
}

// ShowChecked is SHOW for a session: settings marked FlagSuperuserOnly
// (file locations and the like) are refused unless the user may read all
// settings (a superuser or a member of pg_read_all_settings).
func (s *Set) ShowChecked(name string, mayReadAll bool) (string, error) {
	d, sl, err := s.lookup(name, false)
	if err != nil {
		return "", err
	}
	if d.Has(FlagSuperuserOnly) && !mayReadAll {
		return "", pgerr.New(pgerr.InsufficientPrivilege,
			"must be superuser or have privileges of pg_read_all_settings to examine \"%s\"", name)
	}
	return s.showSlot(d, sl), nil
}

func (s *Set) showSlot(d *Def, sl *slot) string {
	return formatValue(d, sl.cur)
}

// formatValue renders v for SHOW.
func formatValue(d *Def, v value) string {
	switch d.Type {
	case TypeBool:
		if v.n != 0 {
			return "on"
		}
		return "off"
	case TypeInt:
		if d.Has(flagOctal) {
			return fmt.Sprintf("%04o", v.n)
		}
		if d.Unit != UnitNone && v.n > 0 {
			n, u := intFromBaseUnit(v.n, d.Unit)
			return strconv.FormatInt(n, 10) + u
		}
		return strconv.FormatInt(v.n, 10)
	case TypeReal:
		if d.Unit != UnitNone && v.f() > 0 {
			f, u := realFromBaseUnit(v.f(), d.Unit)
			return formatG(f) + u
		}
		return formatG(v.f())
	case TypeEnum:
		return enumName(d, int(v.n))
	}
	return v.s
}

// formatRaw renders v as pg_settings.setting does: numbers in the base unit,
// without a unit.
func formatRaw(d *Def, v value) string {
	switch d.Type {
	case TypeInt:
		return strconv.FormatInt(v.n, 10)
	case TypeReal:
		return formatG(v.f())
	}
	return formatValue(d, v)
}

// enumName is the display name of an enum value: its first visible
// spelling.
func enumName(d *Def, n int) string {
	for _, e := range d.Enum {
		if e.Value == n && !e.Hidden {
			return e.Name
		}
	}
	for _, e := range d.Enum {
		if e.Value == n {
			return e.Name
		}
	}
	return strconv.Itoa(n)
}

// ShowAllRow is one line of SHOW ALL.
type ShowAllRow struct {
	Name        string
	Setting     string
	Description string
	// SuperuserOnly rows are omitted for users who may not read every
	// setting (pg_read_all_settings); the caller filters.
	SuperuserOnly bool
}

// ShowAll returns SHOW ALL's rows: every setting not marked FlagNoShowAll,
// sorted by name without regard to case.
func (s *Set) ShowAll() []ShowAllRow {
	out := make([]ShowAllRow, 0, len(sortedIDs))
	for _, id := range sortedIDs {
		d := &builtin[id]
		if d.Has(FlagNoShowAll) {
			continue
		}
		out = append(out, ShowAllRow{
			Name:          d.Name,
			Setting:       s.showSlot(d, &s.slots[id]),
			Description:   d.Short,
			SuperuserOnly: d.Has(FlagSuperuserOnly),
		})
	}
	return out
}

// Row is one row of pg_settings.
type Row struct {
	Name           string
	Setting        string // in the base unit, without a unit
	Unit           string // "", "B", "kB", "8kB", "MB", "ms", "s", "min"
	Category       string
	ShortDesc      string
	Context        string
	VarType        string
	Source         string
	MinVal         string // empty (NULL) for bool, string and enum
	MaxVal         string
	EnumVals       []string // nil (NULL) for non-enums
	BootVal        string
	ResetVal       string
	SourceFile     string // empty (NULL) unless set from a file
	SourceLine     int
	PendingRestart bool
}

// Rows returns pg_settings' rows: the settings SHOW ALL lists, in its order.
func (s *Set) Rows() []Row {
	var out []Row
	for _, id := range sortedIDs {
		d := &builtin[id]
		if d.Has(FlagNoShowAll) {
			continue
		}
		out = append(out, s.row(d, &s.slots[id]))
	}
	return out
}

func (s *Set) row(d *Def, sl *slot) Row {
	o := s.origins[lowerASCII(d.Name)]
	if sl.src != SourceFile {
		o = origin{} // PostgreSQL shows the file only for a value from it
	}
	r := Row{
		SourceFile:     o.file,
		SourceLine:     o.line,
		Name:           d.Name,
		Setting:        formatRaw(d, sl.cur),
		Unit:           d.Unit.String(),
		Category:       d.Category,
		ShortDesc:      d.Short,
		Context:        d.Context.String(),
		VarType:        d.Type.String(),
		Source:         sl.src.String(),
		BootVal:        formatRaw(d, d.boot),
		ResetVal:       formatRaw(d, sl.reset),
		PendingRestart: sl.pendingRestart,
	}
	switch d.Type {
	case TypeInt:
		r.MinVal, r.MaxVal = strconv.FormatInt(d.Min, 10), strconv.FormatInt(d.Max, 10)
	case TypeReal:
		r.MinVal, r.MaxVal = formatG(d.MinReal), formatG(d.MaxReal)
	case TypeEnum:
		for _, e := range d.Enum {
			if !e.Hidden {
				r.EnumVals = append(r.EnumVals, e.Name)
			}
		}
	}
	return r
}

// customNames lists the placeholders of s in name order.
func (s *Set) customNames() []string {
	names := make([]string, 0, len(s.custom))
	for k := range s.custom {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
