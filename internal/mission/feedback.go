package mission

import (
	"strings"
	"time"
)

// Limits of the feedback survey.
const (
	MaxFeedbackText      = 4000 // characters of one open answer
	MaxFeedbackQuestions = 5    // the organisers' own open questions
	MaxFeedbackQuestion  = 300  // characters of one such question
)

// FeedbackSurvey is a mission's own open questions, asked after the fixed
// ones (satisfaction, what worked, what to improve, would you recommend).
type FeedbackSurvey struct {
	MissionID int64
	Questions []string
	UpdatedAt time.Time
}

// Validate trims the questions, drops empty ones and checks their number
// and length.
func (s *FeedbackSurvey) Validate() error {
	var qs []string
	for _, q := range s.Questions {
		if q = strings.TrimSpace(q); q != "" {
			qs = append(qs, q)
		}
	}
	s.Questions = qs
	if len(qs) > MaxFeedbackQuestions {
		return FieldError("questions", "Ask at most %d questions of your own.", MaxFeedbackQuestions)
	}
	for _, q := range qs {
		if len([]rune(q)) > MaxFeedbackQuestion {
			return FieldError("questions", "A question must be at most %d characters.", MaxFeedbackQuestion)
		}
	}
	return nil
}

// FeedbackAnswer is the answer to one of a mission's own questions, kept
// with the question as it was asked.
type FeedbackAnswer struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

// FeedbackResponse is one person's answer to a mission's feedback survey:
// one per person per mission, which they may change.
type FeedbackResponse struct {
	ID        int64
	MissionID int64
	PersonID  int64
	// Role is how the person took part: RoleParticipant or RoleLocal.
	Role         string
	Satisfaction int // 1 to 5
	Worked       string
	Improve      string
	Recommend    bool
	Answers      []FeedbackAnswer
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Validate checks a response's fields.
func (r *FeedbackResponse) Validate() error {
	r.Worked, r.Improve = strings.TrimSpace(r.Worked), strings.TrimSpace(r.Improve)
	switch {
	case r.MissionID == 0 || r.PersonID == 0:
		return FieldError("person_id", "Mission and person are required.")
	case r.Role != RoleParticipant && r.Role != RoleLocal:
		return FieldError("role", "Only participants and local companies answer the survey.")
	case r.Satisfaction < 1 || r.Satisfaction > 5:
		return FieldError("satisfaction", "Satisfaction must be from 1 to 5.")
	case len([]rune(r.Worked)) > MaxFeedbackText:
		return FieldError("worked", "Write at most 4,000 characters.")
	case len([]rune(r.Improve)) > MaxFeedbackText:
		return FieldError("improve", "Write at most 4,000 characters.")
	}
	for i := range r.Answers {
		r.Answers[i].Answer = strings.TrimSpace(r.Answers[i].Answer)
		if len([]rune(r.Answers[i].Answer)) > MaxFeedbackText {
			return FieldError("answer", "Write at most 4,000 characters.")
		}
	}
	return nil
}

// FeedbackOpensAt is when the mission's feedback survey opens: the start
// of its last day in the mission's time zone, so that people can answer
// on the way home (zero when the mission has no end date).
func (m *Mission) FeedbackOpensAt() time.Time {
	if m.EndsOn.IsZero() {
		return time.Time{}
	}
	y, mo, d := m.EndsOn.Date()
	return time.Date(y, mo, d, 0, 0, 0, 0, m.Location())
}
