package mission

import (
	"errors"
	"testing"
)

func TestCallCheckAnswers(t *testing.T) {
	c := &Call{Questions: []Question{
		{ID: "sector", Kind: QuestionChoice, Label: "Sector", Options: []string{"ICT", "Health"}, Required: true},
		{ID: "first", Kind: QuestionYesNo, Label: "First exchange?"},
		{ID: "goal", Kind: QuestionText, Label: "Goal"},
	}}
	if err := c.Validate(); err != nil || c.RuleSetID != DefaultRuleSetID {
		t.Fatalf("got %v and rule set %q, want valid with the default rule set", err, c.RuleSetID)
	}
	tests := []struct {
		answers map[string]string
		field   string // "" when valid
	}{
		{map[string]string{"sector": "ICT", "first": "yes", "goal": " Partners ", "other": "dropped"}, ""},
		{map[string]string{"first": "no"}, "answer.sector"},
		{map[string]string{"sector": "Food"}, "answer.sector"},
		{map[string]string{"sector": "ICT", "first": "maybe"}, "answer.first"},
	}
	for _, tt := range tests {
		got, err := c.CheckAnswers(tt.answers)
		var e *Error
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("%v: got %v, want valid", tt.answers, err)
		case tt.field == "" && (got["goal"] != "Partners" || len(got) != 3):
			t.Errorf("%v: got %v, want trimmed answers without unknown keys", tt.answers, got)
		case tt.field != "" && (!errors.As(err, &e) || e.Field != tt.field):
			t.Errorf("%v: got %v, want an error on %s", tt.answers, err, tt.field)
		}
	}
	c.Criteria = []Criterion{{ID: "fit", Name: "Fit", Weight: 2}, {ID: "impact", Name: "Impact", Weight: 0.5}}
	if got := c.WeightedScore(map[string]float64{"fit": 7, "impact": 4, "unknown": 10}); got != 16 {
		t.Errorf("got score %v, want 16", got)
	}
	for _, bad := range []Call{
		{Questions: []Question{{ID: "A b", Kind: QuestionText, Label: "x"}}},
		{Questions: []Question{{ID: "a", Kind: "essay", Label: "x"}}},
		{Questions: []Question{{ID: "a", Kind: QuestionText, Label: "x"}, {ID: "a", Kind: QuestionText, Label: "y"}}},
		{Criteria: []Criterion{{ID: "a", Name: "A", Weight: -1}}},
		{Criteria: []Criterion{{ID: "a", Name: ""}}},
	} {
		if err := bad.Validate(); ErrorCode(err) != EINVALID {
			t.Errorf("%+v: got %v, want invalid", bad, err)
		}
	}
}
