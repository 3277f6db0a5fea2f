package settings

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"ringpg/pgerr"
)

func mustShow(t *testing.T, s *Set, name string) string {
	t.Helper()
	v, err := s.Show(name)
	if err != nil {
		t.Fatalf("SHOW %s: %v", name, err)
	}
	return v
}

func mustApply(t *testing.T, s *Set, name, v string, ctx Context, src Source) {
	t.Helper()
	if err := s.Apply(name, v, ctx, src); err != nil {
		t.Fatalf("apply %s=%s: %v", name, v, err)
	}
}

// Sources rank default < file < command line < client < session; a lower
// source never replaces a higher one, and RESET returns to the value the
// session started with.
func TestSourcePriority(t *testing.T) {
	s := New()
	mustApply(t, s, "work_mem", "8MB", ContextPostmaster, SourceArgv)
	mustApply(t, s, "work_mem", "16MB", ContextPostmaster, SourceFile) // lower: ignored
	if got := mustShow(t, s, "work_mem"); got != "8MB" {
		t.Fatalf("file overrode command line: %s", got)
	}
	if src, _ := s.Source("work_mem"); src != SourceArgv {
		t.Fatalf("source %v", src)
	}
	mustApply(t, s, "work_mem", "32MB", ContextUser, SourceClient)
	if err := s.SetSession("work_mem", "64MB", false); err != nil {
		t.Fatal(err)
	}
	// A reload during the session moves nothing the session chose.
	if _, err := s.ApplyConf([]ConfItem{{Name: "work_mem", Value: "128MB", File: "f", Line: 1}}, "f", true); err != nil {
		t.Fatal(err)
	}
	if got := mustShow(t, s, "work_mem"); got != "64MB" {
		t.Fatalf("after SET: %s", got)
	}
	if err := s.Reset("work_mem", false); err != nil {
		t.Fatal(err)
	}
	if got := mustShow(t, s, "work_mem"); got != "32MB" {
		t.Fatalf("RESET went to %s, want the startup packet's 32MB", got)
	}
	if src, _ := s.Source("work_mem"); src != SourceClient {
		t.Fatalf("source after RESET %v", src)
	}
}

func TestResetAllKeepsNoResetAll(t *testing.T) {
	s := New()
	for _, kv := range [][2]string{{"transaction_read_only", "on"}, {"role", "alice"}, {"work_mem", "8MB"}, {"app.x", "1"}} {
		if err := s.SetSession(kv[0], kv[1], true); err != nil {
			t.Fatal(err)
		}
	}
	s.ResetAll()
	for name, want := range map[string]string{"transaction_read_only": "on", "role": "alice", "work_mem": "4MB", "app.x": ""} {
		if got := mustShow(t, s, name); got != want {
			t.Errorf("%s after RESET ALL = %q, want %q", name, got, want)
		}
	}
}

// Who may change what, for the callers that SQL never reaches: the startup
// packet, a reload, the server itself.
func TestContexts(t *testing.T) {
	cases := []struct {
		name, value string
		ctx         Context
		code        string // "" = accepted
	}{
		{"log_connections", "on", ContextSuperuserBackend, ""},
		{"log_connections", "on", ContextBackend, pgerr.InsufficientPrivilege},
		{"log_connections", "on", ContextUser, pgerr.CantChangeRuntimeParam},
		{"log_statement", "all", ContextBackend, pgerr.InsufficientPrivilege},
		{"log_statement", "all", ContextSuperuserBackend, ""},
		{"work_mem", "8MB", ContextBackend, ""},
		{"fsync", "off", ContextBackend, pgerr.CantChangeRuntimeParam},
		{"fsync", "off", ContextSighup, ""},
		{"port", "1", ContextSighup, ""}, // reported by ApplyConf, not here
		{"port", "1", ContextSuperuserBackend, pgerr.CantChangeRuntimeParam},
		{"port", "1", ContextPostmaster, ""},
		{"server_version", "1", ContextPostmaster, pgerr.CantChangeRuntimeParam},
		{"shared_memory_size", "143", ContextInternal, ""},
	}
	for _, c := range cases {
		s := New()
		err := s.Apply(c.name, c.value, c.ctx, SourceClient)
		if got := pgerr.Code(err); got != c.code {
			t.Errorf("%s=%s as %v: code %q (%v), want %q", c.name, c.value, c.ctx, got, err, c.code)
		}
	}
}

