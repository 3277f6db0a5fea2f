package settings

// The server version ringpg reports. Clients read the major version from
// server_version_num (psql, pgx, JDBC); the suffix says which server it is,
// the way distributions add theirs ("15.18 (Debian 15.18-0+deb12u1)").
const (
	VersionNum     = 150004
	VersionNumText = "150004"
	Version        = "15.4 (ringpg 0.1)"
)

// ringpg's own settings. They use PostgreSQL's conventions (units, contexts,
// long flags) so that users tune them the same way.
var ringpgDefs = []Def{
	{
		ID:   IOMethod,
		Name: "io_method", Type: TypeEnum, Context: ContextPostmaster,
		Enum:     enumIOMethod,
		Boot:     "io_uring",
		Category: "Resource Usage / Asynchronous Behavior",
		Short:    "Selects the method for executing asynchronous I/O.",
		Why:      "PostgreSQL 18's name. io_uring carries socket and file I/O in every process; sync uses plain system calls, and is what the server falls back to where the kernel refuses io_uring.",
	},
	{
		ID:   BackendPoolMinIdle,
		Name: "backend_pool_min_idle", Type: TypeInt, Context: ContextSighup,
		Min: 0, Max: 262143,
		Boot:     "4",
		Category: "Connections and Authentication / Backend Pool",
		Short:    "Sets the number of idle backend processes kept ready for new connections.",
		Why:      "A connection handed to a warm backend never waits for a process start (about 1.2 ms of CPU for a Go process).",
	},
	{
		ID:   BackendMaxSessions,
		Name: "backend_max_sessions", Type: TypeInt, Context: ContextSighup,
		Min: 0, Max: 2147483647,
		Boot:     "1000",
		Category: "Connections and Authentication / Backend Pool",
		Short:    "Sets the number of sessions a backend process serves before it is replaced; 0 means no limit.",
		Why:      "Replacing a backend now and then bounds whatever a long-lived process accumulates, at the cost of one process start per that many sessions.",
	},
	{
		ID:   BackendMemoryLimit,
		Name: "backend_memory_limit", Type: TypeInt, Context: ContextSighup, Unit: UnitKB,
		Min: 0, Max: 2147483647,
		Boot:     "524288",
		Category: "Connections and Authentication / Backend Pool",
		Short:    "Sets the memory size past which a backend process is replaced when its session ends; 0 means no limit.",
	},
	{
		ID:   BackendCPUAffinity,
		Name: "backend_cpu_affinity", Type: TypeEnum, Context: ContextSighup,
		Enum:     enumBackendCPUAffinity,
		Boot:     "client",
		Category: "Connections and Authentication / Backend Pool",
		Short:    "Pins backend processes to CPUs: off, spread (round robin at start) or client (the CPU the session's client sends from, while the clients are spread evenly).",
		Why:      "client by default: a backend on its client's CPU is woken without an inter-processor interrupt; measured with pgbench -S and TPC-B on 2 cores, 10-30% more transactions and 10-25% less system time per transaction than off. spread helps only when the server owns its cores.",
	},
	{
		ID:   BackendGOGC,
		Name: "backend_gogc", Type: TypeInt, Context: ContextSighup,
		Min: -1, Max: 2147483647,
		Boot:     "100",
		Category: "Connections and Authentication / Backend Pool",
		Short:    "Sets the Go garbage collector's target percentage (GOGC) in backend processes; -1 turns the collector off.",
	},
	{
		ID:   WALIOMethod,
		Name: "wal_io_method", Type: TypeEnum, Context: ContextPostmaster,
		Enum:     enumWALIOMethod,
		Boot:     "direct",
		Category: "Write-Ahead Log / Settings",
		Short:    "Selects how WAL is written and flushed.",
		Why:      "direct: the flushing process writes and syncs with its own system calls. io_uring: one linked write and fdatasync through the process's ring (with io_method = io_uring), which the kernel runs on a worker thread: two more context switches per flush, measured slower.",
	},
}

// Identity settings: set by the server when a session starts or changes
// role, shown by SHOW, hidden from SHOW ALL as in PostgreSQL.
var identityDefs = []Def{
	{
		ID:   IsSuperuser,
		Name: "is_superuser", Type: TypeBool, Context: ContextInternal,
		Boot:     "off",
		Category: "Ungrouped",
		Short:    "Shows whether the current user is a superuser.",
		Flags:    FlagReport | FlagNoShowAll | FlagNoResetAll | FlagNotInSample,
	},
	{
		ID:   SessionAuthorization,
		Name: "session_authorization", Type: TypeString, Context: ContextUser,
		Boot:     "",
		Category: "Ungrouped",
		Short:    "Sets the session user name.",
		Flags:    FlagReport | FlagNoShowAll | FlagNoResetAll | FlagNotInSample,
	},
	{
		ID:   Role,
		Name: "role", Type: TypeString, Context: ContextUser,
		Boot:     "none",
		Category: "Ungrouped",
		Short:    "Sets the current role.",
		Flags:    FlagNoShowAll | FlagNoResetAll | FlagNotInSample,
	},
}
