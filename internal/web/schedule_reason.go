package web

import (
	"strings"

	"caravan/internal/b2b"
	"caravan/internal/i18n"
	"caravan/internal/mission"
	"caravan/internal/schedule"
)

// reasonNames names a run's tables and slots for the reasons of its
// unplaced meetings: a session's table by its session and name, an online
// room by its person, a slot by its day and time.
type reasonNames struct {
	table func(t int) string
	slot  func(k int) string
}

// unplacedText says in l's language why meeting k of snap is unplaced, from
// its reason code and parameters (schedule.Reason), naming people as the
// mission knows them. A reason without a code the catalogue knows (a run
// stored before codes existed) keeps the engine's English words.
func unplacedText(l *i18n.Localizer, snap *b2b.Snapshot, k int, n reasonNames) string {
	a := snap.Plan.Assign[k]
	c := a.Cause
	id := "schedule.reason." + c.Code
	if c.Code == "" || !l.Has(id) {
		return a.Reason
	}
	pr := &snap.Problem
	person := func(i int) string {
		if i < 0 || i >= len(snap.People) {
			return "?"
		}
		return snap.People[i].Name
	}
	in := func(i, n int) bool { return i >= 0 && i < n }
	parts := pr.Meetings[k].Participants
	names := make([]string, len(parts))
	for j, i := range parts {
		names[j] = person(i)
	}
	people := strings.Join(names, ", ")
	if len(names) > 1 {
		last := names[len(names)-1]
		and := "schedule.reason.and"
		if startsWithI(last) {
			and = "schedule.reason.and_i" // Spanish: "Ana e Iñaki"
		}
		people = strings.Join(names[:len(names)-1], ", ") + " " + l.T(and) + " " + last
	}
	switch c.Code {
	case schedule.ReasonFixedTableReserved, schedule.ReasonFixedTableNotReserved:
		if !in(c.Table, len(pr.Tables)) {
			return a.Reason
		}
		return l.T(id, "table", n.table(c.Table), "person", person(c.Participant), "people", people)
	case schedule.ReasonFixedSlot:
		if !in(c.Slot, len(pr.Slots)) {
			return a.Reason
		}
		return l.T(id, "slot", n.slot(c.Slot), "people", people)
	case schedule.ReasonPrecedenceCycle:
		if !in(c.Meeting, len(pr.Meetings)) {
			return a.Reason
		}
		return l.T(id, "number", c.Meeting+1, "meeting", pr.Meetings[c.Meeting].Name)
	case schedule.ReasonNoSlotLeft:
		var why []string
		for j, i := range parts {
			if j < len(c.Busy) && c.Busy[j] > 0 {
				why = append(why, l.T("schedule.reason.busy", "person", person(i), "count", c.Busy[j]))
			}
		}
		if c.Full > 0 {
			why = append(why, l.T("schedule.reason.full", "count", c.Full))
		}
		if c.Order > 0 {
			why = append(why, l.T("schedule.reason.order", "count", c.Order))
		}
		msg := l.T(id, "people", people, "count", c.Slots)
		if len(why) > 0 {
			msg += ": " + strings.Join(why, "; ")
		}
		return msg + "."
	}
	return l.T(id, "people", people)
}

// onlinePerson names the person whose online room table t of snap is.
func onlinePerson(snap *b2b.Snapshot, t int) string {
	if i := snap.Problem.Tables[t].Pinned; i >= 0 && i < len(snap.People) {
		return snap.People[i].Name
	}
	return "?"
}

// startsWithI reports whether a name begins with the sound i (I, Í, Hi,
// but not Hie or Hia), before which Spanish writes "e" for "and".
func startsWithI(name string) bool {
	n := strings.ToLower(name)
	for _, p := range []string{"hie", "hia", "hio", "hiu"} {
		if strings.HasPrefix(n, p) {
			return false
		}
	}
	for _, p := range []string{"i", "í", "hi", "hí"} {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}

// jobFailure says why job j's last attempt failed from its failure code
// (mission.JobFail…), "" when none failed. An unknown text, such as one
// stored before codes, reads as an internal error: a Go error's words
// never reach the page.
func jobFailure(l *i18n.Localizer, j *mission.Job) string {
	if j.LastError == "" {
		return ""
	}
	code := j.LastError
	switch code {
	case mission.JobFailStopped, mission.JobFailDataChanged, mission.JobFailInternal:
	default:
		code = mission.JobFailInternal
	}
	return l.T("schedule.failure."+code, "count", j.Attempts)
}
