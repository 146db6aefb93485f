package mission

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// B2BSettings are a mission's scheduling settings.
type B2BSettings struct {
	MissionID int64
	// VideoBaseURL starts every online meeting's video link (the link is
	// this address plus an unguessable room name), such as
	// https://meet.jit.si/.
	VideoBaseURL string
	// TimeLimitSeconds bounds one scheduling run.
	TimeLimitSeconds int
	// Fairness is d, the most the breaks of two participants may differ;
	// -1 for no bound.
	Fairness int
	// Online lists the people who attend the mission's B2B meetings
	// remotely: their meetings are online, with a video link.
	Online    []int64
	UpdatedAt time.Time
}

// Default scheduling settings.
const (
	DefaultVideoBaseURL     = "https://meet.jit.si/"
	DefaultScheduleSeconds  = 20
	DefaultScheduleFairness = 2
)

// Validate checks the settings and normalises the video address to end
// with a slash.
func (s *B2BSettings) Validate() error {
	s.VideoBaseURL = strings.TrimSpace(s.VideoBaseURL)
	u, err := url.Parse(s.VideoBaseURL)
	switch {
	case err != nil || u.Scheme != "https" || u.Host == "" || u.RawQuery != "" || u.Fragment != "":
		return FieldError("video_base_url", "The video address must be an https:// address without ? or #, such as https://meet.jit.si/.").
			Localized("schedule.error.video_base_url")
	case s.TimeLimitSeconds < 1 || s.TimeLimitSeconds > 600:
		return FieldError("time_limit_seconds", "The time limit must be between 1 and 600 seconds.").Localized("schedule.error.time_limit")
	case s.Fairness < -1 || s.Fairness > 50:
		return FieldError("fairness", "Fairness must be between 0 and 50, or -1 for none.").Localized("schedule.error.fairness")
	}
	if !strings.HasSuffix(s.VideoBaseURL, "/") {
		s.VideoBaseURL += "/"
	}
	return nil
}

// B2BSession is a b2b_session programme item with its tables and the
// breaks inside it.
type B2BSession struct {
	Item *ProgrammeItem
	// Tables has one entry per table, numbered 1..Item.Tables.
	Tables []B2BTable
	Breaks []Interval
}

// B2BTable is one table of a B2B session.
type B2BTable struct {
	Number int
	// Name is what participants read; empty means the number.
	Name string
	// PinnedPersonID reserves the table for one person (an exhibitor's or
	// host's booth), 0 for none.
	PinnedPersonID int64
}

// Label is the table's name, or its number when it has none.
func (t B2BTable) Label() string {
	if t.Name != "" {
		return t.Name
	}
	return strconv.Itoa(t.Number)
}

// Slots returns the session's meeting slots: back-to-back slots of
// Item.SlotMinutes from its start, leaving out every slot that overlaps a
// break and the last one when it would end after the session.
func (s *B2BSession) Slots() []Interval {
	var out []Interval
	if s.Item == nil || s.Item.SlotMinutes <= 0 {
		return nil
	}
	step := time.Duration(s.Item.SlotMinutes) * time.Minute
	for start := s.Item.StartsAt; !start.Add(step).After(s.Item.EndsAt); {
		end := start.Add(step)
		clash := false
		for _, b := range s.Breaks {
			if start.Before(b.End) && b.Start.Before(end) {
				clash, end = true, b.End
				break
			}
		}
		if !clash {
			out = append(out, Interval{Start: start, End: end})
		}
		start = end
	}
	return out
}

