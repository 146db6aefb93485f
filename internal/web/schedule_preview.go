package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"caravan/internal/b2b"
	"caravan/internal/mail"
	"caravan/internal/mission"
	"caravan/internal/schedule"
)

// previewPage is the data of schedule_preview.html: a run's quality, its
// unplaced meetings, a grid per session, each person's count, what a
// repair changes, and the forms that adjust and publish it.
type previewPage struct {
	Mission    *mission.Mission
	Location   *time.Location
	Run        *mission.ScheduleRun
	Snap       *b2b.Snapshot
	Stats      schedule.Stats
	Fairness   int // max − min breaks
	Sessions   []previewSession
	Unplaced   []previewMeeting
	People     []previewPerson
	Moves      []previewMeeting // repair: published meetings that move
	Added      []previewMeeting // repair: meetings that were not published
	Cancelled  []previewMeeting // repair: published meetings taken out
	Slots      []option
	Tables     []option
	Error      string
	Editable   bool
	OnlineCols bool
}

type previewSession struct {
	Title  string
	Day    time.Time // the first slot's start
	Tables []string
	Rows   []previewRow
}

type previewRow struct {
	Slot   string
	Cells  []previewMeeting // per table; Number 0 when free
	Online []previewMeeting
}

type previewMeeting struct {
	Number int // 1-based index in the run
	Name   string
	Reason string
	Was    string
	Now    string
}

type previewPerson struct {
	Name     string
	Meetings int
	Breaks   int
	Online   bool
}

type option struct {
	Value int
	Label string
}

// scheduleRun returns the run of the path's {run} of the mission m; a run
// of another mission is not found.
func (s *Server) scheduleRun(r *http.Request, m *mission.Mission) (*mission.ScheduleRun, *b2b.Snapshot, error) {
	id, err := strconv.ParseInt(r.PathValue("run"), 10, 64)
	notFound := userError(mission.ENOTFOUND, "schedule.no_run")
	if err != nil {
		return nil, nil, notFound
	}
	run, err := s.db.ScheduleRun(r.Context(), id)
	if mission.ErrorCode(err) == mission.ENOTFOUND || (err == nil && run.MissionID != m.ID) {
		return nil, nil, notFound
	} else if err != nil {
		return nil, nil, err
	}
	snap, err := b2b.Decode(run)
	if err != nil {
		return nil, nil, err
	}
	return run, snap, nil
}

// runRequest is scheduleRequest plus the run of the path's {run}.
func (s *Server) runRequest(w http.ResponseWriter, r *http.Request) (*mission.User, *mission.Mission, *mission.ScheduleRun, *b2b.Snapshot, bool) {
	u, m, ok := s.scheduleRequest(w, r)
	if !ok {
		return nil, nil, nil, nil, false
	}
	run, snap, err := s.scheduleRun(r, m)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, nil, nil, false
	}
	return u, m, run, snap, true
}

func runPath(m *mission.Mission, run *mission.ScheduleRun) string {
	return schedulePath(m) + "/runs/" + strconv.FormatInt(run.ID, 10)
}

