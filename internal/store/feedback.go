package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"caravan/internal/mission"
)

// The feedback survey of a mission and its responses (migration 0015).

// FeedbackSurvey returns a mission's own survey questions; a mission whose
// organisers added none has an empty survey (not an error).
func (db *DB) FeedbackSurvey(ctx context.Context, missionID int64) (*mission.FeedbackSurvey, error) {
	s := &mission.FeedbackSurvey{MissionID: missionID}
	err := db.db.QueryRowContext(ctx, "SELECT questions, updated_at FROM feedback_surveys WHERE mission_id = $1", missionID).
		Scan(jsonInto(&s.Questions), timeValue{&s.UpdatedAt})
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("feedback survey of mission %d: %w", missionID, err)
	}
	return s, nil
}

// SaveFeedbackSurvey sets a mission's own survey questions. Responses
// already given keep the questions they answered.
func (db *DB) SaveFeedbackSurvey(ctx context.Context, s *mission.FeedbackSurvey) error {
	if err := s.Validate(); err != nil {
		return err
	}
	questions, err := jsonText(s.Questions, "[]")
	if err != nil {
		return err
	}
	s.UpdatedAt = stamp(s.UpdatedAt)
	_, err = db.db.ExecContext(ctx, `INSERT INTO feedback_surveys (mission_id, questions, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (mission_id) DO UPDATE SET questions = excluded.questions, updated_at = excluded.updated_at`,
		s.MissionID, questions, ts(s.UpdatedAt))
	if err != nil {
		return fmt.Errorf("save feedback survey of mission %d: %w", s.MissionID, dbError(err, "", fmt.Sprintf("There is no mission %d.", s.MissionID)))
	}
	return nil
}

const responseColumns = "id, mission_id, person_id, role, satisfaction, worked, improve, recommend, answers, created_at, updated_at"

func scanResponse(row interface{ Scan(...any) error }) (*mission.FeedbackResponse, error) {
	r := &mission.FeedbackResponse{}
	err := row.Scan(&r.ID, &r.MissionID, &r.PersonID, &r.Role, &r.Satisfaction, &r.Worked, &r.Improve, &r.Recommend,
		jsonInto(&r.Answers), timeValue{&r.CreatedAt}, timeValue{&r.UpdatedAt})
	return r, err
}

// SaveFeedbackResponse records a person's response to a mission's survey,
// or replaces the one they gave: one response per person per mission. It
// sets r.ID and r.CreatedAt (of the first answer) and r.UpdatedAt (now
// when zero).
func (db *DB) SaveFeedbackResponse(ctx context.Context, r *mission.FeedbackResponse) error {
	if err := r.Validate(); err != nil {
		return err
	}
	answers, err := jsonText(r.Answers, "[]")
	if err != nil {
		return err
	}
	now := stamp(r.UpdatedAt)
	err = db.db.QueryRowContext(ctx, `INSERT INTO feedback_responses
		(mission_id, person_id, role, satisfaction, worked, improve, recommend, answers, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
		ON CONFLICT (mission_id, person_id) DO UPDATE SET role = excluded.role, satisfaction = excluded.satisfaction,
			worked = excluded.worked, improve = excluded.improve, recommend = excluded.recommend, answers = excluded.answers,
			updated_at = excluded.updated_at
		RETURNING id, created_at`, r.MissionID, r.PersonID, r.Role, r.Satisfaction, r.Worked, r.Improve, r.Recommend, answers, ts(now),
	).Scan(&r.ID, timeValue{&r.CreatedAt})
	if err != nil {
		return fmt.Errorf("save feedback of person %d on mission %d: %w", r.PersonID, r.MissionID,
			dbError(err, "", "The mission or the person does not exist."))
	}
	r.UpdatedAt = now
	return nil
}

// FeedbackResponse returns a person's response to a mission's survey;
// ENOTFOUND when they have not answered.
func (db *DB) FeedbackResponse(ctx context.Context, missionID, personID int64) (*mission.FeedbackResponse, error) {
	r, err := scanResponse(db.db.QueryRowContext(ctx, "SELECT "+responseColumns+
		" FROM feedback_responses WHERE mission_id = $1 AND person_id = $2", missionID, personID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, mission.Errorf(mission.ENOTFOUND, "Person %d has not answered the survey of mission %d.", personID, missionID)
	} else if err != nil {
		return nil, fmt.Errorf("feedback of person %d on mission %d: %w", personID, missionID, err)
	}
	return r, nil
}

// FeedbackResponses returns all responses to a mission's survey in the
// order they were first given.
func (db *DB) FeedbackResponses(ctx context.Context, missionID int64) ([]*mission.FeedbackResponse, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT "+responseColumns+" FROM feedback_responses WHERE mission_id = $1 ORDER BY id", missionID)
	if err != nil {
		return nil, fmt.Errorf("feedback of mission %d: %w", missionID, err)
	}
	defer rows.Close()
	var list []*mission.FeedbackResponse
	for rows.Next() {
		r, err := scanResponse(rows)
		if err != nil {
			return nil, fmt.Errorf("feedback of mission %d: %w", missionID, err)
		}
		list = append(list, r)
	}
	return list, rows.Err()
}