// Validate checks a session's configuration: slot length, table count,
// table numbers and names, and breaks inside the item that do not
// overlap.
func (s *B2BSession) Validate() error {
	it := s.Item
	switch {
	case it == nil || it.Kind != ItemB2BSession:
		return FieldError("item", "Only a B2B session has slots and tables.").Localized("schedule.error.item")
	case it.SlotMinutes < 5 || it.SlotMinutes > 240:
		return FieldError("slot_minutes", "A slot must last between 5 and 240 minutes.").Localized("schedule.error.slot_minutes")
	case it.Tables < 1 || it.Tables > 1000:
		return FieldError("tables", "A session needs between 1 and 1,000 tables.").Localized("schedule.error.tables")
	}
	for i, t := range s.Tables {
		if t.Number < 1 || t.Number > it.Tables {
			return FieldError("tables", "Table %d does not exist: the session has %d tables.", t.Number, it.Tables).
				Localized("schedule.error.no_such_table", "table", t.Number, "count", it.Tables)
		}
		if len(t.Name) > 100 {
			return FieldError("table_"+strconv.Itoa(t.Number), "A table name must be at most 100 characters.").
				Localized("schedule.error.table_name_long", "table", t.Number)
		}
		for _, o := range s.Tables[:i] {
			if o.Number == t.Number {
				return FieldError("tables", "Table %d is listed twice.", t.Number).Localized("schedule.error.table_twice", "table", t.Number)
			}
			if t.Name != "" && strings.EqualFold(o.Label(), t.Label()) {
				return FieldError("table_"+strconv.Itoa(t.Number), "Two tables are called %q.", t.Name).
					Localized("schedule.error.table_name_twice", "name", t.Name)
			}
		}
	}
	for i, b := range s.Breaks {
		if !b.End.After(b.Start) || b.Start.Before(it.StartsAt) || b.End.After(it.EndsAt) {
			return FieldError("breaks", "A break must end after it starts and lie inside the session.").Localized("schedule.error.break_outside")
		}
		for _, o := range s.Breaks[:i] {
			if b.Start.Before(o.End) && o.Start.Before(b.End) {
				return FieldError("breaks", "Two breaks overlap.").Localized("schedule.error.breaks_overlap")
			}
		}
	}
	if len(s.Slots()) == 0 {
		return FieldError("slot_minutes", "The session holds no slot of that length.").Localized("schedule.error.no_slot")
	}
	return nil
}

// Job kinds.
const JobSchedule = "schedule"

// Job statuses.
const (
	JobQueued  = "queued"
	JobRunning = "running"
	JobDone    = "done"
	JobFailed  = "failed"
)

// Why a job's attempt failed, as its LastError: a code that pages say in
// the reader's language. The details stay in the server's log.
const (
	// JobFailStopped: the node running it stopped (shut down, or died and
	// its lease ran out) before the job finished.
	JobFailStopped = "stopped"
	// JobFailDataChanged: what the job works on went away meanwhile.
	JobFailDataChanged = "data_changed"
	// JobFailInternal: any other error.
	JobFailInternal = "internal"
)

// Job is background work kept in the database, which any node may take:
// queued, then running under a lease (LockedUntil) that its worker
// extends, then done or failed. A running job whose lease expired is taken
// again by another worker.
type Job struct {
	ID          int64
	Kind        string
	MissionID   int64
	Payload     string // JSON, the kind's input
	Status      string
	Attempts    int
	MaxAttempts int
	RunAfter    time.Time
	LockedUntil time.Time
	LockedBy    string
	Progress    string // JSON, what the running job reports
	LastError   string // a JobFail code
	ResultID    int64
	CreatedBy   int64
	CreatedAt   time.Time
	StartedAt   time.Time
	FinishedAt  time.Time
}

// Active reports whether the job is still to be done or being done.
func (j *Job) Active() bool { return j.Status == JobQueued || j.Status == JobRunning }

// Schedule run kinds and statuses.
const (
	RunGenerate   = "generate"
	RunRepair     = "repair"
	RunPreview    = "preview"
	RunPublished  = "published"
	RunSuperseded = "superseded"
)

// ScheduleRun is a plan of a mission's B2B meetings that the scheduler
// made: a preview until published into the meetings.
type ScheduleRun struct {
	ID        int64
	MissionID int64
	JobID     int64
	Kind      string // generate or repair
	Status    string // preview, published or superseded
	// BaseRunID is the published run a repair started from.
	BaseRunID int64
	// Data is the run as JSON (problem, plan, database ids).
	Data        []byte
	Version     int
	CreatedAt   time.Time
	PublishedAt time.Time
	PublishedBy int64
}
