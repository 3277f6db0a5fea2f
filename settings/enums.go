package settings

// Enum settings store an int; the typed constants below are those ints, so
// server code compares against names, not strings. Where PostgreSQL's code
// compares levels (synchronous_commit >= remote_write, message levels), the
// numbering keeps its order.

// SyncCommit is synchronous_commit's level.
type SyncCommit int

const (
	SyncCommitOff SyncCommit = iota
	SyncCommitLocal
	SyncCommitRemoteWrite
	SyncCommitOn
	SyncCommitRemoteApply
)

// boolSpellings are the hidden spellings that PostgreSQL accepts for the
// on/off members of several enums ("huge_pages = 1").
func boolSpellings(on, off int) []EnumValue {
	return []EnumValue{
		{"true", on, true}, {"false", off, true},
		{"yes", on, true}, {"no", off, true},
		{"1", on, true}, {"0", off, true},
	}
}

var enumSynchronousCommit = append([]EnumValue{
	{"local", int(SyncCommitLocal), false},
	{"remote_write", int(SyncCommitRemoteWrite), false},
	{"remote_apply", int(SyncCommitRemoteApply), false},
	{"on", int(SyncCommitOn), false},
	{"off", int(SyncCommitOff), false},
}, boolSpellings(int(SyncCommitOn), int(SyncCommitOff))...)

// HugePagesMode is huge_pages.
type HugePagesMode int

const (
	HugePagesOff HugePagesMode = iota
	HugePagesOn
	HugePagesTry
)

var enumHugePages = append([]EnumValue{
	{"off", int(HugePagesOff), false},
	{"on", int(HugePagesOn), false},
	{"try", int(HugePagesTry), false},
}, boolSpellings(int(HugePagesOn), int(HugePagesOff))...)

// SyncMethod is wal_sync_method (the Linux set).
type SyncMethod int

const (
	WALSyncFsync SyncMethod = iota
	WALSyncFdatasync
	WALSyncOpenSync
	WALSyncOpenDatasync
)

var enumWALSyncMethod = []EnumValue{
	{"fsync", int(WALSyncFsync), false},
	{"fdatasync", int(WALSyncFdatasync), false},
	{"open_sync", int(WALSyncOpenSync), false},
	{"open_datasync", int(WALSyncOpenDatasync), false},
}

// WALLevelMode is wal_level.
type WALLevelMode int

const (
	WALLevelMinimal WALLevelMode = iota
	WALLevelReplica
	WALLevelLogical
)

var enumWALLevel = []EnumValue{
	{"minimal", int(WALLevelMinimal), false},
	{"replica", int(WALLevelReplica), false},
	{"logical", int(WALLevelLogical), false},
	// Names from before PostgreSQL 9.6, still accepted.
	{"archive", int(WALLevelReplica), true},
	{"hot_standby", int(WALLevelReplica), true},
}

var enumArchiveMode = append([]EnumValue{
	{"always", 2, false},
	{"on", 1, false},
	{"off", 0, false},
}, boolSpellings(1, 0)...)

var enumPasswordEncryption = []EnumValue{
	{"md5", 0, false},
	{"scram-sha-256", 1, false},
}

var enumSSLMinProtocolVersion = []EnumValue{
	{"TLSv1", 1, false},
	{"TLSv1.1", 2, false},
	{"TLSv1.2", 3, false},
	{"TLSv1.3", 4, false},
}

// The empty spelling means "no maximum".
var enumSSLMaxProtocolVersion = append([]EnumValue{{"", 0, false}}, enumSSLMinProtocolVersion...)

// Isolation is a transaction isolation level, numbered as PostgreSQL's
// XactIsoLevel so that "at least REPEATABLE READ" is a comparison.
type Isolation int

const (
	IsolationReadUncommitted Isolation = iota
	IsolationReadCommitted
	IsolationRepeatableRead
	IsolationSerializable
)

var enumDefaultTransactionIsolation = []EnumValue{
	{"serializable", int(IsolationSerializable), false},
	{"repeatable read", int(IsolationRepeatableRead), false},
	{"read committed", int(IsolationReadCommitted), false},
	{"read uncommitted", int(IsolationReadUncommitted), false},
}

var enumTransactionIsolation = enumDefaultTransactionIsolation

var enumSessionReplicationRole = []EnumValue{
	{"origin", 0, false},
	{"replica", 1, false},
	{"local", 2, false},
}

var enumXMLOption = []EnumValue{
	{"content", 1, false},
	{"document", 0, false},
}

var enumXMLBinary = []EnumValue{
	{"base64", 0, false},
	{"hex", 1, false},
}

// ByteaFormat is bytea_output.
type ByteaFormat int

const (
	ByteaOutputEscape ByteaFormat = iota
	ByteaOutputHex
)

var enumByteaOutput = []EnumValue{
	{"escape", int(ByteaOutputEscape), false},
	{"hex", int(ByteaOutputHex), false},
}

