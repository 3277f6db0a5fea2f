// Code generated from PostgreSQL 15's pg_get_keywords(). DO NOT EDIT.

// The word list and the categories are the server's; the grammar depends on
// both, so regenerate this file (word, catcode, barelabel ordered by word)
// when following a PostgreSQL release.

package parser

// Keyword token kinds. Each keyword is its own token kind so that the parser
// can switch on it; kwBase..kwMax is the keyword range of tokKind.
const (
	kwAbort tokKind = kwBase + iota
	kwAbsolute
	kwAccess
	kwAction
	kwAdd
	kwAdmin
	kwAfter
	kwAggregate
	kwAll
	kwAlso
	kwAlter
	kwAlways
	kwAnalyse
	kwAnalyze
	kwAnd
	kwAny
	kwArray
	kwAs
	kwAsc
	kwAsensitive
	kwAssertion
	kwAssignment
	kwAsymmetric
	kwAt
	kwAtomic
	kwAttach
	kwAttribute
	kwAuthorization
	kwBackward
	kwBefore
	kwBegin
	kwBetween
	kwBigint
	kwBinary
	kwBit
	kwBoolean
	kwBoth
	kwBreadth
	kwBy
	kwCache
	kwCall
	kwCalled
	kwCascade
	kwCascaded
	kwCase
	kwCast
	kwCatalog
	kwChain
	kwChar
	kwCharacter
	kwCharacteristics
	kwCheck
	kwCheckpoint
	kwClass
	kwClose
	kwCluster
	kwCoalesce
	kwCollate
	kwCollation
	kwColumn
	kwColumns
	kwComment
	kwComments
	kwCommit
	kwCommitted
	kwCompression
	kwConcurrently
	kwConfiguration
	kwConflict
	kwConnection
	kwConstraint
	kwConstraints
	kwContent
	kwContinue
	kwConversion
	kwCopy
	kwCost
	kwCreate
	kwCross
	kwCsv
	kwCube
	kwCurrent
	kwCurrentCatalog
	kwCurrentDate
	kwCurrentRole
	kwCurrentSchema
	kwCurrentTime
	kwCurrentTimestamp
	kwCurrentUser
	kwCursor
	kwCycle
	kwData
	kwDatabase
	kwDay
	kwDeallocate
	kwDec
	kwDecimal
	kwDeclare
	kwDefault
	kwDefaults
	kwDeferrable
	kwDeferred
	kwDefiner
	kwDelete
	kwDelimiter
	kwDelimiters
	kwDepends
	kwDepth
	kwDesc
	kwDetach
	kwDictionary
	kwDisable
	kwDiscard
	kwDistinct
	kwDo
	kwDocument
	kwDomain
	kwDouble
	kwDrop
	kwEach
	kwElse
	kwEnable
	kwEncoding
	kwEncrypted
	kwEnd
	kwEnum
	kwEscape
	kwEvent
	kwExcept
	kwExclude
	kwExcluding
	kwExclusive
	kwExecute
	kwExists
	kwExplain
	kwExpression
	kwExtension
	kwExternal
	kwExtract
	kwFalse
	kwFamily
	kwFetch
	kwFilter
	kwFinalize
	kwFirst
	kwFloat
	kwFollowing
	kwFor
	kwForce
	kwForeign
	kwForward
	kwFreeze
	kwFrom
	kwFull
	kwFunction
	kwFunctions
	kwGenerated
	kwGlobal
	kwGrant
	kwGranted
	kwGreatest
	kwGroup
	kwGrouping
	kwGroups
	kwHandler
	kwHaving
	kwHeader
	kwHold
	kwHour
	kwIdentity
	kwIf
	kwIlike
	kwImmediate
	kwImmutable
	kwImplicit
	kwImport
	kwIn
	kwInclude
	kwIncluding
	kwIncrement
	kwIndex
	kwIndexes
	kwInherit
	kwInherits
	kwInitially
	kwInline
	kwInner
	kwInout
	kwInput
	kwInsensitive
	kwInsert
	kwInstead
	kwInt
	kwInteger
	kwIntersect
	kwInterval
	kwInto
	kwInvoker
	kwIs
	kwIsnull
	kwIsolation
	kwJoin
	kwKey
	kwLabel
	kwLanguage
	kwLarge
	kwLast
	kwLateral
	kwLeading
	kwLeakproof
	kwLeast
	kwLeft
	kwLevel
	kwLike
	kwLimit
	kwListen
	kwLoad
	kwLocal
	kwLocaltime
	kwLocaltimestamp
	kwLocation
	kwLock
	kwLocked
	kwLogged
	kwMapping
	kwMatch
	kwMatched
	kwMaterialized
	kwMaxvalue
	kwMerge
	kwMethod
	kwMinute
	kwMinvalue
	kwMode
	kwMonth
	kwMove
	kwName
	kwNames
	kwNational
	kwNatural
	kwNchar
	kwNew
	kwNext
	kwNfc
	kwNfd
	kwNfkc
	kwNfkd
	kwNo
	kwNone
	kwNormalize
	kwNormalized
	kwNot
	kwNothing
	kwNotify
	kwNotnull
	kwNowait
	kwNull
	kwNullif
	kwNulls
	kwNumeric
	kwObject
	kwOf
	kwOff
	kwOffset
	kwOids
	kwOld
	kwOn
	kwOnly
	kwOperator
	kwOption
	kwOptions
	kwOr
	kwOrder
	kwOrdinality
	kwOthers
	kwOut
	kwOuter
	kwOver
	kwOverlaps
	kwOverlay
	kwOverriding
	kwOwned
	kwOwner
	kwParallel
	kwParameter
	kwParser
	kwPartial
	kwPartition
	kwPassing
	kwPassword
	kwPlacing
	kwPlans
	kwPolicy
	kwPosition
	kwPreceding
	kwPrecision
	kwPrepare
	kwPrepared
	kwPreserve
	kwPrimary
	kwPrior
	kwPrivileges
	kwProcedural
	kwProcedure
	kwProcedures
	kwProgram
	kwPublication
	kwQuote
	kwRange
	kwRead
	kwReal
	kwReassign
	kwRecheck
	kwRecursive
	kwRef
	kwReferences
	kwReferencing
	kwRefresh
	kwReindex
	kwRelative
	kwRelease
	kwRename
	kwRepeatable
	kwReplace
	kwReplica
	kwReset
	kwRestart
	kwRestrict
	kwReturn
	kwReturning
	kwReturns
	kwRevoke
	kwRight
	kwRole
	kwRollback
	kwRollup
	kwRoutine
	kwRoutines
	kwRow
	kwRows
	kwRule
	kwSavepoint
	kwSchema
	kwSchemas
	kwScroll
	kwSearch
	kwSecond
	kwSecurity
	kwSelect
	kwSequence
	kwSequences
	kwSerializable
	kwServer
	kwSession
	kwSessionUser
	kwSet
	kwSetof
	kwSets
	kwShare
	kwShow
	kwSimilar
	kwSimple
	kwSkip
	kwSmallint
	kwSnapshot
	kwSome
	kwSql
	kwStable
	kwStandalone
	kwStart
	kwStatement
	kwStatistics
	kwStdin
	kwStdout
	kwStorage
	kwStored
	kwStrict
	kwStrip
	kwSubscription
	kwSubstring
	kwSupport
	kwSymmetric
	kwSysid
	kwSystem
	kwTable
	kwTables
	kwTablesample
	kwTablespace
	kwTemp
	kwTemplate
	kwTemporary
	kwText
	kwThen
	kwTies
	kwTime
	kwTimestamp
	kwTo
	kwTrailing
	kwTransaction
	kwTransform
	kwTreat
	kwTrigger
	kwTrim
	kwTrue
	kwTruncate
	kwTrusted
	kwType
	kwTypes
	kwUescape
	kwUnbounded
	kwUncommitted
	kwUnencrypted
	kwUnion
	kwUnique
	kwUnknown
	kwUnlisten
	kwUnlogged
	kwUntil
	kwUpdate
	kwUser
	kwUsing
	kwVacuum
	kwValid
	kwValidate
	kwValidator
	kwValue
	kwValues
	kwVarchar
	kwVariadic
	kwVarying
	kwVerbose
	kwVersion
	kwView
	kwViews
	kwVolatile
	kwWhen
	kwWhere
	kwWhitespace
	kwWindow
	kwWith
	kwWithin
	kwWithout
	kwWork
	kwWrapper
	kwWrite
	kwXml
	kwXmlattributes
	kwXmlconcat
	kwXmlelement
	kwXmlexists
	kwXmlforest
	kwXmlnamespaces
	kwXmlparse
	kwXmlpi
	kwXmlroot
	kwXmlserialize
	kwXmltable
	kwYear
	kwYes
	kwZone

	kwMax = kwZone
)

