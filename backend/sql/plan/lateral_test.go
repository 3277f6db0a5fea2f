package plan

import "testing"

// TestLateralPlans plans each statement of testdata/lateral_plans.txt
// (LATERAL sub-selects and functions in FROM) and compares the EXPLAIN
// lines or the error with the expectation after "----".
func TestLateralPlans(t *testing.T) { runPlanFile(t, "testdata/lateral_plans.txt") }
