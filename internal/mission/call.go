package mission

import (
	"regexp"
	"strings"
	"time"
)

// DefaultRuleSetID is the eligibility rule set a call uses until its
// organisers choose another: ClusterXchange 2022–24.
const DefaultRuleSetID = "clusterxchange-2022-24"

// RuleSetEligibility is the kind of rule set that decides who may apply.
const RuleSetEligibility = "eligibility"

// Question kinds of a call's application form.
const (
	QuestionText   = "text"   // free text
	QuestionChoice = "choice" // one of Options
	QuestionYesNo  = "yes_no" // "yes" or "no"
)

// QuestionKinds lists the valid Question.Kind values.
var QuestionKinds = []string{QuestionText, QuestionChoice, QuestionYesNo}

// Call is a mission's call for applications: which rule set decides
// eligibility, the questions applicants answer and the criteria organisers
// score them on. The call's window is the mission's CallOpensOn and
// CallClosesOn; its capacity and quotas are the mission's.
type Call struct {
	MissionID int64
	// RuleSetID names an eligibility rule set; RuleSetVersion pins one
	// version of it, 0 follows the latest.
	RuleSetID      string
	RuleSetVersion int
	Questions      []Question
	Criteria       []Criterion
	UpdatedAt      time.Time
}

// Question is one question of a call's application form. ID is a short key
// under which answers are kept.
type Question struct {
	ID       string   `json:"id"`
	Kind     string   `json:"kind"`
	Label    string   `json:"label"`
	Options  []string `json:"options,omitempty"`
	Required bool     `json:"required,omitempty"`
}

// Criterion is one thing organisers score applications on, from 0 to 10;
// an application's Score is the weighted sum of its criteria's scores.
type Criterion struct {
	ID     string  `json:"id"`
	Name   string  `json:"name"`
	Weight float64 `json:"weight"`
}

// MaxCriterionScore is the highest score per criterion.
const MaxCriterionScore = 10

var keyPattern = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

// Validate checks the call's fields.
func (c *Call) Validate() error {
	c.RuleSetID = strings.TrimSpace(c.RuleSetID)
	if c.RuleSetID == "" {
		c.RuleSetID = DefaultRuleSetID
	}
	if c.RuleSetVersion < 0 {
		return FieldError("rule_set_version", "The rule set version must not be negative.")
	}
	if len(c.Questions) > 50 {
		return FieldError("questions", "A call has at most 50 questions.")
	}
	seen := map[string]bool{}
	for i := range c.Questions {
		q := &c.Questions[i]
		q.Label = strings.TrimSpace(q.Label)
		switch {
		case !keyPattern.MatchString(q.ID) || seen[q.ID]:
			return FieldError("questions", "Question %d needs a unique key of lower-case letters, digits and underscores.", i+1)
		case !contains(QuestionKinds, q.Kind):
			return FieldError("questions", "Question %d: kind must be one of %s.", i+1, strings.Join(QuestionKinds, ", "))
		case q.Label == "" || len(q.Label) > 500:
			return FieldError("questions", "Question %d needs a text of at most 500 characters.", i+1)
		case q.Kind == QuestionChoice && len(q.Options) < 2:
			return FieldError("questions", "Question %d is a choice and needs at least two options.", i+1)
		}
		seen[q.ID] = true
	}
	seen = map[string]bool{}
	for i := range c.Criteria {
		k := &c.Criteria[i]
		k.Name = strings.TrimSpace(k.Name)
		switch {
		case !keyPattern.MatchString(k.ID) || seen[k.ID]:
			return FieldError("criteria", "Criterion %d needs a unique key of lower-case letters, digits and underscores.", i+1)
		case k.Name == "" || len(k.Name) > 200:
			return FieldError("criteria", "Criterion %d needs a name of at most 200 characters.", i+1)
		case k.Weight < 0 || k.Weight > 100:
			return FieldError("criteria", "Criterion %d: the weight must be from 0 to 100.", i+1)
		}
		seen[k.ID] = true
	}
	return nil
}

// CheckAnswers checks an application's answers against the call's
// questions: required questions answered, choices among the options, yes/no
// as "yes" or "no", texts at most 2,000 characters. It drops answers to
// questions the call does not ask. The error names the question's key as
// its field ("answer.KEY").
func (c *Call) CheckAnswers(answers map[string]string) (map[string]string, error) {
	out := map[string]string{}
	for _, q := range c.Questions {
		v := strings.TrimSpace(answers[q.ID])
		switch {
		case v == "" && q.Required:
			return nil, FieldError("answer."+q.ID, "Please answer: %s", q.Label)
		case v == "":
			continue
		case q.Kind == QuestionChoice && !contains(q.Options, v):
			return nil, FieldError("answer."+q.ID, "Please choose one of the options: %s", q.Label)
		case q.Kind == QuestionYesNo && v != "yes" && v != "no":
			return nil, FieldError("answer."+q.ID, "Please answer yes or no: %s", q.Label)
		case len(v) > 2000:
			return nil, FieldError("answer."+q.ID, "An answer must be at most 2,000 characters.")
		}
		out[q.ID] = v
	}
	return out, nil
}

// WeightedScore returns the weighted sum of scores per criterion id, over
// the call's criteria.
func (c *Call) WeightedScore(scores map[string]float64) float64 {
	total := 0.0
	for _, k := range c.Criteria {
		total += k.Weight * scores[k.ID]
	}
	return total
}

// RuleSetDocument is one stored version of a rule set: its JSON document as
// written, who saved it and when.
type RuleSetDocument struct {
	ID        string
	Version   int
	Kind      string
	JSON      string
	CreatedBy int64 // 0 for the system (the embedded defaults)
	CreatedAt time.Time
}

// Eligibility is the stored outcome of an application's eligibility check:
// the rule set version used, whether it passed, and the result document
// (the engine's JSON with each failed rule and its message parameters).
type Eligibility struct {
	RuleSetID      string
	RuleSetVersion int
	Passed         bool
	Result         string // JSON
	CheckedAt      time.Time
}

// ApplicationChange is one status change asked of the store: the
// application, the status it moves to, who (0 for the system), why and
// when.
type ApplicationChange struct {
	ApplicationID int64
	To            string
	ByPersonID    int64
	Reason        string
	At            time.Time
}
