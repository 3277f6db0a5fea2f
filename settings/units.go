package settings

// unitEntry is one spelling a value may carry ("MB", "min") and how many of
// a base unit it is worth. Multipliers below one (bytes for a kB setting,
// microseconds for a ms setting) are fractions computed the way PostgreSQL
// computes them, so that rounding matches bit for bit.
type unitEntry struct {
	name string
	mult float64
}

// The tables list units from the largest to the smallest; parsing rounds a
// fractional input to a multiple of the next smaller unit, and display picks
// the largest unit that shows the value exactly.
var (
	memoryUnitsByte = []unitEntry{
		{"TB", 1024.0 * 1024.0 * 1024.0 * 1024.0},
		{"GB", 1024.0 * 1024.0 * 1024.0},
		{"MB", 1024.0 * 1024.0},
		{"kB", 1024.0},
		{"B", 1.0},
	}
	memoryUnitsKB = []unitEntry{
		{"TB", 1024.0 * 1024.0 * 1024.0},
		{"GB", 1024.0 * 1024.0},
		{"MB", 1024.0},
		{"kB", 1.0},
		{"B", 1.0 / 1024.0},
	}
	memoryUnitsMB = []unitEntry{
		{"TB", 1024.0 * 1024.0},
		{"GB", 1024.0},
		{"MB", 1.0},
		{"kB", 1.0 / 1024.0},
		{"B", 1.0 / (1024.0 * 1024.0)},
	}
	// 8kB blocks: data blocks and WAL blocks are both 8192 bytes in ringpg.
	memoryUnitsBlocks = []unitEntry{
		{"TB", (1024.0 * 1024.0 * 1024.0) / 8.0},
		{"GB", (1024.0 * 1024.0) / 8.0},
		{"MB", 1024.0 / 8.0},
		{"kB", 1.0 / 8.0},
		{"B", 1.0 / (8.0 * 1024.0)},
	}
	timeUnitsMs = []unitEntry{
		{"d", 1000 * 60 * 60 * 24},
		{"h", 1000 * 60 * 60},
		{"min", 1000 * 60},
		{"s", 1000},
		{"ms", 1},
		{"us", 1.0 / 1000.0},
	}
	timeUnitsS = []unitEntry{
		{"d", 60 * 60 * 24},
		{"h", 60 * 60},
		{"min", 60},
		{"s", 1},
		{"ms", 1.0 / 1000.0},
		{"us", 1.0 / (1000.0 * 1000.0)},
	}
	timeUnitsMin = []unitEntry{
		{"d", 60 * 24},
		{"h", 60},
		{"min", 1},
		{"s", 1.0 / 60.0},
		{"ms", 1.0 / (1000.0 * 60.0)},
		{"us", 1.0 / (1000.0 * 1000.0 * 60.0)},
	}
)

func unitTable(u Unit) []unitEntry {
	switch u {
	case UnitByte:
		return memoryUnitsByte
	case UnitKB:
		return memoryUnitsKB
	case UnitMB:
		return memoryUnitsMB
	case UnitBlocks, UnitXBlocks:
		return memoryUnitsBlocks
	case UnitMs:
		return timeUnitsMs
	case UnitS:
		return timeUnitsS
	case UnitMin:
		return timeUnitsMin
	}
	return nil
}

// The hints PostgreSQL gives when a unit is not understood.
const (
	memoryUnitsHint = `Valid units for this parameter are "B", "kB", "MB", "GB", and "TB".`
	timeUnitsHint   = `Valid units for this parameter are "us", "ms", "s", "min", "h", and "d".`
)

func unitsHint(u Unit) string {
	if u.IsTime() {
		return timeUnitsHint
	}
	return memoryUnitsHint
}

// toBaseUnit converts v expressed in unit name to the base unit u. A
// fractional input ("30.1GB") is rounded to the nearest multiple of the next
// smaller unit. Unit names are case-sensitive, as in PostgreSQL.
func toBaseUnit(v float64, name string, u Unit) (float64, bool) {
	table := unitTable(u)
	for i, e := range table {
		if e.name != name {
			continue
		}
		c := v * e.mult
		if i+1 < len(table) {
			next := table[i+1].mult
			c = rint(c/next) * next
		}
		return c, true
	}
	return 0, false
}

// intFromBaseUnit picks the largest unit that shows n exactly; a unit
// smaller than the base always does (8kB blocks show as kB).
func intFromBaseUnit(n int64, u Unit) (int64, string) {
	for _, e := range unitTable(u) {
		if e.mult <= 1.0 || n%int64(e.mult) == 0 {
			return int64(rint(float64(n) / e.mult)), e.name
		}
	}
	return n, u.String()
}

// realFromBaseUnit picks the largest unit in which v is a whole number, or
// the smallest unit when none is.
func realFromBaseUnit(v float64, u Unit) (float64, string) {
	table := unitTable(u)
	for i, e := range table {
		c := v / e.mult
		if c == rint(c) || i == len(table)-1 {
			return c, e.name
		}
	}
	return v, u.String()
}