// keywordTable lists every keyword in alphabetical order, indexed by
// kind-kwFirst. bareLabel says whether the word may follow a target-list
// expression as a column label without AS (PostgreSQL 14's bare_label_keyword).
var keywordTable = [...]keywordInfo{
	{"abort", catUnreserved, true},
	{"absolute", catUnreserved, true},
	{"access", catUnreserved, true},
	{"action", catUnreserved, true},
	{"add", catUnreserved, true},
	{"admin", catUnreserved, true},
	{"after", catUnreserved, true},
	{"aggregate", catUnreserved, true},
	{"all", catReserved, true},
	{"also", catUnreserved, true},
	{"alter", catUnreserved, true},
	{"always", catUnreserved, true},
	{"analyse", catReserved, true},
	{"analyze", catReserved, true},
	{"and", catReserved, true},
	{"any", catReserved, true},
	{"array", catReserved, false},
	{"as", catReserved, false},
	{"asc", catReserved, true},
	{"asensitive", catUnreserved, true},
	{"assertion", catUnreserved, true},
	{"assignment", catUnreserved, true},
	{"asymmetric", catReserved, true},
	{"at", catUnreserved, true},
	{"atomic", catUnreserved, true},
	{"attach", catUnreserved, true},
	{"attribute", catUnreserved, true},
	{"authorization", catTypeFuncName, true},
	{"backward", catUnreserved, true},
	{"before", catUnreserved, true},
	{"begin", catUnreserved, true},
	{"between", catColName, true},
	{"bigint", catColName, true},
	{"binary", catTypeFuncName, true},
	{"bit", catColName, true},
	{"boolean", catColName, true},
	{"both", catReserved, true},
	{"breadth", catUnreserved, true},
	{"by", catUnreserved, true},
	{"cache", catUnreserved, true},
	{"call", catUnreserved, true},
	{"called", catUnreserved, true},
	{"cascade", catUnreserved, true},
	{"cascaded", catUnreserved, true},
	{"case", catReserved, true},
	{"cast", catReserved, true},
	{"catalog", catUnreserved, true},
	{"chain", catUnreserved, true},
	{"char", catColName, false},
	{"character", catColName, false},
	{"characteristics", catUnreserved, true},
	{"check", catReserved, true},
	{"checkpoint", catUnreserved, true},
	{"class", catUnreserved, true},
	{"close", catUnreserved, true},
	{"cluster", catUnreserved, true},
	{"coalesce", catColName, true},
	{"collate", catReserved, true},
	{"collation", catTypeFuncName, true},
	{"column", catReserved, true},
	{"columns", catUnreserved, true},
	{"comment", catUnreserved, true},
	{"comments", catUnreserved, true},
	{"commit", catUnreserved, true},
	{"committed", catUnreserved, true},
	{"compression", catUnreserved, true},
	{"concurrently", catTypeFuncName, true},
	{"configuration", catUnreserved, true},
	{"conflict", catUnreserved, true},
	{"connection", catUnreserved, true},
	{"constraint", catReserved, true},
	{"constraints", catUnreserved, true},
	{"content", catUnreserved, true},
	{"continue", catUnreserved, true},
	{"conversion", catUnreserved, true},
	{"copy", catUnreserved, true},
	{"cost", catUnreserved, true},
	{"create", catReserved, false},
	{"cross", catTypeFuncName, true},
	{"csv", catUnreserved, true},
	{"cube", catUnreserved, true},
	{"current", catUnreserved, true},
	{"current_catalog", catReserved, true},
	{"current_date", catReserved, true},
	{"current_role", catReserved, true},
	{"current_schema", catTypeFuncName, true},
	{"current_time", catReserved, true},
	{"current_timestamp", catReserved, true},
	{"current_user", catReserved, true},
	{"cursor", catUnreserved, true},
	{"cycle", catUnreserved, true},
	{"data", catUnreserved, true},
	{"database", catUnreserved, true},
	{"day", catUnreserved, false},
	{"deallocate", catUnreserved, true},
	{"dec", catColName, true},
	{"decimal", catColName, true},
	{"declare", catUnreserved, true},
	{"default", catReserved, true},
	{"defaults", catUnreserved, true},
	{"deferrable", catReserved, true},
	{"deferred", catUnreserved, true},
	{"definer", catUnreserved, true},
	{"delete", catUnreserved, true},
	{"delimiter", catUnreserved, true},
	{"delimiters", catUnreserved, true},
	{"depends", catUnreserved, true},
	{"depth", catUnreserved, true},
	{"desc", catReserved, true},
	{"detach", catUnreserved, true},
	{"dictionary", catUnreserved, true},
	{"disable", catUnreserved, true},
	{"discard", catUnreserved, true},
	{"distinct", catReserved, true},
	{"do", catReserved, true},
	{"document", catUnreserved, true},
	{"domain", catUnreserved, true},
	{"double", catUnreserved, true},
	{"drop", catUnreserved, true},
	{"each", catUnreserved, true},
	{"else", catReserved, true},
	{"enable", catUnreserved, true},
	{"encoding", catUnreserved, true},
	{"encrypted", catUnreserved, true},
	{"end", catReserved, true},
	{"enum", catUnreserved, true},
	{"escape", catUnreserved, true},
	{"event", catUnreserved, true},
	{"except", catReserved, false},
	{"exclude", catUnreserved, true},
	{"excluding", catUnreserved, true},
	{"exclusive", catUnreserved, true},
	{"execute", catUnreserved, true},
	{"exists", catColName, true},
	{"explain", catUnreserved, true},
	{"expression", catUnreserved, true},
	{"extension", catUnreserved, true},
	{"external", catUnreserved, true},
	{"extract", catColName, true},
	{"false", catReserved, true},
	{"family", catUnreserved, true},
	{"fetch", catReserved, false},
	{"filter", catUnreserved, false},
	{"finalize", catUnreserved, true},
	{"first", catUnreserved, true},
	{"float", catColName, true},
	{"following", catUnreserved, true},
	{"for", catReserved, false},
	{"force", catUnreserved, true},
	{"foreign", catReserved, true},
	{"forward", catUnreserved, true},
	{"freeze", catTypeFuncName, true},
	{"from", catReserved, false},
	{"full", catTypeFuncName, true},
	{"function", catUnreserved, true},
	{"functions", catUnreserved, true},
	{"generated", catUnreserved, true},
	{"global", catUnreserved, true},
	{"grant", catReserved, false},
	{"granted", catUnreserved, true},
	{"greatest", catColName, true},
	{"group", catReserved, false},
	{"grouping", catColName, true},
	{"groups", catUnreserved, true},
	{"handler", catUnreserved, true},
	{"having", catReserved, false},
	{"header", catUnreserved, true},
	{"hold", catUnreserved, true},
	{"hour", catUnreserved, false},
	{"identity", catUnreserved, true},
	{"if", catUnreserved, true},
	{"ilike", catTypeFuncName, true},
	{"immediate", catUnreserved, true},
	{"immutable", catUnreserved, true},
	{"implicit", catUnreserved, true},
	{"import", catUnreserved, true},
	{"in", catReserved, true},
	{"include", catUnreserved, true},
	{"including", catUnreserved, true},
	{"increment", catUnreserved, true},
	{"index", catUnreserved, true},
	{"indexes", catUnreserved, true},
	{"inherit", catUnreserved, true},
	{"inherits", catUnreserved, true},
	{"initially", catReserved, true},
	{"inline", catUnreserved, true},
	{"inner", catTypeFuncName, true},
	{"inout", catColName, true},
	{"input", catUnreserved, true},
	{"insensitive", catUnreserved, true},
	{"insert", catUnreserved, true},
	{"instead", catUnreserved, true},
	{"int", catColName, true},
	{"integer", catColName, true},
	{"intersect", catReserved, false},
	{"interval", catColName, true},
	{"into", catReserved, false},
	{"invoker", catUnreserved, true},
	{"is", catTypeFuncName, true},
	{"isnull", catTypeFuncName, false},
	{"isolation", catUnreserved, true},
	{"join", catTypeFuncName, true},
	{"key", catUnreserved, true},
	{"label", catUnreserved, true},
	{"language", catUnreserved, true},
	{"large", catUnreserved, true},
	{"last", catUnreserved, true},
	{"lateral", catReserved, true},
	{"leading", catReserved, true},
	{"leakproof", catUnreserved, true},
	{"least", catColName, true},
	{"left", catTypeFuncName, true},
	{"level", catUnreserved, true},
	{"like", catTypeFuncName, true},
	{"limit", catReserved, false},
	{"listen", catUnreserved, true},
	{"load", catUnreserved, true},
	{"local", catUnreserved, true},
	{"localtime", catReserved, true},
	{"localtimestamp", catReserved, true},
	{"location", catUnreserved, true},
	{"lock", catUnreserved, true},
	{"locked", catUnreserved, true},
	{"logged", catUnreserved, true},
	{"mapping", catUnreserved, true},
	{"match", catUnreserved, true},
	{"matched", catUnreserved, true},
	{"materialized", catUnreserved, true},
	{"maxvalue", catUnreserved, true},
	{"merge", catUnreserved, true},
	{"method", catUnreserved, true},
	{"minute", catUnreserved, false},
	{"minvalue", catUnreserved, true},
	{"mode", catUnreserved, true},
	{"month", catUnreserved, false},
	{"move", catUnreserved, true},
	{"name", catUnreserved, true},
	{"names", catUnreserved, true},
	{"national", catColName, true},
	{"natural", catTypeFuncName, true},
	{"nchar", catColName, true},
	{"new", catUnreserved, true},
	{"next", catUnreserved, true},
	{"nfc", catUnreserved, true},
	{"nfd", catUnreserved, true},
	{"nfkc", catUnreserved, true},
	{"nfkd", catUnreserved, true},
	{"no", catUnreserved, true},
	{"none", catColName, true},
	{"normalize", catColName, true},
	{"normalized", catUnreserved, true},
	{"not", catReserved, true},
	{"nothing", catUnreserved, true},
	{"notify", catUnreserved, true},
	{"notnull", catTypeFuncName, false},
	{"nowait", catUnreserved, true},
	{"null", catReserved, true},
	{"nullif", catColName, true},
	{"nulls", catUnreserved, true},
	{"numeric", catColName, true},
	{"object", catUnreserved, true},
	{"of", catUnreserved, true},
	{"off", catUnreserved, true},
	{"offset", catReserved, false},
	{"oids", catUnreserved, true},
	{"old", catUnreserved, true},
	{"on", catReserved, false},
	{"only", catReserved, true},
	{"operator", catUnreserved, true},
	{"option", catUnreserved, true},
	{"options", catUnreserved, true},
	{"or", catReserved, true},
	{"order", catReserved, false},
	{"ordinality", catUnreserved, true},
	{"others", catUnreserved, true},
	{"out", catColName, true},
	{"outer", catTypeFuncName, true},
	{"over", catUnreserved, false},
	{"overlaps", catTypeFuncName, false},
	{"overlay", catColName, true},
	{"overriding", catUnreserved, true},
	{"owned", catUnreserved, true},
	{"owner", catUnreserved, true},
	{"parallel", catUnreserved, true},
	{"parameter", catUnreserved, true},
	{"parser", catUnreserved, true},
	{"partial", catUnreserved, true},
	{"partition", catUnreserved, true},
	{"passing", catUnreserved, true},
	{"password", catUnreserved, true},
	{"placing", catReserved, true},
	{"plans", catUnreserved, true},
	{"policy", catUnreserved, true},
	{"position", catColName, true},
	{"preceding", catUnreserved, true},
	{"precision", catColName, false},
	{"prepare", catUnreserved, true},
	{"prepared", catUnreserved, true},
	{"preserve", catUnreserved, true},
	{"primary", catReserved, true},
	{"prior", catUnreserved, true},
	{"privileges", catUnreserved, true},
	{"procedural", catUnreserved, true},
	{"procedure", catUnreserved, true},
	{"procedures", catUnreserved, true},
	{"program", catUnreserved, true},
	{"publication", catUnreserved, true},
	{"quote", catUnreserved, true},
	{"range", catUnreserved, true},
	{"read", catUnreserved, true},
	{"real", catColName, true},
	{"reassign", catUnreserved, true},
	{"recheck", catUnreserved, true},
	{"recursive", catUnreserved, true},
	{"ref", catUnreserved, true},
	{"references", catReserved, true},
	{"referencing", catUnreserved, true},
	{"refresh", catUnreserved, true},
	{"reindex", catUnreserved, true},
	{"relative", catUnreserved, true},
	{"release", catUnreserved, true},
	{"rename", catUnreserved, true},
	{"repeatable", catUnreserved, true},
	{"replace", catUnreserved, true},
	{"replica", catUnreserved, true},
	{"reset", catUnreserved, true},
	{"restart", catUnreserved, true},
	{"restrict", catUnreserved, true},
	{"return", catUnreserved, true},
	{"returning", catReserved, false},
	{"returns", catUnreserved, true},
	{"revoke", catUnreserved, true},
	{"right", catTypeFuncName, true},
	{"role", catUnreserved, true},
	{"rollback", catUnreserved, true},
	{"rollup", catUnreserved, true},
	{"routine", catUnreserved, true},
	{"routines", catUnreserved, true},
	{"row", catColName, true},
	{"rows", catUnreserved, true},
	{"rule", catUnreserved, true},
	{"savepoint", catUnreserved, true},
	{"schema", catUnreserved, true},
	{"schemas", catUnreserved, true},
	{"scroll", catUnreserved, true},
	{"search", catUnreserved, true},
	{"second", catUnreserved, false},
	{"security", catUnreserved, true},
	{"select", catReserved, true},
	{"sequence", catUnreserved, true},
	{"sequences", catUnreserved, true},
	{"serializable", catUnreserved, true},
	{"server", catUnreserved, true},
	{"session", catUnreserved, true},
	{"session_user", catReserved, true},
	{"set", catUnreserved, true},
	{"setof", catColName, true},
	{"sets", catUnreserved, true},
	{"share", catUnreserved, true},
	{"show", catUnreserved, true},
	{"similar", catTypeFuncName, true},
	{"simple", catUnreserved, true},
	{"skip", catUnreserved, true},
	{"smallint", catColName, true},
	{"snapshot", catUnreserved, true},
	{"some", catReserved, true},
	{"sql", catUnreserved, true},
	{"stable", catUnreserved, true},
	{"standalone", catUnreserved, true},
	{"start", catUnreserved, true},
	{"statement", catUnreserved, true},
	{"statistics", catUnreserved, true},
	{"stdin", catUnreserved, true},
	{"stdout", catUnreserved, true},
	{"storage", catUnreserved, true},
	{"stored", catUnreserved, true},
	{"strict", catUnreserved, true},
	{"strip", catUnreserved, true},
	{"subscription", catUnreserved, true},
	{"substring", catColName, true},
	{"support", catUnreserved, true},
	{"symmetric", catReserved, true},
	{"sysid", catUnreserved, true},
	{"system", catUnreserved, true},
	{"table", catReserved, true},
	{"tables", catUnreserved, true},
	{"tablesample", catTypeFuncName, true},
	{"tablespace", catUnreserved, true},
	{"temp", catUnreserved, true},
	{"template", catUnreserved, true},
	{"temporary", catUnreserved, true},
	{"text", catUnreserved, true},
	{"then", catReserved, true},
	{"ties", catUnreserved, true},
	{"time", catColName, true},
	{"timestamp", catColName, true},
	{"to", catReserved, false},
	{"trailing", catReserved, true},
	{"transaction", catUnreserved, true},
	{"transform", catUnreserved, true},
	{"treat", catColName, true},
	{"trigger", catUnreserved, true},
	{"trim", catColName, true},
	{"true", catReserved, true},
	{"truncate", catUnreserved, true},
	{"trusted", catUnreserved, true},
	{"type", catUnreserved, true},
	{"types", catUnreserved, true},
	{"uescape", catUnreserved, true},
	{"unbounded", catUnreserved, true},
	{"uncommitted", catUnreserved, true},
	{"unencrypted", catUnreserved, true},
	{"union", catReserved, false},
	{"unique", catReserved, true},
	{"unknown", catUnreserved, true},
	{"unlisten", catUnreserved, true},
	{"unlogged", catUnreserved, true},
	{"until", catUnreserved, true},
	{"update", catUnreserved, true},
	{"user", catReserved, true},
	{"using", catReserved, true},
	{"vacuum", catUnreserved, true},
	{"valid", catUnreserved, true},
	{"validate", catUnreserved, true},
	{"validator", catUnreserved, true},
	{"value", catUnreserved, true},
	{"values", catColName, true},
	{"varchar", catColName, true},
	{"variadic", catReserved, true},
	{"varying", catUnreserved, false},
	{"verbose", catTypeFuncName, true},
	{"version", catUnreserved, true},
	{"view", catUnreserved, true},
	{"views", catUnreserved, true},
	{"volatile", catUnreserved, true},
	{"when", catReserved, true},
	{"where", catReserved, false},
	{"whitespace", catUnreserved, true},
	{"window", catReserved, false},
	{"with", catReserved, false},
	{"within", catUnreserved, false},
	{"without", catUnreserved, false},
	{"work", catUnreserved, true},
	{"wrapper", catUnreserved, true},
	{"write", catUnreserved, true},
	{"xml", catUnreserved, true},
	{"xmlattributes", catColName, true},
	{"xmlconcat", catColName, true},
	{"xmlelement", catColName, true},
	{"xmlexists", catColName, true},
	{"xmlforest", catColName, true},
	{"xmlnamespaces", catColName, true},
	{"xmlparse", catColName, true},
	{"xmlpi", catColName, true},
	{"xmlroot", catColName, true},
	{"xmlserialize", catColName, true},
	{"xmltable", catColName, true},
	{"year", catUnreserved, false},
	{"yes", catUnreserved, true},
	{"zone", catUnreserved, true},
}
