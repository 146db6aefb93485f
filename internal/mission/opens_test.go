package mission

import (
	"testing"
	"time"
)

// TestOpensAt checks that the survey and the claims open at midnight in
// the mission's time zone: the start of its last day and of the next.
func TestOpensAt(t *testing.T) {
	m := &Mission{TimeZone: "Europe/Madrid", EndsOn: time.Date(2023, 11, 15, 0, 0, 0, 0, time.UTC)}
	if got, want := m.FeedbackOpensAt().UTC(), time.Date(2023, 11, 14, 23, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("feedback opens at %v, want %v", got, want)
	}
	if got, want := m.ClaimsOpenAt().UTC(), time.Date(2023, 11, 15, 23, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("claims open at %v, want %v", got, want)
	}
	if !(&Mission{}).FeedbackOpensAt().IsZero() || !(&Mission{}).ClaimsOpenAt().IsZero() {
		t.Error("a mission without an end date opens nothing")
	}
}