func (s *Server) previewPage(r *http.Request, m *mission.Mission, run *mission.ScheduleRun, snap *b2b.Snapshot) (*previewPage, error) {
	ctx := r.Context()
	loc := m.Location()
	p := &previewPage{Mission: m, Location: loc, Run: run, Snap: snap, Stats: snap.Stats(), Editable: run.Status == mission.RunPreview}
	p.Fairness = p.Stats.MaxBreaks - p.Stats.MinBreaks
	sessions, err := s.db.B2BSessions(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	titles := map[int64]string{}
	for _, sess := range sessions {
		titles[sess.Item.ID] = sess.Item.Title
	}
	pr := &snap.Problem
	l := s.localizer(r)
	at := map[[2]int]int{}
	for k, a := range snap.Plan.Assign {
		if a.Slot >= 0 {
			at[[2]int{a.Slot, a.Table}] = k
		}
	}
	meeting := func(k int) previewMeeting { return previewMeeting{Number: k + 1, Name: pr.Meetings[k].Name} }
	for k := range pr.Slots {
		p.Slots = append(p.Slots, option{k, l.FormatSlot(pr.Slots[k].Start, pr.Slots[k].End, loc)})
	}
	var online []int
	for t, ref := range snap.Tables {
		if ref.Online() {
			online = append(online, t)
			p.Tables = append(p.Tables, option{t, l.T("schedule.reason.online_room", "person", onlinePerson(snap, t))})
			continue
		}
		p.Tables = append(p.Tables, option{t, titles[ref.ItemID] + " · " + pr.Tables[t].Name})
	}
	p.OnlineCols = len(online) > 0
	for k := 0; k < len(pr.Slots); {
		item := snap.Slots[k].ItemID
		ps := previewSession{Title: titles[item], Day: pr.Slots[k].Start}
		var tables []int
		for t, ref := range snap.Tables {
			if ref.ItemID == item {
				tables = append(tables, t)
				ps.Tables = append(ps.Tables, pr.Tables[t].Name)
			}
		}
		for ; k < len(pr.Slots) && snap.Slots[k].ItemID == item; k++ {
			row := previewRow{Slot: l.FormatTimeRange(pr.Slots[k].Start, pr.Slots[k].End, loc)}
			for _, t := range tables {
				c := previewMeeting{}
				if mk, ok := at[[2]int{k, t}]; ok {
					c = meeting(mk)
				}
				row.Cells = append(row.Cells, c)
			}
			for _, t := range online {
				if mk, ok := at[[2]int{k, t}]; ok {
					row.Online = append(row.Online, meeting(mk))
				}
			}
			ps.Rows = append(ps.Rows, row)
		}
		p.Sessions = append(p.Sessions, ps)
	}
	count := make([]int, len(pr.Participants))
	names := reasonNames{slot: func(k int) string {
		return l.FormatWeekdayDate(pr.Slots[k].Start, loc) + " " + l.FormatTime(pr.Slots[k].Start, loc)
	}, table: func(t int) string {
		if ref := snap.Tables[t]; !ref.Online() {
			return l.T("schedule.reason.table", "table", pr.Tables[t].Name, "session", titles[ref.ItemID])
		}
		return l.T("schedule.reason.online_room", "person", onlinePerson(snap, t))
	}}
	for k, a := range snap.Plan.Assign {
		if a.Slot < 0 {
			pm := meeting(k)
			pm.Reason = unplacedText(l, snap, k, names)
			p.Unplaced = append(p.Unplaced, pm)
			continue
		}
		for _, i := range pr.Meetings[k].Participants {
			count[i]++
		}
	}
	for i, person := range snap.People {
		p.People = append(p.People, previewPerson{Name: person.Name, Meetings: count[i], Breaks: p.Stats.BreaksPerParticipant[i], Online: person.Online})
	}
	slices.SortStableFunc(p.People, func(a, b previewPerson) int { return strings.Compare(a.Name, b.Name) })
	if run.Kind == mission.RunRepair && snap.Before != nil {
		where := func(pl *b2b.Placement) string {
			if pl == nil {
				return ""
			}
			if pl.Online {
				return l.FormatSlot(pl.Start, pl.End, loc) + " · " + l.T("agenda.online")
			}
			return l.FormatSlot(pl.Start, pl.End, loc) + " · " + pl.Table
		}
		for k := range pr.Meetings {
			before, now := snap.Before[k], snap.Placement(k)
			pm := meeting(k)
			pm.Was, pm.Now = where(before), where(now)
			switch {
			case before == nil && now != nil:
				p.Added = append(p.Added, pm)
			case before != nil && pm.Was != pm.Now:
				p.Moves = append(p.Moves, pm)
			}
		}
		names := map[int64]string{}
		for _, person := range snap.People {
			names[person.ID] = person.Name
		}
		for _, c := range snap.Cancelled {
			var who []string
			for _, id := range c.PersonIDs {
				if n, ok := names[id]; ok {
					who = append(who, n)
				} else if person, err := s.db.Person(ctx, id); err == nil {
					who = append(who, person.Name)
				}
			}
			p.Cancelled = append(p.Cancelled, previewMeeting{Name: strings.Join(who, " – "), Was: where(&c.Was)})
		}
	}
	return p, nil
}

// handleScheduleRun shows a run: its quality and plan, and for a preview
// the forms to adjust and publish it.
func (s *Server) handleScheduleRun(w http.ResponseWriter, r *http.Request) {
	_, m, run, snap, ok := s.runRequest(w, r)
	if !ok {
		return
	}
	p, err := s.previewPage(r, m, run, snap)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "schedule_preview.html", p)
}

// handleScheduleMove moves (or places) one meeting of a preview at a slot
// and table.
func (s *Server) handleScheduleMove(w http.ResponseWriter, r *http.Request) {
	s.adjustSchedule(w, r, "move")
}

