package mission

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Audit actions of mission stories and of the consent to public mention.
const (
	AuditStoryDrafted     = "story.drafted"
	AuditStorySaved       = "story.saved"
	AuditStoryPublished   = "story.published"
	AuditStoryUnpublished = "story.unpublished"
	AuditMentionConsent   = "consent.public_mention"
)

// Limits of a story's fields, in characters.
const (
	MaxStoryTitle = 200
	MaxStoryLead  = 1000
	MaxStoryBody  = 20000
)

// Story is the public account of a mission that its organisers publish
// after it: a title, a lead paragraph and a body of plain-text paragraphs
// (a line starting "## " is a heading, "- " a list item), in one language.
// A mission has at most one story; it is public only while published.
type Story struct {
	MissionID int64
	Language  string // BCP 47, "en" or "es"
	Title     string
	Lead      string
	Body      string
	// PublishedAt is zero for a draft; PublishedBy is the person who
	// published it.
	PublishedAt time.Time
	PublishedBy int64
	CreatedAt   time.Time
	UpdatedBy   int64
	UpdatedAt   time.Time
}

// Published reports whether the story is public.
func (s *Story) Published() bool { return !s.PublishedAt.IsZero() }

// Validate trims a story's fields and checks them.
func (s *Story) Validate() error {
	s.Title = strings.TrimSpace(s.Title)
	s.Lead = strings.TrimSpace(s.Lead)
	s.Body = strings.TrimSpace(strings.ReplaceAll(s.Body, "\r\n", "\n"))
	s.Language = strings.TrimSpace(s.Language)
	switch {
	case s.Title == "":
		return FieldError("title", "A story needs a title.")
	case utf8.RuneCountInString(s.Title) > MaxStoryTitle:
		return FieldError("title", "The title must be at most %d characters.", MaxStoryTitle)
	case utf8.RuneCountInString(s.Lead) > MaxStoryLead:
		return FieldError("lead", "The lead must be at most %d characters.", MaxStoryLead)
	case utf8.RuneCountInString(s.Body) > MaxStoryBody:
		return FieldError("body", "The text must be at most %d characters.", MaxStoryBody)
	case len(s.Language) < 2 || len(s.Language) > 8:
		return FieldError("language", "Language must be a language code such as en or es.")
	}
	return nil
}

// StoryFacts is what a mission's data says for its story: the mission, its
// host and partners, its programme and figures, and the organisations and
// people that may be named in public. Organisations that take part as
// visitors or local companies, and every person, appear only when a person
// gave consent to public mention (see NamedOrganisation).
type StoryFacts struct {
	Mission    *Mission
	Host       *Organisation
	Region     string // the host region's name, "" when none
	Consortium string // acronym, else name; "" when none
	// Partners are the consortium's partner organisations other than the
	// host whose people take part in the mission (all of them when none
	// does), by name.
	Partners  []string
	Programme []*ProgrammeItem
	// Participants counts the mission's exchanges (confirmed visitors) and
	// Countries the distinct countries of their organisations (ISO codes,
	// sorted), as the KPIs count them; CompaniesMet the distinct local
	// organisations that had a meeting; Meetings the meetings held when
	// people reported them (MeetingsHeld), else those scheduled.
	Participants int
	Countries    []string
	CompaniesMet int
	Meetings     int
	MeetingsHeld bool
	// Visitors and Locals are the visiting and local organisations that
	// may be named, by name, each with its people who consented.
	Visitors []NamedOrganisation
	Locals   []NamedOrganisation
}

// NamedOrganisation is an organisation that one of its people allowed to
// be named in public stories, with the names of those people.
type NamedOrganisation struct {
	Name    string
	Kind    string
	Country string
	People  []string
}