func TestBackendSettingsOnReload(t *testing.T) {
	items := []ConfItem{{Name: "log_connections", Value: "on", File: "f", Line: 1}}
	backend := New()
	backend.ApplyConf(items, "f", true)
	if backend.Bool("log_connections") {
		t.Error("a running backend took a new backend-start value")
	}
	pm := New()
	pm.Postmaster = true
	pm.ApplyConf(items, "f", true)
	if !pm.Bool("log_connections") {
		t.Error("the postmaster ignored a new backend-start value")
	}
}

func logText(logs []*pgerr.Error) []string {
	var out []string
	for _, l := range logs {
		out = append(out, l.Message)
	}
	return out
}

// The reload messages are PostgreSQL's, as its log shows them.
func TestReloadMessages(t *testing.T) {
	s := New()
	s.Postmaster = true
	start := []ConfItem{
		{Name: "shared_buffers", Value: "128MB", File: "pg.conf", Line: 1},
		{Name: "log_connections", Value: "on", File: "pg.conf", Line: 2},
		{Name: "work_mem", Value: "8MB", File: "pg.conf", Line: 3},
	}
	if logs, err := s.ApplyConf(start, "pg.conf", false); err != nil || len(logs) != 0 {
		t.Fatalf("start: %v %v", logs, err)
	}

	steps := []struct {
		items []ConfItem
		want  []string
	}{
		{
			[]ConfItem{
				{Name: "shared_buffers", Value: "256MB", File: "pg.conf", Line: 1},
				{Name: "log_connections", Value: "on", File: "pg.conf", Line: 2},
				{Name: "work_mem", Value: "16MB", File: "pg.conf", Line: 3},
				{Name: "fsync", Value: "maybe", File: "pg.conf", Line: 4},
			},
			[]string{
				`parameter "shared_buffers" cannot be changed without restarting the server`,
				`parameter "work_mem" changed to "16MB"`,
				`parameter "fsync" requires a Boolean value`,
				`configuration file "pg.conf" contains errors; unaffected changes were applied`,
			},
		},
		{
			[]ConfItem{
				{Name: "shared_buffers", Value: "128MB", File: "pg.conf", Line: 1},
				{Name: "bogus_param", Value: "1", File: "pg.conf", Line: 818},
				{Name: "work_mem", Value: "32MB", File: "pg.conf", Line: 3},
			},
			[]string{
				`unrecognized configuration parameter "bogus_param" in file "pg.conf" line 818`,
				`configuration file "pg.conf" contains errors; no changes were applied`,
			},
		},
		{
			[]ConfItem{{Name: "shared_buffers", Value: "128MB", File: "pg.conf", Line: 1}},
			[]string{
				`parameter "log_connections" removed from configuration file, reset to default`,
				`parameter "work_mem" removed from configuration file, reset to default`,
			},
		},
	}
	for i, st := range steps {
		logs, err := s.ApplyConf(st.items, "pg.conf", true)
		if err != nil {
			t.Fatalf("step %d: reload returned %v", i, err)
		}
		if got := strings.Join(logText(logs), "\n"); got != strings.Join(st.want, "\n") {
			t.Errorf("step %d:\n got: %s\nwant: %s", i, got, strings.Join(st.want, "\n"))
		}
		for _, l := range logs {
			if l.Severity != pgerr.SeverityLog {
				t.Errorf("step %d: severity %s", i, l.Severity)
			}
		}
		if i == 0 {
			if got := mustShow(t, s, "shared_buffers"); got != "128MB" {
				t.Errorf("shared_buffers changed on reload: %s", got)
			}
			if r := findRow(s, "shared_buffers"); !r.PendingRestart {
				t.Error("shared_buffers not pending restart")
			}
			if got := mustShow(t, s, "work_mem"); got != "16MB" {
				t.Errorf("work_mem = %s", got)
			}
		}
		if i == 1 && mustShow(t, s, "work_mem") != "16MB" {
			t.Error("a file with an unknown name was applied")
		}
	}
	if got := mustShow(t, s, "work_mem"); got != "4MB" {
		t.Errorf("work_mem after removal = %s", got)
	}
	if r := findRow(s, "shared_buffers"); r.PendingRestart {
		t.Error("shared_buffers still pending restart after going back")
	}
}

func findRow(s *Set, name string) Row {
	for _, r := range s.Rows() {
		if r.Name == name {
			return r
		}
	}
	return Row{}
}

