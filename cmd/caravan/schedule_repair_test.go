package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"caravan/internal/schedule"
)

func TestScheduleRepair(t *testing.T) {
	dir := t.TempDir()
	in := "../../internal/schedule/testdata/tiny.dzn"
	plan := filepath.Join(dir, "plan.json")
	code, _, stderr := runCaravan(t, "schedule", "-in", in, "-workers", "1", "-max-work", "20000", "-time-limit", "10s", "-out", plan)
	if code != 0 {
		t.Fatalf("schedule: exit %d, want 0; stderr: %s", code, stderr)
	}
	changes := filepath.Join(dir, "changes.json")
	if err := os.WriteFile(changes, []byte(`{"cancel": [6], "add": [{"name": "new", "participants": ["5", "1"], "weight": 2}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCaravan(t, "schedule", "repair", "-in", in, "-plan", plan, "-changes", changes, "-workers", "1", "-max-work", "20000", "-time-limit", "10s")
	if code != 0 {
		t.Fatalf("repair: exit %d, want 0; stderr: %s", code, stderr)
	}
	var rep struct {
		Meetings, Scheduled     int
		Moved, Cancelled, Added *int
		Assignments             []struct{ Meeting, Slot, Table int }
		Unscheduled             []struct {
			Meeting int
			Reason  string
		}
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("repair output: %v\n%s", err, stdout)
	}
	if rep.Meetings != 6 || rep.Moved == nil || rep.Cancelled == nil || *rep.Cancelled != 1 || rep.Added == nil || *rep.Added != 1 {
		t.Fatalf("got meetings %d, moved %v, cancelled %v, added %v; want 6 meetings, 1 cancelled, 1 added", rep.Meetings, rep.Moved, rep.Cancelled, rep.Added)
	}
	// Check the repaired plan independently against the changed problem
	// and count the moves against the published plan.
	p := parseTestDZN(t, in)
	p.Fairness = 2
	q, from, err := schedule.ApplyChanges(p, schedule.Changes{Cancel: []int{5}, Add: []schedule.Meeting{{Name: "new", Participants: []int{4, 0}, Weight: 2, FixedSlot: -1, FixedTable: -1}}})
	if err != nil {
		t.Fatal(err)
	}
	pl := &schedule.Plan{Assign: make([]schedule.Assignment, len(q.Meetings))}
	for m := range pl.Assign {
		pl.Assign[m] = schedule.Assignment{Slot: -1, Table: -1}
	}
	for _, a := range rep.Assignments {
		pl.Assign[a.Meeting-1] = schedule.Assignment{Slot: a.Slot - 1, Table: a.Table - 1}
	}
	for _, u := range rep.Unscheduled {
		pl.Assign[u.Meeting-1].Reason = u.Reason
	}
	if err := schedule.Verify(q, pl); err != nil {
		t.Fatalf("repaired plan: %v", err)
	}
	published, err := readPublished(plan, p)
	if err != nil {
		t.Fatal(err)
	}
	moved := 0
	for k, m := range from {
		if m >= 0 && (published[m].Slot != pl.Assign[k].Slot || published[m].Table != pl.Assign[k].Table) {
			moved++
		}
	}
	if *rep.Moved != moved {
		t.Errorf("moved: got %d, want %d", *rep.Moved, moved)
	}
}

func TestScheduleRepairBadInput(t *testing.T) {
	dir := t.TempDir()
	in := "../../internal/schedule/testdata/tiny.dzn"
	plan := filepath.Join(dir, "plan.json")
	if code, _, stderr := runCaravan(t, "schedule", "-in", in, "-workers", "1", "-max-work", "20000", "-time-limit", "10s", "-out", plan); code != 0 {
		t.Fatalf("schedule: exit %d; stderr: %s", code, stderr)
	}
	changes := filepath.Join(dir, "changes.json")
	for _, tc := range []struct{ changes, want string }{
		{`{"cancel": [9]}`, "cancel meeting 9: out of range 1..6"},
		{`{"add": [{"participants": ["1", "77"]}]}`, `add entry 1: unknown participant "77"`},
		{`{"remove": [1]}`, `unknown field "remove"`},
	} {
		if err := os.WriteFile(changes, []byte(tc.changes), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := runCaravan(t, "schedule", "repair", "-in", in, "-plan", plan, "-changes", changes)
		if code != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: got exit %d, stderr %q; want 1 and %q", tc.changes, code, stderr, tc.want)
		}
	}
	if code, _, _ := runCaravan(t, "schedule", "repair", "-in", in); code != 2 {
		t.Errorf("repair without -plan: exit %d, want 2", code)
	}
}
