// Package settings owns ringpg's run-time configuration: the registry of
// setting definitions (PostgreSQL 15's names, types, units, ranges, defaults
// and contexts, plus ringpg's own), the parsing and display of values exactly
// as PostgreSQL does them, and the per-process value set with PostgreSQL's
// source priorities (default < configuration file < command line < client <
// session SET).
//
// It also reads postgresql.conf, maps the postgres binary's command-line
// flags onto settings, and serialises a value set so that the postmaster can
// hand its settings to a backend process.
//
// What it may call: the standard library and ringpg/pgerr only. Every error a
// client could see is a *pgerr.Error carrying PostgreSQL's SQLSTATE and
// wording.
//
// Concurrency: the registry (the Def table) is built once at package
// initialisation and is read-only afterwards, so any goroutine may read it.
// A *Set is owned by one goroutine of one process (a backend's session loop,
// or the postmaster's main loop); it has no locks and must not be shared.
// Processes exchange settings only through Encode and Decode.
package settings
