package b2b

import (
	"fmt"
	"strings"
	"testing"

	"caravan/internal/schedule"
)

// TestLogTextHidesNames: a plan failing verification goes to the log as a
// count, not as its violations, which name meetings by their people.
func TestLogTextHidesNames(t *testing.T) {
	err := fmt.Errorf("schedule: internal error: the plan fails verification: %w",
		&schedule.VerifyError{Problem: "Basque mission", Violations: []string{"meeting Ana Arrieta – Ben Barth: slot 3 forbidden"}, Total: 1})
	got := logText(err)
	if strings.Contains(got, "Ana") || !strings.Contains(got, "1 violations") {
		t.Errorf("logged %q", got)
	}
	if got := logText(fmt.Errorf("job 3: payload: bad")); got != "job 3: payload: bad" {
		t.Errorf("logged %q, want the error", got)
	}
}