// handleScheduleSwap swaps the places of two meetings of a preview.
func (s *Server) handleScheduleSwap(w http.ResponseWriter, r *http.Request) {
	s.adjustSchedule(w, r, "swap")
}

// handleScheduleCancel takes one meeting out of a preview.
func (s *Server) handleScheduleCancel(w http.ResponseWriter, r *http.Request) {
	s.adjustSchedule(w, r, "cancel")
}

// adjustSchedule changes a preview, refusing with 422 and a message naming
// the person or table in conflict anything that double-books, uses a slot
// a person cannot meet in or a table reserved for someone else.
func (s *Server) adjustSchedule(w http.ResponseWriter, r *http.Request, action string) {
	_, m, run, snap, ok := s.runRequest(w, r)
	if !ok {
		return
	}
	l := s.localizer(r)
	refuse := func(msg string) {
		p, err := s.previewPage(r, m, run, snap)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p.Error = msg
		s.render(w, r, http.StatusUnprocessableEntity, "schedule_preview.html", p)
	}
	if run.Status != mission.RunPreview {
		refuse(l.T("schedule.not_preview"))
		return
	}
	num := func(field string) int {
		n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(field)))
		if err != nil {
			return -1
		}
		return n
	}
	version := num("version")
	var err error
	switch action {
	case "move":
		err = snap.Move(num("meeting")-1, num("slot"), num("table"))
	case "swap":
		err = snap.Swap(num("meeting")-1, num("other")-1)
	case "cancel":
		err = snap.Unplace(num("meeting") - 1)
	default:
		s.fail(w, r, userError(mission.ENOTFOUND, "schedule.no_run"))
		return
	}
	var c *b2b.Conflict
	switch {
	case errors.As(err, &c):
		refuse(l.T("schedule.conflict."+c.Code, "person", c.Person, "table", c.Table, "slot", c.Slot))
		return
	case mission.ErrorCode(err) == mission.ENOTFOUND:
		refuse(l.T("schedule.no_meeting"))
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	data, err := snap.Encode()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.db.UpdateScheduleRun(r.Context(), run.ID, version, data); mission.ErrorCode(err) == mission.ECONFLICT {
		refuse(l.T("schedule.stale"))
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, runPath(m, run)+"#adjust", http.StatusSeeOther)
}

// handleSchedulePublish writes a preview into the meetings that
// participants see, and e-mails each person whose meetings are new, moved
// or cancelled.
func (s *Server) handleSchedulePublish(w http.ResponseWriter, r *http.Request) {
	u, m, run, snap, ok := s.runRequest(w, r)
	if !ok {
		return
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	var by int64
	from := ""
	if u.Person != nil {
		by, from = u.Person.ID, u.Person.Name
	}
	link := s.link(r, "/me/agenda")
	send := func(to *mission.Person, lang string, ms []b2b.MailMeeting) (*mission.Email, error) {
		l := s.localizer(r)
		if lang != "" {
			l = s.bundle.Localizer(lang)
		}
		var body []string
		for _, mt := range ms {
			where := l.T("agenda.table", "table", mt.Table)
			if mt.Online {
				where = l.T("agenda.online") + " " + mt.VideoURL
			}
			line := l.FormatWeekdayDate(mt.Start, m.Location()) + ", " + l.FormatTime(mt.Start, m.Location()) + "–" +
				l.FormatTime(mt.End, m.Location()) + " · " + where + " · " + l.T("schedule.email.with", "names", strings.Join(mt.With, ", "))
			switch {
			case mt.Cancelled:
				line = l.T("schedule.email.cancelled") + ": " + line
			case mt.Changed:
				line = l.T("schedule.email.changed") + ": " + line
			}
			body = append(body, line)
		}
		data := mail.AnnouncementData{Name: to.Name, From: from, Mission: m.Title, Subject: l.T("schedule.email.subject"),
			Body: strings.Join(body, "\n"), Link: link}
		return s.email(r, lang, to.Email, to.Name, data)
	}
	_, err := b2b.Publish(r.Context(), s.db, run, version, by, s.now(), send)
	if mission.ErrorCode(err) == mission.ECONFLICT {
		p, perr := s.previewPage(r, m, run, snap)
		if perr != nil {
			s.fail(w, r, perr)
			return
		}
		p.Error = s.localizer(r).T("schedule.stale")
		s.render(w, r, http.StatusConflict, "schedule_preview.html", p)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, schedulePath(m)+"?published=1#runs", http.StatusSeeOther)
}
