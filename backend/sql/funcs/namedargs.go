package funcs

// Param is one parameter of a built-in function that a call may name
// (name => value): its name, SQL type and default (a literal of that
// type; "" when the parameter has none). Overloaded marks a last
// parameter without default that another overload omits.
type Param struct {
	Name, Type, Default string
	Overloaded          bool
}

// namedParams are pg_proc's proargnames and defaults of the built-in
// functions whose parameters calls name in practice.
var namedParams = map[string][]Param{
	"make_interval": {{Name: "years", Type: "int4", Default: "0"}, {Name: "months", Type: "int4", Default: "0"}, {Name: "weeks", Type: "int4", Default: "0"}, {Name: "days", Type: "int4", Default: "0"},
		{Name: "hours", Type: "int4", Default: "0"}, {Name: "mins", Type: "int4", Default: "0"}, {Name: "secs", Type: "float8", Default: "0.0"}},
	"make_date":        {{Name: "year", Type: "int4", Default: ""}, {Name: "month", Type: "int4", Default: ""}, {Name: "day", Type: "int4", Default: ""}},
	"make_time":        {{Name: "hour", Type: "int4", Default: ""}, {Name: "min", Type: "int4", Default: ""}, {Name: "sec", Type: "float8", Default: ""}},
	"make_timestamp":   {{Name: "year", Type: "int4", Default: ""}, {Name: "month", Type: "int4", Default: ""}, {Name: "mday", Type: "int4", Default: ""}, {Name: "hour", Type: "int4", Default: ""}, {Name: "min", Type: "int4", Default: ""}, {Name: "sec", Type: "float8", Default: ""}},
	"make_timestamptz": {{Name: "year", Type: "int4", Default: ""}, {Name: "month", Type: "int4", Default: ""}, {Name: "mday", Type: "int4", Default: ""}, {Name: "hour", Type: "int4", Default: ""}, {Name: "min", Type: "int4", Default: ""}, {Name: "sec", Type: "float8", Default: ""}, {Name: "timezone", Type: "text", Overloaded: true}},
	"jsonb_set":        {{Name: "jsonb_in", Type: "jsonb", Default: ""}, {Name: "path", Type: "_text", Default: ""}, {Name: "replacement", Type: "jsonb", Default: ""}, {Name: "create_if_missing", Type: "bool", Default: "true"}},
	"jsonb_insert":     {{Name: "jsonb_in", Type: "jsonb", Default: ""}, {Name: "path", Type: "_text", Default: ""}, {Name: "replacement", Type: "jsonb", Default: ""}, {Name: "insert_after", Type: "bool", Default: "false"}},
	"jsonb_set_lax": {{Name: "jsonb_in", Type: "jsonb", Default: ""}, {Name: "path", Type: "_text", Default: ""}, {Name: "replacement", Type: "jsonb", Default: ""}, {Name: "create_if_missing", Type: "bool", Default: "true"},
		{Name: "null_value_treatment", Type: "text", Default: "use_json_null"}},
	"parse_ident": {{Name: "str", Type: "text", Default: ""}, {Name: "strict", Type: "bool", Default: "true"}},
}

// NamedParams returns the parameters of function name that calls may
// name, or nil.
func NamedParams(name string) []Param { return namedParams[name] }