// IntervalFormat is IntervalStyle.
type IntervalFormat int

const (
	IntervalStylePostgres IntervalFormat = iota
	IntervalStylePostgresVerbose
	IntervalStyleSQLStandard
	IntervalStyleISO8601
)

var enumIntervalStyle = []EnumValue{
	{"postgres", int(IntervalStylePostgres), false},
	{"postgres_verbose", int(IntervalStylePostgresVerbose), false},
	{"sql_standard", int(IntervalStyleSQLStandard), false},
	{"iso_8601", int(IntervalStyleISO8601), false},
}

var enumBackslashQuote = append([]EnumValue{
	{"safe_encoding", 2, false},
	{"on", 1, false},
	{"off", 0, false},
}, boolSpellings(1, 0)...)

// LogLevel is a message severity, numbered as PostgreSQL's elevels. The
// order is the server log's; for the client PostgreSQL ranks LOG between
// DEBUG1 and NOTICE (see client_min_messages' list).
type LogLevel int

const (
	LogDebug5  LogLevel = 10
	LogDebug4  LogLevel = 11
	LogDebug3  LogLevel = 12
	LogDebug2  LogLevel = 13
	LogDebug1  LogLevel = 14
	LogLog     LogLevel = 15
	LogInfo    LogLevel = 17
	LogNotice  LogLevel = 18
	LogWarning LogLevel = 19
	LogError   LogLevel = 21
	LogFatal   LogLevel = 22
	LogPanic   LogLevel = 23
)

var enumClientMinMessages = []EnumValue{
	{"debug5", int(LogDebug5), false},
	{"debug4", int(LogDebug4), false},
	{"debug3", int(LogDebug3), false},
	{"debug2", int(LogDebug2), false},
	{"debug1", int(LogDebug1), false},
	{"debug", int(LogDebug2), true},
	{"log", int(LogLog), false},
	{"info", int(LogInfo), true},
	{"notice", int(LogNotice), false},
	{"warning", int(LogWarning), false},
	{"error", int(LogError), false},
}

var enumLogMinMessages = []EnumValue{
	{"debug5", int(LogDebug5), false},
	{"debug4", int(LogDebug4), false},
	{"debug3", int(LogDebug3), false},
	{"debug2", int(LogDebug2), false},
	{"debug1", int(LogDebug1), false},
	{"debug", int(LogDebug2), true},
	{"info", int(LogInfo), false},
	{"notice", int(LogNotice), false},
	{"warning", int(LogWarning), false},
	{"error", int(LogError), false},
	{"log", int(LogLog), false},
	{"fatal", int(LogFatal), false},
	{"panic", int(LogPanic), false},
}

var enumLogMinErrorStatement = enumLogMinMessages

// StatementLogging is log_statement.
type StatementLogging int

const (
	LogStatementNone StatementLogging = iota
	LogStatementDDL
	LogStatementMod
	LogStatementAll
)

var enumLogStatement = []EnumValue{
	{"none", int(LogStatementNone), false},
	{"ddl", int(LogStatementDDL), false},
	{"mod", int(LogStatementMod), false},
	{"all", int(LogStatementAll), false},
}

var enumLogErrorVerbosity = []EnumValue{
	{"terse", 0, false},
	{"default", 1, false},
	{"verbose", 2, false},
}

var enumConstraintExclusion = append([]EnumValue{
	{"partition", 2, false},
	{"on", 1, false},
	{"off", 0, false},
}, boolSpellings(1, 0)...)

var enumPlanCacheMode = []EnumValue{
	{"auto", 0, false},
	{"force_generic_plan", 1, false},
	{"force_custom_plan", 2, false},
}

// IOMode is io_method.
type IOMode int

const (
	IOMethodSync IOMode = iota
	IOMethodIOUring
)

var enumIOMethod = []EnumValue{
	{"io_uring", int(IOMethodIOUring), false},
	{"sync", int(IOMethodSync), false},
}

// WALIOMode is wal_io_method.
type WALIOMode int

const (
	WALIODirect WALIOMode = iota
	WALIOIOUring
)

var enumWALIOMethod = []EnumValue{
	{"direct", int(WALIODirect), false},
	{"io_uring", int(WALIOIOUring), false},
}

// CPUAffinity is backend_cpu_affinity.
type CPUAffinity int

const (
	CPUAffinityOff CPUAffinity = iota
	CPUAffinitySpread
	CPUAffinityClient
)

var enumBackendCPUAffinity = append([]EnumValue{
	{"off", int(CPUAffinityOff), false},
	{"spread", int(CPUAffinitySpread), false},
	{"client", int(CPUAffinityClient), false},
	{"on", int(CPUAffinitySpread), true},
}, boolSpellings(int(CPUAffinitySpread), int(CPUAffinityOff))...)
