package settings

import (
	"fmt"
	"time"
)

// Typed accessors for server code. The by-name forms look the name up in a
// map; the ID forms and the named getters below are an array index, cheap
// enough for every statement. Asking for a name that does not exist, or for
// the wrong type, is a programming error and panics; values a client names
// go through Show and Apply, which return errors.

func (s *Set) mustSlot(name string, t Type) *slot {
	id, ok := lookupID(name)
	if !ok {
		panic("settings: no setting " + name)
	}
	if builtin[id].Type != t {
		panic(fmt.Sprintf("settings: %s is %s, not %s", name, builtin[id].Type, t))
	}
	return &s.slots[id]
}

func (s *Set) mustID(id ID, t Type) *slot {
	if builtin[id].Type != t {
		panic(fmt.Sprintf("settings: %s is %s, not %s", builtin[id].Name, builtin[id].Type, t))
	}
	return &s.slots[id]
}

// Int returns an integer setting in its base unit (kB, 8kB blocks, ms, ...).
func (s *Set) Int(name string) int64 { return s.mustSlot(name, TypeInt).cur.n }

// Bool returns a boolean setting.
func (s *Set) Bool(name string) bool { return s.mustSlot(name, TypeBool).cur.n != 0 }

// Real returns a real setting in its base unit.
func (s *Set) Real(name string) float64 { return s.mustSlot(name, TypeReal).cur.f() }

// String returns a string setting.
func (s *Set) String(name string) string { return s.mustSlot(name, TypeString).cur.s }

// Enum returns an enum setting's value (compare with the typed constants in
// enums.go, e.g. SyncCommit(s.Enum("synchronous_commit"))).
func (s *Set) Enum(name string) int { return int(s.mustSlot(name, TypeEnum).cur.n) }

// IntOf, BoolOf, RealOf, StringOf and EnumOf are the by-ID forms.
func (s *Set) IntOf(id ID) int64     { return s.mustID(id, TypeInt).cur.n }
func (s *Set) BoolOf(id ID) bool     { return s.mustID(id, TypeBool).cur.n != 0 }
func (s *Set) RealOf(id ID) float64  { return s.mustID(id, TypeReal).cur.f() }
func (s *Set) StringOf(id ID) string { return s.mustID(id, TypeString).cur.s }
func (s *Set) EnumOf(id ID) int      { return int(s.mustID(id, TypeEnum).cur.n) }

// ShowOf is SHOW's text for a built-in setting.
func (s *Set) ShowOf(id ID) string { return formatValue(&builtin[id], s.slots[id].cur) }

// SourceOf says where a built-in setting's value came from.
func (s *Set) SourceOf(id ID) Source { return s.slots[id].src }

// Unchecked reads for the named getters below, whose IDs are known to have
// the right type (TestGetters runs each of them).
func (s *Set) n(id ID) int64            { return s.slots[id].cur.n }
func (s *Set) b(id ID) bool             { return s.slots[id].cur.n != 0 }
func (s *Set) str(id ID) string         { return s.slots[id].cur.s }
func (s *Set) dur(id ID) time.Duration  { return time.Duration(s.n(id)) * time.Millisecond }
func (s *Set) secs(id ID) time.Duration { return time.Duration(s.n(id)) * time.Second }
func (s *Set) kbBytes(id ID) int64      { return s.n(id) * 1024 }

// Hot settings, read on every statement or commit.

