package settings

import (
	"fmt"
	"sort"
	"strings"

	"ringpg/pgerr"
)

// The server's command line follows the postgres binary's: short flags for
// the common settings, -c name=value for any setting, and a long flag per
// setting (--shared-buffers=1GB or --shared_buffers=1GB).

// shortFlag is a getopt-style flag of the postgres binary.
type shortFlag struct {
	letter  byte
	arg     string // argument name for usage; "" for a flag without one
	setting string // the setting it sets; "" for the special cases
	value   string // for flags without an argument: the value they set
	help    string
}

var shortFlags = []shortFlag{
	{'B', "NBUFFERS", "shared_buffers", "", "number of shared buffers"},
	{'c', "NAME=VALUE", "", "", "set run-time parameter"},
	{'C', "NAME", "", "", "print value of run-time parameter, then exit"},
	{'d', "1-5", "", "", "debugging level"},
	{'D', "DATADIR", "", "", "database directory"},
	{'e', "", "DateStyle", "euro", "use European date input format (DMY)"},
	{'F', "", "fsync", "off", "turn fsync off"},
	{'h', "HOSTNAME", "listen_addresses", "", "host name or IP address to listen on"},
	{'i', "", "listen_addresses", "*", "enable TCP/IP connections (deprecated)"},
	{'k', "DIRECTORY", "unix_socket_directories", "", "Unix-domain socket location"},
	{'l', "", "ssl", "on", "enable SSL connections"},
	{'N', "MAX-CONNECT", "max_connections", "", "maximum number of allowed connections"},
	{'p', "PORT", "port", "", "port number to listen on"},
	{'S', "WORK-MEM", "work_mem", "", "set amount of memory for sorts (in kB)"},
}

func findShort(c byte) *shortFlag {
	for i := range shortFlags {
		if shortFlags[i].letter == c {
			return &shortFlags[i]
		}
	}
	return nil
}

// ApplyArgs applies the server's command-line flags to s as command-line
// values (ContextPostmaster, SourceArgv) and returns what is not a setting,
// in order, for the command to handle: positional arguments, everything
// after "--", "-C NAME", and --help, -?, --version, -V, --describe-config.
// -D DIR sets data_directory below the configuration file's priority: as in
// PostgreSQL it names where postgresql.conf is, and a data_directory line
// in that file wins.
//
// Errors are FATAL, as the server reports them at start.
func ApplyArgs(s *Set, args []string) (rest []string, err error) {
	fatal := func(e error) error {
		pe := *pgerr.From(e)
		pe.Severity = pgerr.SeverityFatal
		return &pe
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return append(rest, args[i+1:]...), nil
		case a == "--help" || a == "-?" || a == "--version" || a == "-V" || a == "--describe-config":
			rest = append(rest, a)
		case strings.HasPrefix(a, "--"):
			name, val, ok := strings.Cut(a[2:], "=")
			if !ok {
				return rest, fatal(pgerr.New(pgerr.SyntaxError, "--%s requires a value", name))
			}
			if err := s.Apply(strings.ReplaceAll(name, "-", "_"), val, ContextPostmaster, SourceArgv); err != nil {
				return rest, fatal(err)
			}
		case len(a) > 1 && a[0] == '-':
			// A cluster of flags: "-Fi", "-p5432", "-p 5432".
			for j := 1; j < len(a); j++ {
				f := findShort(a[j])
				if f == nil {
					return rest, fatal(pgerr.New(pgerr.SyntaxError, "invalid option -- '%c'", a[j]).
						WithHint("Try \"ringpg --help\" for more information."))
				}
				if f.arg == "" {
					if err := s.Apply(f.setting, f.value, ContextPostmaster, SourceArgv); err != nil {
						return rest, fatal(err)
					}
					continue
				}
				var optarg string
				switch {
				case j+1 < len(a):
					optarg = a[j+1:]
				case i+1 < len(args):
					i++
					optarg = args[i]
				default:
					return rest, fatal(pgerr.New(pgerr.SyntaxError, "option requires an argument -- '%c'", f.letter).
						WithHint("Try \"ringpg --help\" for more information."))
				}
				if err := applyShort(s, f, optarg, &rest); err != nil {
					return rest, fatal(err)
				}
				break
			}
		default:
			rest = append(rest, a)
		}
	}
	return rest, nil
}

func applyShort(s *Set, f *shortFlag, optarg string, rest *[]string) error {
	switch f.letter {
	case 'c':
		name, val, ok := strings.Cut(optarg, "=")
		if !ok {
			return pgerr.New(pgerr.SyntaxError, "-c %s requires a value", optarg)
		}
		return s.Apply(strings.ReplaceAll(name, "-", "_"), val, ContextPostmaster, SourceArgv)
	case 'C':
		*rest = append(*rest, "-C", optarg)
		return nil
	case 'D':
		return s.Apply("data_directory", optarg, ContextPostmaster, SourceDynamicDefault)
	case 'd':
		n, _, ok := parseInt(optarg, UnitNone)
		if !ok || n < 0 || n > 5 {
			return pgerr.New(pgerr.SyntaxError, "-d requires a debugging level from 0 to 5")
		}
		level := "notice"
		if n > 0 {
			level = fmt.Sprintf("debug%d", n)
		}
		return s.Apply("log_min_messages", level, ContextPostmaster, SourceArgv)
	}
	return s.Apply(f.setting, optarg, ContextPostmaster, SourceArgv)
}

// Usage is the --help text: the short flags, then a long flag for every
// setting that can be set at server start, with its default and
// description.
func Usage() string {
	var b strings.Builder
	b.WriteString("ringpg is a PostgreSQL-compatible database server.\n\n")
	b.WriteString("Usage:\n  ringpg [serve] [OPTION]...\n\nOptions:\n")
	for _, f := range shortFlags {
		left := "-" + string(f.letter)
		if f.arg != "" {
			left += " " + f.arg
		}
		fmt.Fprintf(&b, "  %-20s %s\n", left, f.help)
	}
	fmt.Fprintf(&b, "  %-20s %s\n", "--NAME=VALUE", "set run-time parameter")
	fmt.Fprintf(&b, "  %-20s %s\n", "-V, --version", "output version information, then exit")
	fmt.Fprintf(&b, "  %-20s %s\n", "-?, --help", "show this help, then exit")
	b.WriteString("\nSettings (dashes and underscores in names are interchangeable;\n")
	b.WriteString("memory takes B, kB, MB, GB, TB; time takes us, ms, s, min, h, d):\n")
	defs := Defs()
	sort.SliceStable(defs, func(i, j int) bool { return nameLess(defs[i].Name, defs[j].Name) })
	for _, d := range defs {
		if d.Context == ContextInternal || d.Has(FlagNoShowAll) {
			continue
		}
		flag := "--" + strings.ReplaceAll(d.Name, "_", "-") + "=" + usageValue(d)
		fmt.Fprintf(&b, "  %s\n        %s", flag, d.Short)
		if d.Context == ContextPostmaster {
			b.WriteString(" (restart to change)")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// usageValue shows a setting's default or, for enums, its choices.
func usageValue(d *Def) string {
	switch d.Type {
	case TypeEnum:
		return strings.ReplaceAll(enumList(d), ", ", "|")
	case TypeBool:
		return formatValue(d, d.boot)
	}
	v := formatValue(d, d.boot)
	if v == "" {
		return "''"
	}
	if strings.ContainsAny(v, " ,\"") {
		return "'" + v + "'"
	}
	return v
}
