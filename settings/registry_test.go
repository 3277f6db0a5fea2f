package settings

import (
	"math"
	"strings"
	"testing"
)

// The settings users and tools rely on are all there, with PostgreSQL 15's
// type, unit and context.
func TestRequiredSettings(t *testing.T) {
	want := map[string]string{ // name: "type unit context"
		"listen_addresses": "string  postmaster", "port": "integer  postmaster",
		"unix_socket_directories": "string  postmaster", "max_connections": "integer  postmaster",
		"superuser_reserved_connections": "integer  postmaster", "shared_buffers": "integer 8kB postmaster",
		"huge_pages": "enum  postmaster", "huge_page_size": "integer kB postmaster",
		"shared_memory_size": "integer MB internal", "shared_memory_size_in_huge_pages": "integer  internal",
		"work_mem": "integer kB user", "maintenance_work_mem": "integer kB user", "temp_buffers": "integer 8kB user",
		"synchronous_commit": "enum  user", "fsync": "bool  sighup", "full_page_writes": "bool  sighup",
		"wal_buffers": "integer 8kB postmaster", "wal_sync_method": "enum  sighup", "wal_level": "enum  postmaster",
		"commit_delay": "integer  superuser", "commit_siblings": "integer  user", "max_wal_size": "integer MB sighup",
		"min_wal_size": "integer MB sighup", "checkpoint_timeout": "integer s sighup",
		"checkpoint_completion_target": "real  sighup", "authentication_timeout": "integer s sighup",
		"statement_timeout": "integer ms user", "lock_timeout": "integer ms user",
		"idle_in_transaction_session_timeout": "integer ms user", "idle_session_timeout": "integer ms user",
		"deadlock_timeout": "integer ms superuser", "default_transaction_isolation": "enum  user",
		"default_transaction_read_only": "bool  user", "transaction_isolation": "enum  user",
		"transaction_read_only": "bool  user", "search_path": "string  user", "client_encoding": "string  user",
		"server_encoding": "string  internal", "server_version": "string  internal",
		"server_version_num": "integer  internal", "application_name": "string  user", "DateStyle": "string  user",
		"IntervalStyle": "enum  user", "TimeZone": "string  user", "extra_float_digits": "integer  user",
		"standard_conforming_strings": "bool  user", "integer_datetimes": "bool  internal",
		"is_superuser": "bool  internal", "session_authorization": "string  user",
		"client_min_messages": "enum  user", "log_min_messages": "enum  superuser",
		"log_connections": "bool  superuser-backend", "log_disconnections": "bool  superuser-backend",
		"log_statement": "enum  superuser", "ssl": "bool  sighup", "password_encryption": "enum  user",
		"autovacuum": "bool  sighup", "autovacuum_naptime": "integer s sighup",
		"max_locks_per_transaction": "integer  postmaster", "in_hot_standby": "bool  internal",
		"data_directory": "string  postmaster", "config_file": "string  postmaster", "block_size": "integer  internal",
		"max_identifier_length": "integer  internal", "lc_messages": "string  superuser", "lc_monetary": "string  user",
		"lc_numeric": "string  user", "lc_time": "string  user", "bytea_output": "enum  user", "row_security": "bool  user",
		"cluster_name": "string  postmaster", "effective_cache_size": "integer 8kB user",
		"io_method": "enum  postmaster", "backend_pool_min_idle": "integer  sighup", "backend_max_sessions": "integer  sighup",
		"backend_memory_limit": "integer kB sighup", "backend_cpu_affinity": "enum  sighup", "backend_gogc": "integer  sighup",
		"wal_io_method": "enum  postmaster",
	}
	for name, w := range want {
		d := Lookup(name)
		if d == nil {
			t.Errorf("%s missing", name)
			continue
		}
		if d.Name != name {
			t.Errorf("%s spelled %s", name, d.Name)
		}
		if got := d.Type.String() + " " + d.Unit.String() + " " + d.Context.String(); got != w {
			t.Errorf("%s: %q, want %q", name, got, w)
		}
	}
	if Lookup("WORK_MEM") != Lookup("work_mem") || Lookup("datestyle") == nil {
		t.Error("lookup is case-sensitive")
	}
	if Lookup("nope") != nil {
		t.Error("found a setting that does not exist")
	}
}