func TestTransactions(t *testing.T) {
	type step struct {
		op, value string // op: set, local, commit, abort, begin
		want      string // work_mem afterwards
	}
	cases := map[string][]step{
		"set survives commit":  {{"begin", "", "4MB"}, {"set", "8MB", "8MB"}, {"commit", "", "8MB"}},
		"set undone by abort":  {{"begin", "", "4MB"}, {"set", "8MB", "8MB"}, {"abort", "", "4MB"}},
		"local ends at commit": {{"begin", "", "4MB"}, {"local", "8MB", "8MB"}, {"commit", "", "4MB"}},
		"local hides set": {{"begin", "", "4MB"}, {"set", "8MB", "8MB"}, {"local", "16MB", "16MB"},
			{"commit", "", "8MB"}},
		"set after local wins": {{"begin", "", "4MB"}, {"local", "16MB", "16MB"}, {"set", "8MB", "8MB"},
			{"commit", "", "8MB"}},
		"abort undoes both": {{"set", "2MB", "2MB"}, {"begin", "", "2MB"}, {"set", "8MB", "8MB"},
			{"local", "16MB", "16MB"}, {"abort", "", "2MB"}},
		"local outside a transaction": {{"local", "8MB", "4MB"}},
	}
	for name, steps := range cases {
		s := New()
		for i, st := range steps {
			switch st.op {
			case "begin":
				s.BeginTx()
			case "set":
				if err := s.SetSession("work_mem", st.value, false); err != nil {
					t.Fatal(err)
				}
			case "local":
				if err := s.SetLocal("work_mem", st.value, false); err != nil {
					t.Fatal(err)
				}
			case "commit", "abort":
				s.EndTx(st.op == "commit")
			}
			if got := mustShow(t, s, "work_mem"); got != st.want {
				t.Errorf("%s: step %d (%s %s): work_mem = %s, want %s", name, i, st.op, st.value, got, st.want)
			}
		}
	}
	// A bad value is an error even where SET LOCAL would do nothing.
	if err := New().SetLocal("work_mem", "x", false); pgerr.Code(err) != pgerr.InvalidParameterValue {
		t.Errorf("SET LOCAL outside a transaction: %v", err)
	}
}

func TestReports(t *testing.T) {
	s := New()
	all := s.ReportAll()
	want := []string{"application_name", "client_encoding", "DateStyle", "default_transaction_read_only",
		"in_hot_standby", "integer_datetimes", "IntervalStyle", "is_superuser", "server_encoding",
		"server_version", "session_authorization", "standard_conforming_strings", "TimeZone"}
	var names []string
	for _, p := range all {
		names = append(names, p.Name)
	}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Fatalf("reported settings:\n got %v\nwant %v", names, want)
	}
	if s.TakeReports() != nil {
		t.Fatal("changes queued with nothing changed")
	}
	s.SetSession("DateStyle", "german", false)
	s.SetSession("work_mem", "8MB", false)
	s.SetSession("datestyle", "German", false) // same value: queued once
	s.SetInternal("is_superuser", "on")
	got := s.TakeReports()
	if len(got) != 2 || got[0] != (ParamStatus{"DateStyle", "German, DMY"}) || got[1] != (ParamStatus{"is_superuser", "on"}) {
		t.Fatalf("reports %v", got)
	}
	s.BeginTx()
	s.SetSession("application_name", "x", false)
	s.TakeReports()
	s.EndTx(false) // rolled back: the old value must be reported again
	if got := s.TakeReports(); len(got) != 1 || got[0] != (ParamStatus{"application_name", ""}) {
		t.Fatalf("after rollback: %v", got)
	}
}

func TestGetters(t *testing.T) {
	s := New()
	if s.WorkMemBytes() != 4<<20 || s.Int("work_mem") != 4096 || s.IntOf(WorkMem) != 4096 {
		t.Error("work_mem")
	}
	if s.SharedBuffersBytes() != 128<<20 || s.SharedBuffers() != 16384 {
		t.Error("shared_buffers")
	}
	if s.SynchronousCommit() != SyncCommitOn || SyncCommit(s.Enum("synchronous_commit")) != SyncCommitOn {
		t.Error("synchronous_commit")
	}
	if s.IOMethod() != IOMethodIOUring || s.HugePages() != HugePagesTry || s.WALLevel() != WALLevelReplica {
		t.Error("enums")
	}
	if s.CheckpointTimeout() != 5*time.Minute || s.DeadlockTimeout() != time.Second || s.StatementTimeout() != 0 {
		t.Error("durations")
	}
	if s.CheckpointCompletionTarget() != 0.9 || s.Real("checkpoint_completion_target") != 0.9 {
		t.Error("checkpoint_completion_target")
	}
	if s.Port() != 5432 || s.MaxConnections() != 100 || s.ListenAddresses() != "localhost" || s.UnixSocketDirectories() != "/tmp" {
		t.Error("postmaster settings")
	}
	if !s.Fsync() || !s.Bool("fsync") || !s.BoolOf(Fsync) {
		t.Error("fsync")
	}
	s.SetSession("statement_timeout", "1.5s", false)
	s.SetSession("synchronous_commit", "remote_write", false)
	s.SetSession("client_min_messages", "debug", false)
	if s.StatementTimeout() != 1500*time.Millisecond || s.SynchronousCommit() != SyncCommitRemoteWrite || s.ClientMinMessages() != LogDebug2 {
		t.Error("after SET")
	}
	for _, f := range []func(){
		func() { s.Int("no_such_setting") },
		func() { s.Int("fsync") },
		func() { s.BoolOf(WorkMem) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("misuse did not panic")
				}
			}()
			f()
		}()
	}
}

