package main

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestConstraintErrorFields checks the schema, table, column and
// constraint fields of constraint violations, which drivers expose (Ecto
// and others map a violation to a validation error by constraint name).
// The expected fields are PostgreSQL 15's for the same statements.
func TestConstraintErrorFields(t *testing.T) {
	s := startServer(t, "")
	c := s.mustConnect()
	ctx := context.Background()
	exec := func(sql string) error {
		_, err := c.Exec(ctx, sql).ReadAll()
		return err
	}
	for _, sql := range []string{
		"CREATE TABLE ef_p (id int PRIMARY KEY, code text UNIQUE, n int NOT NULL DEFAULT 0 CHECK (n >= 0))",
		"CREATE TABLE ef_c (id int, pid int REFERENCES ef_p (id))",
		"INSERT INTO ef_p VALUES (1, 'a', 1)",
		"INSERT INTO ef_c VALUES (1, 1)",
	} {
		if err := exec(sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	for _, tc := range []struct {
		sql                                     string
		code, schema, table, column, constraint string
	}{
		{"INSERT INTO ef_p VALUES (1, 'b', 1)", "23505", "public", "ef_p", "", "ef_p_pkey"},
		{"INSERT INTO ef_p VALUES (2, 'a', 1)", "23505", "public", "ef_p", "", "ef_p_code_key"},
		{"INSERT INTO ef_p VALUES (3, 'c', -1)", "23514", "public", "ef_p", "", "ef_p_n_check"},
		{"INSERT INTO ef_p VALUES (4, 'd', NULL)", "23502", "public", "ef_p", "n", ""},
		{"INSERT INTO ef_c VALUES (1, 99)", "23503", "public", "ef_c", "", "ef_c_pid_fkey"},
		{"DELETE FROM ef_p WHERE id = 1", "23503", "public", "ef_c", "", "ef_c_pid_fkey"},
	} {
		err := exec(tc.sql)
		var pe *pgconn.PgError
		if !errors.As(err, &pe) {
			t.Errorf("%s: got %v, want an error", tc.sql, err)
			continue
		}
		got := [5]string{pe.Code, pe.SchemaName, pe.TableName, pe.ColumnName, pe.ConstraintName}
		want := [5]string{tc.code, tc.schema, tc.table, tc.column, tc.constraint}
		if got != want {
			t.Errorf("%s: code, schema, table, column, constraint = %q, want %q", tc.sql, got, want)
		}
	}
}