func TestRegistryWellFormed(t *testing.T) {
	for _, d := range Defs() {
		if d.Name == "" || d.Category == "" || d.Short == "" || d.Type == 0 {
			t.Errorf("%q: incomplete definition", d.Name)
		}
		if DefOf(d.ID) != d {
			t.Errorf("%s: ID does not index it", d.Name)
		}
		switch d.Type {
		case TypeInt:
			if d.Min > d.Max || d.boot.n < d.Min || d.boot.n > d.Max {
				t.Errorf("%s: default %d outside %d..%d", d.Name, d.boot.n, d.Min, d.Max)
			}
			if d.Min < math.MinInt32 || d.Max > math.MaxInt32 {
				t.Errorf("%s: range beyond 32 bits", d.Name)
			}
		case TypeReal:
			if d.MinReal > d.MaxReal || d.boot.f() < d.MinReal || d.boot.f() > d.MaxReal {
				t.Errorf("%s: default outside range", d.Name)
			}
		case TypeEnum:
			visible := 0
			for _, e := range d.Enum {
				if !e.Hidden {
					visible++
				}
				if enumName(d, e.Value) == "" && e.Name != "" {
					t.Errorf("%s: value %d has no display name", d.Name, e.Value)
				}
			}
			if visible == 0 {
				t.Errorf("%s: no visible values", d.Name)
			}
		}
		if d.Unit != UnitNone && d.Type != TypeInt && d.Type != TypeReal {
			t.Errorf("%s: unit on a %s", d.Name, d.Type)
		}
		// A default must survive a SHOW and a re-parse unchanged.
		shown := formatValue(d, d.boot) // file modes show as octal, which parses back
		v, err := parseValue(nil, d, d.Name, shown)
		if err != nil || !v.equal(d.boot) {
			t.Errorf("%s: default %q does not re-parse: %v", d.Name, shown, err)
		}
	}
	reported := 0
	for _, d := range Defs() {
		if d.Has(FlagReport) {
			reported++
		}
	}
	if reported != 13 {
		t.Errorf("%d settings reported to clients, want PostgreSQL 15's 13", reported)
	}
}

func TestShowAllSorted(t *testing.T) {
	rows := New().ShowAll()
	for i := 1; i < len(rows); i++ {
		if !nameLess(rows[i-1].Name, rows[i].Name) {
			t.Errorf("%s before %s", rows[i-1].Name, rows[i].Name)
		}
	}
	for _, r := range rows {
		if r.Name == "is_superuser" || r.Name == "session_authorization" || r.Name == "role" {
			t.Errorf("%s is hidden from SHOW ALL", r.Name)
		}
		if r.Name == "shared_buffers" && (r.Setting != "128MB" || r.Description != "Sets the number of shared memory buffers used by the server.") {
			t.Errorf("row %+v", r)
		}
		if r.Name == "data_directory" && !r.SuperuserOnly {
			t.Error("data_directory not superuser-only")
		}
	}
	if len(rows) < 150 {
		t.Errorf("only %d rows", len(rows))
	}
}

func TestRows(t *testing.T) {
	s := New()
	s.ApplyConf([]ConfItem{{Name: "work_mem", Value: "8MB", File: "/d/postgresql.conf", Line: 7}}, "/d/postgresql.conf", false)
	want := map[string]Row{
		"work_mem": {Name: "work_mem", Setting: "8192", Unit: "kB", Category: "Resource Usage / Memory",
			ShortDesc: "Sets the maximum memory to be used for query workspaces.", Context: "user", VarType: "integer",
			Source: "configuration file", MinVal: "64", MaxVal: "2147483647", BootVal: "4096", ResetVal: "8192",
			SourceFile: "/d/postgresql.conf", SourceLine: 7},
		"seq_page_cost": {Name: "seq_page_cost", Setting: "1", Category: "Query Tuning / Planner Cost Constants",
			ShortDesc: "Sets the planner's estimate of the cost of a sequentially fetched disk page.", Context: "user",
			VarType: "real", Source: "default", MinVal: "0", MaxVal: "1.79769e+308", BootVal: "1", ResetVal: "1"},
	}
	for _, r := range s.Rows() {
		if w, ok := want[r.Name]; ok {
			if r.Name != w.Name || r.Setting != w.Setting || r.Unit != w.Unit || r.Category != w.Category ||
				r.ShortDesc != w.ShortDesc || r.Context != w.Context || r.VarType != w.VarType || r.Source != w.Source ||
				r.MinVal != w.MinVal || r.MaxVal != w.MaxVal || r.BootVal != w.BootVal || r.ResetVal != w.ResetVal ||
				r.SourceFile != w.SourceFile || r.SourceLine != w.SourceLine {
				t.Errorf("row\n got %+v\nwant %+v", r, w)
			}
			delete(want, r.Name)
		}
		if r.Name == "huge_pages" && strings.Join(r.EnumVals, ",") != "off,on,try" {
			t.Errorf("huge_pages enumvals %v", r.EnumVals)
		}
	}
	if len(want) != 0 {
		t.Errorf("rows missing: %v", want)
	}
}

func TestUsageListsEverySetting(t *testing.T) {
	u := Usage()
	for _, d := range Defs() {
		flag := "--" + strings.ReplaceAll(d.Name, "_", "-") + "="
		listed := strings.Contains(u, flag)
		if want := d.Context != ContextInternal && !d.Has(FlagNoShowAll); listed != want {
			t.Errorf("%s listed=%v", d.Name, listed)
		}
	}
	for _, f := range []string{"-B NBUFFERS", "-c NAME=VALUE", "-D DATADIR", "-h HOSTNAME", "-k DIRECTORY", "-N MAX-CONNECT", "-p PORT",
		"--shared-buffers=128MB", "--synchronous-commit=local|remote_write|remote_apply|on|off", "--io-method=io_uring|sync"} {
		if !strings.Contains(u, f) {
			t.Errorf("usage lacks %q", f)
		}
	}
}