// Every named getter reads a setting of the type it claims.
func TestNamedGettersDoNotPanic(t *testing.T) {
	s := New()
	v := reflect.ValueOf(s)
	n := 0
	for i := 0; i < v.NumMethod(); i++ {
		m := v.Type().Method(i)
		if m.Type.NumIn() != 1 || m.Type.NumOut() != 1 {
			continue
		}
		switch m.Name {
		case "Encode", "Clone", "ReportAll", "TakeReports", "ShowAll", "Rows", "InTx":
			continue
		}
		v.Method(i).Call(nil)
		n++
	}
	if n < 50 {
		t.Errorf("only %d getters", n)
	}
}

func TestSetInternal(t *testing.T) {
	s := New()
	if err := s.SetInternal("shared_memory_size", "143"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetInternal("wal_buffers", "512"); err != nil {
		t.Fatal(err)
	}
	if mustShow(t, s, "shared_memory_size") != "143MB" || mustShow(t, s, "wal_buffers") != "4MB" {
		t.Error("computed values")
	}
	if r := findRow(s, "shared_memory_size"); r.Source != "default" || r.Setting != "143" || r.Unit != "MB" {
		t.Errorf("row %+v", r)
	}
	if err := s.SetSession("shared_memory_size", "1", true); pgerr.Code(err) != pgerr.CantChangeRuntimeParam {
		t.Errorf("SET of an internal setting: %v", err)
	}
	if got := AutoWALBuffers(16384, 16<<20); got != 512 {
		t.Errorf("AutoWALBuffers(128MB) = %d", got)
	}
	if got := AutoWALBuffers(1000, 16<<20); got != 31 {
		t.Errorf("AutoWALBuffers(8000kB) = %d", got) // PostgreSQL shows 248kB
	}
	if got := AutoWALBuffers(16, 16<<20); got != 8 {
		t.Errorf("AutoWALBuffers(16) = %d", got)
	}
}

func TestFlattenSetArgs(t *testing.T) {
	s := New()
	cases := []struct {
		name string
		args []SetArg
		want string
		code string
	}{
		{"search_path", []SetArg{{Text: "select"}, {Text: "User"}, {Text: "abc"}, {Text: "a b"}, {Text: "Q"}},
			`"select", "User", abc, "a b", "Q"`, ""},
		{"search_path", []SetArg{{Text: "1", Number: true}, {Text: "2.5", Number: true}}, "1, 2.5", ""},
		{"search_path", []SetArg{{Text: ""}}, `""`, ""},
		{"DateStyle", []SetArg{{Text: "iso"}, {Text: "dmy"}}, "iso, dmy", ""},
		{"work_mem", []SetArg{{Text: "1"}, {Text: "2"}}, "", pgerr.InvalidParameterValue},
		{"x.y", []SetArg{{Text: "1"}, {Text: "2"}}, "", pgerr.InvalidParameterValue},
		{"work_mem", []SetArg{{Text: "64MB"}}, "64MB", ""},
	}
	quote := func(id string) string {
		if id == "select" { // the SQL layer knows its keywords
			return `"select"`
		}
		return QuoteIdentifier(id)
	}
	for _, c := range cases {
		got, err := FlattenSetArgs(s, c.name, c.args, quote)
		if pgerr.Code(err) != c.code || got != c.want {
			t.Errorf("%s %v: %q %v, want %q %s", c.name, c.args, got, err, c.want, c.code)
		}
	}
	_, err := FlattenSetArgs(s, "work_mem", []SetArg{{Text: "1"}, {Text: "2"}}, nil)
	if err == nil || err.(*pgerr.Error).Message != "SET work_mem takes only one argument" {
		t.Errorf("message: %v", err)
	}
}

func TestCloneIsIndependent(t *testing.T) {
	a := New()
	a.SetSession("app.x", "1", false)
	b := a.Clone()
	b.SetSession("app.x", "2", false)
	b.SetSession("work_mem", "8MB", false)
	if mustShow(t, a, "app.x") != "1" || mustShow(t, a, "work_mem") != "4MB" {
		t.Error("clone shares state")
	}
}