func (s *Set) WorkMemBytes() int64               { return s.kbBytes(WorkMem) }
func (s *Set) MaintenanceWorkMemBytes() int64    { return s.kbBytes(MaintenanceWorkMem) }
func (s *Set) TempBuffers() int64                { return s.n(TempBuffers) }
func (s *Set) StatementTimeout() time.Duration   { return s.dur(StatementTimeout) }
func (s *Set) LockTimeout() time.Duration        { return s.dur(LockTimeout) }
func (s *Set) DeadlockTimeout() time.Duration    { return s.dur(DeadlockTimeout) }
func (s *Set) IdleSessionTimeout() time.Duration { return s.dur(IdleSessionTimeout) }
func (s *Set) IdleInTransactionSessionTimeout() time.Duration {
	return s.dur(IdleInTransactionSessionTimeout)
}
func (s *Set) SynchronousCommit() SyncCommit   { return SyncCommit(s.n(SynchronousCommit)) }
func (s *Set) Fsync() bool                     { return s.b(Fsync) }
func (s *Set) FullPageWrites() bool            { return s.b(FullPageWrites) }
func (s *Set) CommitDelay() time.Duration      { return time.Duration(s.n(CommitDelay)) * time.Microsecond }
func (s *Set) CommitSiblings() int             { return int(s.n(CommitSiblings)) }
func (s *Set) WALSyncMethod() SyncMethod       { return SyncMethod(s.n(WALSyncMethod)) }
func (s *Set) ExtraFloatDigits() int           { return int(s.n(ExtraFloatDigits)) }
func (s *Set) StandardConformingStrings() bool { return s.b(StandardConformingStrings) }
func (s *Set) ByteaOutput() ByteaFormat        { return ByteaFormat(s.n(ByteaOutput)) }
func (s *Set) IntervalStyle() IntervalFormat   { return IntervalFormat(s.n(IntervalStyle)) }
func (s *Set) DateStyle() string               { return s.str(DateStyle) }
func (s *Set) TimeZone() string                { return s.str(TimeZone) }
func (s *Set) SearchPath() string              { return s.str(SearchPath) }
func (s *Set) ClientEncoding() string          { return s.str(ClientEncoding) }
func (s *Set) ApplicationName() string         { return s.str(ApplicationName) }
func (s *Set) ClientMinMessages() LogLevel     { return LogLevel(s.n(ClientMinMessages)) }
func (s *Set) LogMinMessages() LogLevel        { return LogLevel(s.n(LogMinMessages)) }
func (s *Set) LogStatement() StatementLogging  { return StatementLogging(s.n(LogStatement)) }
func (s *Set) LogMinDurationStatement() time.Duration {
	return s.dur(LogMinDurationStatement) // negative: off
}
func (s *Set) DefaultTransactionIsolation() Isolation {
	return Isolation(s.n(DefaultTransactionIsolation))
}
func (s *Set) DefaultTransactionReadOnly() bool   { return s.b(DefaultTransactionReadOnly) }
func (s *Set) DefaultTransactionDeferrable() bool { return s.b(DefaultTransactionDeferrable) }
func (s *Set) TransactionIsolation() Isolation    { return Isolation(s.n(TransactionIsolation)) }
func (s *Set) TransactionReadOnly() bool          { return s.b(TransactionReadOnly) }
func (s *Set) RowSecurity() bool                  { return s.b(RowSecurity) }
func (s *Set) IsSuperuser() bool                  { return s.b(IsSuperuser) }

// Settings the postmaster reads once.

func (s *Set) Port() int                         { return int(s.n(Port)) }
func (s *Set) ListenAddresses() string           { return s.str(ListenAddresses) }
func (s *Set) UnixSocketDirectories() string     { return s.str(UnixSocketDirectories) }
func (s *Set) MaxConnections() int               { return int(s.n(MaxConnections)) }
func (s *Set) SuperuserReservedConnections() int { return int(s.n(SuperuserReservedConnections)) }
func (s *Set) SharedBuffers() int64              { return s.n(SharedBuffers) } // 8kB blocks
func (s *Set) SharedBuffersBytes() int64         { return s.n(SharedBuffers) * 8192 }
func (s *Set) WALBuffers() int64                 { return s.n(WALBuffers) } // 8kB blocks; -1 = not yet autotuned
func (s *Set) HugePages() HugePagesMode          { return HugePagesMode(s.n(HugePages)) }
func (s *Set) HugePageSizeBytes() int64          { return s.kbBytes(HugePageSize) }
func (s *Set) MaxLocksPerTransaction() int       { return int(s.n(MaxLocksPerTransaction)) }
func (s *Set) WALLevel() WALLevelMode            { return WALLevelMode(s.n(WALLevel)) }
func (s *Set) MaxWALSizeBytes() int64            { return s.n(MaxWALSize) << 20 }
func (s *Set) MinWALSizeBytes() int64            { return s.n(MinWALSize) << 20 }
func (s *Set) CheckpointTimeout() time.Duration  { return s.secs(CheckpointTimeout) }
func (s *Set) CheckpointCompletionTarget() float64 {
	return s.slots[CheckpointCompletionTarget].cur.f()
}
func (s *Set) AuthenticationTimeout() time.Duration { return s.secs(AuthenticationTimeout) }
func (s *Set) DataDirectory() string                { return s.str(DataDirectory) }
func (s *Set) ConfigFile() string                   { return s.str(ConfigFile) }
func (s *Set) IOMethod() IOMode                     { return IOMode(s.n(IOMethod)) }
func (s *Set) BackendPoolMinIdle() int              { return int(s.n(BackendPoolMinIdle)) }
func (s *Set) BackendMaxSessions() int64            { return s.n(BackendMaxSessions) }
func (s *Set) BackendMemoryLimitBytes() int64       { return s.kbBytes(BackendMemoryLimit) }
func (s *Set) BackendCPUAffinity() CPUAffinity      { return CPUAffinity(s.n(BackendCPUAffinity)) }
func (s *Set) BackendGOGC() int                     { return int(s.n(BackendGOGC)) }
func (s *Set) WALIOMethod() WALIOMode               { return WALIOMode(s.n(WALIOMethod)) }
