package b2b

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"slices"
	"strings"
	"time"

	"caravan/internal/mission"
	"caravan/internal/store"
)

// MailMeeting is one meeting in a participant's schedule e-mail.
type MailMeeting struct {
	Start, End time.Time
	Table      string
	Online     bool
	VideoURL   string
	With       []string // the other people's names
	// Changed marks a meeting that is new or moved since the last
	// publication; Cancelled one that no longer takes place.
	Changed, Cancelled bool
}

// Mailer renders the e-mail that tells person to (who has an address)
// their meetings, in language lang ("" when they have no account).
type Mailer func(to *mission.Person, lang string, meetings []MailMeeting) (*mission.Email, error)

// Published says what publishing wrote.
type Published struct {
	Meetings int // meetings in the published plan
	Notified int // e-mails queued
}

// Publish writes run (a preview at version) into the mission's meetings in
// one transaction with an e-mail to each person whose meetings are new,
// moved or cancelled compared with the meetings published before (on a
// first publication, everyone with a meeting). An online meeting keeps its
// video link when it stays online, else gets a new one: the mission's
// video address plus 26 random characters (128 bits), which nobody can
// guess.
func Publish(ctx context.Context, db *store.DB, run *mission.ScheduleRun, version int, by int64, now time.Time, mail Mailer) (*Published, error) {
	if run.Status != mission.RunPreview {
		return nil, mission.Errorf(mission.ECONFLICT, "The schedule is no longer a preview: reload it.")
	}
	snap, err := Decode(run)
	if err != nil {
		return nil, err
	}
	settings, err := db.B2BSettings(ctx, run.MissionID)
	if err != nil {
		return nil, err
	}
	current, err := db.Meetings(ctx, run.MissionID)
	if err != nil {
		return nil, err
	}
	before := map[int64]*mission.Meeting{}
	for _, m := range current {
		if m.RequestID != 0 {
			before[m.RequestID] = m
		}
	}
	names := map[int64]string{}
	for _, p := range snap.People {
		names[p.ID] = p.Name
	}
	pub := &store.Publication{RunID: run.ID, Version: version, By: by, Now: now}
	for _, sl := range snap.Slots {
		if !slices.Contains(pub.ItemIDs, sl.ItemID) {
			pub.ItemIDs = append(pub.ItemIDs, sl.ItemID)
		}
	}
	lines := map[int64][]MailMeeting{}
	notify := map[int64]bool{}
	planned := map[int64]bool{}
	for k, r := range snap.Requests {
		pl := snap.Placement(k)
		if pl == nil {
			continue
		}
		planned[r.ID] = true
		m := &mission.Meeting{MissionID: run.MissionID, RequestID: r.ID, SessionItemID: pl.ItemID, StartsAt: pl.Start,
			EndsAt: pl.End, Table: pl.Table, Online: pl.Online}
		for _, i := range snap.Problem.Meetings[k].Participants {
			m.PersonIDs = append(m.PersonIDs, snap.People[i].ID)
		}
		old := before[r.ID]
		if m.Online {
			if old != nil && old.Online && old.VideoURL != "" {
				m.VideoURL = old.VideoURL
			} else {
				m.VideoURL = settings.VideoBaseURL + "caravan-" + room()
			}
		}
		changed := old == nil || !old.StartsAt.Equal(m.StartsAt) || !old.EndsAt.Equal(m.EndsAt) || old.Table != m.Table ||
			old.Online != m.Online || !slices.Equal(old.PersonIDs, sorted(m.PersonIDs))
		pub.Meetings = append(pub.Meetings, m)
		for _, id := range m.PersonIDs {
			lines[id] = append(lines[id], MailMeeting{Start: m.StartsAt, End: m.EndsAt, Table: m.Table, Online: m.Online,
				VideoURL: m.VideoURL, With: others(m.PersonIDs, id, names), Changed: changed})
			if changed {
				notify[id] = true
			}
		}
	}
	for _, old := range current {
		if old.RequestID == 0 || planned[old.RequestID] {
			continue
		}
		for _, id := range old.PersonIDs {
			if _, ok := names[id]; !ok {
				p, err := db.Person(ctx, id)
				if err != nil {
					return nil, err
				}
				names[id] = p.Name
			}
		}
		for _, id := range old.PersonIDs {
			lines[id] = append(lines[id], MailMeeting{Start: old.StartsAt, End: old.EndsAt, Table: old.Table, Online: old.Online,
				With: others(old.PersonIDs, id, names), Cancelled: true})
			notify[id] = true
		}
	}
	ids := make([]int64, 0, len(notify))
	for id := range notify {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	if mail != nil {
		for _, id := range ids {
			p, err := db.Person(ctx, id)
			if err != nil {
				return nil, err
			}
			if p.Email == "" {
				continue
			}
			lang := ""
			if a, err := db.AccountByPerson(ctx, id); err == nil {
				lang = a.Language
			} else if mission.ErrorCode(err) != mission.ENOTFOUND {
				return nil, err
			}
			ls := lines[id]
			slices.SortStableFunc(ls, func(a, b MailMeeting) int { return a.Start.Compare(b.Start) })
			e, err := mail(p, lang, ls)
			if err != nil {
				return nil, err
			}
			pub.Emails = append(pub.Emails, e)
		}
	}
	if err := db.PublishScheduleRun(ctx, pub); err != nil {
		return nil, err
	}
	return &Published{Meetings: len(pub.Meetings), Notified: len(pub.Emails)}, nil
}

// room returns an unguessable video room name: 128 random bits in
// lower-case base32.
func room() string {
	b := make([]byte, 16)
	rand.Read(b)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

func sorted(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

func others(ids []int64, me int64, names map[int64]string) []string {
	var out []string
	for _, id := range ids {
		if id != me {
			out = append(out, names[id])
		}
	}
	return out
}
