package settings

// Type is a setting's value type, as pg_settings.vartype names it.
type Type uint8

const (
	TypeBool Type = iota + 1
	TypeInt
	TypeReal
	TypeString
	TypeEnum
)

func (t Type) String() string {
	switch t {
	case TypeBool:
		return "bool"
	case TypeInt:
		return "integer"
	case TypeReal:
		return "real"
	case TypeString:
		return "string"
	case TypeEnum:
		return "enum"
	}
	return "unknown"
}

// Context says when a setting may change. The order matters: it is
// PostgreSQL's, from the most restricted to the least, and the same type
// names the privilege of whoever asks for a change (see Set.Apply).
type Context uint8

const (
	ContextInternal         Context = iota // computed by the server, never set
	ContextPostmaster                      // at server start only
	ContextSighup                          // at start or on reload
	ContextSuperuserBackend                // at connection start, by a superuser
	ContextBackend                         // at connection start
	ContextSuperuser                       // any time, by a superuser
	ContextUser                            // any time, by anyone
)

func (c Context) String() string {
	switch c {
	case ContextInternal:
		return "internal"
	case ContextPostmaster:
		return "postmaster"
	case ContextSighup:
		return "sighup"
	case ContextSuperuserBackend:
		return "superuser-backend"
	case ContextBackend:
		return "backend"
	case ContextSuperuser:
		return "superuser"
	case ContextUser:
		return "user"
	}
	return "unknown"
}

// Source says where a value came from. A value from a lower source never
// replaces one from a higher source; the order is PostgreSQL's GucSource.
// Sources up to SourceOverride also set the value that RESET returns to.
type Source uint8

const (
	SourceDefault        Source = iota // the built-in default
	SourceDynamicDefault               // a default computed at start (shared_memory_size, ...)
	SourceEnvVar                       // an environment variable
	SourceFile                         // postgresql.conf
	SourceArgv                         // the server's command line
	SourceGlobal                       // ALTER SYSTEM-wide defaults (reserved)
	SourceDatabase                     // per-database defaults (reserved)
	SourceUser                         // per-role defaults (reserved)
	SourceDatabaseUser                 // per-role-and-database defaults (reserved)
	SourceClient                       // the client's startup packet
	SourceOverride                     // forced by the server
	SourceInteractive                  // dividing line; never stored
	SourceTest                         // validation only; never stored
	SourceSession                      // SET
)

func (s Source) String() string {
	switch s {
	case SourceDefault, SourceDynamicDefault:
		return "default"
	case SourceEnvVar:
		return "environment variable"
	case SourceFile:
		return "configuration file"
	case SourceArgv:
		return "command line"
	case SourceGlobal:
		return "global"
	case SourceDatabase:
		return "database"
	case SourceUser:
		return "user"
	case SourceDatabaseUser:
		return "database user"
	case SourceClient:
		return "client"
	case SourceOverride:
		return "override"
	case SourceInteractive:
		return "interactive"
	case SourceTest:
		return "test"
	case SourceSession:
		return "session"
	}
	return "unknown"
}

// Unit is an integer or real setting's base unit: the value is stored as a
// count of it, and input with another unit of the same kind is converted.
type Unit uint8

const (
	UnitNone    Unit = iota
	UnitByte         // memory, bytes
	UnitKB           // memory, kilobytes
	UnitBlocks       // memory, 8kB data blocks
	UnitXBlocks      // memory, 8kB WAL blocks
	UnitMB           // memory, megabytes
	UnitMs           // time, milliseconds
	UnitS            // time, seconds
	UnitMin          // time, minutes
)

// String returns the unit as pg_settings.unit shows it.
func (u Unit) String() string {
	switch u {
	case UnitByte:
		return "B"
	case UnitKB:
		return "kB"
	case UnitBlocks, UnitXBlocks:
		return "8kB"
	case UnitMB:
		return "MB"
	case UnitMs:
		return "ms"
	case UnitS:
		return "s"
	case UnitMin:
		return "min"
	}
	return ""
}

// IsMemory reports whether u is a memory unit.
func (u Unit) IsMemory() bool { return u >= UnitByte && u <= UnitMB }

// IsTime reports whether u is a time unit.
func (u Unit) IsTime() bool { return u >= UnitMs && u <= UnitMin }

// Flag marks a setting's special behaviour.
type Flag uint16

const (
	// FlagReport: the server sends the value to the client in a
	// ParameterStatus message at connection start and whenever it changes.
	FlagReport            Flag = 1 << iota
	FlagNoShowAll              // hidden from SHOW ALL and pg_settings
	FlagNoResetAll             // not touched by RESET ALL
	FlagNotInSample            // not in postgresql.conf.sample
	FlagListInput              // SET takes a comma-separated list
	FlagListQuote              // list items are identifiers, double-quoted when needed
	FlagRuntimeComputed        // computed at start from other settings
	FlagExplain                // shown by EXPLAIN (SETTINGS)
	FlagSuperuserOnly          // only superusers may SHOW it
	FlagCustomPlaceholder      // a "prefix.name" variable nobody defined

	flagOctal // SHOW prints the value as four octal digits (file modes)
)

// EnumValue is one accepted spelling of an enum setting. Hidden spellings
// are accepted as input but not listed in hints or pg_settings.enumvals;
// several spellings may share a Value, and the first visible one is the
// value's display name.
type EnumValue struct {
	Name   string
	Value  int
	Hidden bool
}

// ID indexes the built-in definitions. Server code uses IDs with the typed
// getters (Set.IntOf, Set.BoolOf, ...) so that reading a hot setting is an
// array access, not a map lookup.
type ID int

// checkFunc validates and canonicalises a string setting's candidate value.
// It may look at the set (DateStyle keeps the half of its value that the
// input does not mention). It returns the value to store or a failure.
type checkFunc func(s *Set, v string) (string, *checkFailure)

// checkFailure is a check hook's complaint; the caller wraps it in
// PostgreSQL's "invalid value for parameter" error.
type checkFailure struct {
	code   string // SQLSTATE; 22023 when empty
	detail string
	hint   string
}

// Def describes one setting. The built-in Defs are read-only after package
// initialisation.
type Def struct {
	ID       ID // index in the built-in table; -1 for custom placeholders
	Name     string
	Type     Type
	Context  Context
	Unit     Unit
	Flags    Flag
	Min, Max int64   // TypeInt range, inclusive, in the base unit
	MinReal  float64 // TypeReal range, inclusive
	MaxReal  float64
	Enum     []EnumValue // TypeEnum spellings
	Boot     string      // the built-in default as input text
	Category string
	Short    string
	// Why says why ringpg's default differs from PostgreSQL's, or what a
	// ringpg-only setting is for; empty for a plain PostgreSQL setting.
	Why string

	check checkFunc
	boot  value // Boot parsed at init
}

// Has reports whether the definition carries flag f.
func (d *Def) Has(f Flag) bool { return d.Flags&f != 0 }
