package demo

import (
	"context"
	"fmt"
	"time"

	"caravan/internal/mission"
)

// Open answers of the Basque mission's feedback survey, written for the
// demo.
var (
	feedbackWorked = []string{
		"The pre-arranged B2B meetings: every one of them was relevant.",
		"Meeting GAIA's members on their own premises.",
		"The visit to Bilbao AS Fabrik showed how the region supports Industry 4.0.",
		"Good mix of exhibition, visits and the SME Assembly.",
		"The organisers' briefing on the first morning saved us a lot of time.",
	}
	feedbackImprove = []string{
		"Longer B2B slots: 20 minutes is short for a technical discussion.",
		"Send the meeting agenda a week earlier.",
		"More time between the company visits and the evening.",
		"A list of the exhibitors in advance, to plan the visit to the fair.",
	}
	feedbackAgain = []string{"A machine-tool maker near Elgoibar.", "The cybersecurity companies of CYBASQUE.", "The BDIH's test facilities."}
)

// surveyQuestion is the Basque mission organisers' own open question.
const surveyQuestion = "Which company or centre would you like to visit on a next mission?"

// createOutcomesAndFeedback writes what came of the past Basque mission:
// most people of each meeting record whether it took place and its
// outcome (a few sides disagree), about two thirds of the visitors and
// half of the local companies answer the feedback survey, and EXCITE gets
// targets for its SMEs, meetings and missions.
func (s *seeder) createOutcomesAndFeedback(ctx context.Context) error {
	m, err := s.db.Mission(ctx, s.info.BasqueMissionID)
	if err != nil {
		return err
	}
	meetings, err := s.db.Meetings(ctx, m.ID)
	if err != nil {
		return err
	}
	for _, mt := range meetings {
		held := s.r.IntN(10) > 0 // one meeting in ten did not take place
		kind := mission.OutcomeKinds[s.weighted([]int{30, 40, 15, 10, 5})]
		for i, pid := range mt.PersonIDs {
			if s.r.IntN(10) < 2 {
				continue // one person in five records nothing
			}
			o := &mission.MeetingOutcome{MeetingID: mt.ID, PersonID: pid, Held: held, Outcome: mission.OutcomeNone,
				UpdatedAt: mt.EndsAt.Add(time.Duration(1+s.r.IntN(72)) * time.Hour)}
			if held && s.r.IntN(25) == 0 {
				o.Held = false // the sides remember it differently
			}
			if o.Held {
				o.Outcome = kind
				if i > 0 && kind != mission.OutcomeNone && s.r.IntN(3) == 0 {
					o.Outcome = mission.OutcomeFollowUp // the other side sees it a step earlier
				}
			}
			if o.Outcome != mission.OutcomeNone && s.r.IntN(2) == 0 {
				o.Note = "We agreed to exchange technical documentation and meet again."
			}
			if err := s.db.SaveMeetingOutcome(ctx, m.ID, o); err != nil {
				return fmt.Errorf("outcome of meeting %d: %w", mt.ID, err)
			}
		}
	}
	if err := s.db.SaveFeedbackSurvey(ctx, &mission.FeedbackSurvey{MissionID: m.ID, Questions: []string{surveyQuestion},
		UpdatedAt: m.StartsOn.AddDate(0, 0, -7)}); err != nil {
		return err
	}
	for _, role := range []string{mission.RoleParticipant, mission.RoleLocal} {
		members, err := s.db.MissionMembers(ctx, m.ID, role)
		if err != nil {
			return err
		}
		for _, mm := range members {
			if s.r.IntN(3) == 0 || (role == mission.RoleLocal && s.r.IntN(3) == 0) {
				continue
			}
			r := &mission.FeedbackResponse{MissionID: m.ID, PersonID: mm.PersonID, Role: role,
				Satisfaction: 1 + s.weighted([]int{1, 2, 6, 20, 15}),
				UpdatedAt:    m.EndsOn.Add(time.Duration(12+s.r.IntN(240)) * time.Hour)}
			r.Recommend = r.Satisfaction >= 4 || (r.Satisfaction == 3 && s.r.IntN(2) == 0)
			if s.r.IntN(2) == 0 {
				r.Worked = s.pick(feedbackWorked)
			}
			if s.r.IntN(2) == 0 {
				r.Improve = s.pick(feedbackImprove)
			}
			answer := ""
			if s.r.IntN(4) == 0 {
				answer = s.pick(feedbackAgain)
			}
			r.Answers = []mission.FeedbackAnswer{{Question: surveyQuestion, Answer: answer}}
			if err := s.db.SaveFeedbackResponse(ctx, r); err != nil {
				return fmt.Errorf("feedback of person %d: %w", mm.PersonID, err)
			}
		}
	}
	// EXCITE's 96 participants, and the consortium's other aims: SMEs
	// among them, B2B meetings and its 16 business missions.
	return s.db.SetConsortiumTargets(ctx, s.excite.ID, mission.ConsortiumTargets{Participants: s.excite.TargetParticipants,
		SMEs: 80, Meetings: 150, Missions: 16}, 0, s.now)
}
