// Package colstats owns per-column statistics: what ANALYZE computes from
// a sample of a table's rows (the fraction of NULLs, the average stored
// width, the number of distinct values, the most common values and their
// frequencies, a histogram of the rest and the correlation between value
// order and physical order, as PostgreSQL's compute_scalar_stats defines
// them), the slots they are stored in (pg_statistic's stakindN layout),
// and the selectivity estimates the planner derives from them.
//
// It is pure: it knows types and nothing of catalogs, storage or
// sessions. The engine samples the rows and writes the result to the
// catalog; the planner reads it back through Stats.
//
// # Departures from PostgreSQL
//
//   - Rows are sampled by one pass of reservoir sampling over the whole
//     table (Sampler) rather than PostgreSQL's two-stage block sample;
//     tables with fewer rows than the sample size are read whole in both,
//     so their statistics are identical.
//   - Types without an ordering (json, ...) get only the NULL fraction
//     and width; array columns get scalar statistics but no element
//     statistics (most_common_elems).
package colstats
