package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"caravan/internal/mission"
)

const applicationColumns = "a.id, a.mission_id, a.person_id, a.status, a.motivation, a.score, a.submitted_at, a.created_at, a.updated_at, " +
	"a.answers, a.scores, a.partner_id, a.rule_set_id, a.rule_set_version, a.eligible, a.eligibility, a.checked_at"

func applicationFields(a *mission.Application) []any {
	e := &a.Eligibility
	return []any{&a.ID, &a.MissionID, &a.PersonID, &a.Status, &a.Motivation, &a.Score,
		timeValue{&a.SubmittedAt}, timeValue{&a.CreatedAt}, timeValue{&a.UpdatedAt},
		jsonInto(&a.Answers), jsonInto(&a.Scores), idValue{&a.PartnerID}, &e.RuleSetID, &e.RuleSetVersion,
		&e.Passed, &e.Result, timeValue{&e.CheckedAt}}
}

// applicationSelect selects applications with their person and the person's
// organisation.
var applicationSelect = "SELECT " + applicationColumns + ", " + personColumns("p") + ", " + orgColumns("o") +
	" FROM applications a JOIN persons p ON p.id = a.person_id JOIN organisations o ON o.id = p.organisation_id"

// CreateApplication inserts a; its status is draft when empty. It sets a.ID,
// and CreatedAt and UpdatedAt when zero. A second application of the same
// person to the same mission is ECONFLICT; a mission or person that does not
// exist is EINVALID.
func (db *DB) CreateApplication(ctx context.Context, a *mission.Application) error {
	if a.Status == "" {
		a.Status = mission.AppDraft
	}
	switch {
	case !contains(mission.ApplicationStatuses, a.Status):
		return mission.FieldError("status", "Status must be one of %s.", strings.Join(mission.ApplicationStatuses, ", "))
	case a.MissionID == 0:
		return mission.FieldError("mission_id", "Mission is required.")
	case a.PersonID == 0:
		return mission.FieldError("person_id", "Person is required.")
	case len(a.Motivation) > 5000:
		return mission.FieldError("motivation", "Motivation must be at most 5,000 characters.")
	}
	created := stamp(a.CreatedAt)
	updated := created
	if !a.UpdatedAt.IsZero() {
		updated = stamp(a.UpdatedAt)
	}
	answers, err := jsonText(a.Answers, "{}")
	if err != nil {
		return err
	}
	err = db.db.QueryRowContext(ctx, `INSERT INTO applications
		(mission_id, person_id, status, motivation, score, submitted_at, created_at, updated_at, answers, partner_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		a.MissionID, a.PersonID, a.Status, a.Motivation, a.Score, ts(a.SubmittedAt), ts(created), ts(updated), answers, ident(a.PartnerID),
	).Scan(&a.ID)
	if err != nil {
		return fmt.Errorf("create application: %w", dbError(err,
			fmt.Sprintf("Person %d has already applied to mission %d.", a.PersonID, a.MissionID),
			fmt.Sprintf("Mission %d or person %d does not exist.", a.MissionID, a.PersonID)))
	}
	a.CreatedAt, a.UpdatedAt = created, updated
	if !a.SubmittedAt.IsZero() {
		a.SubmittedAt = stamp(a.SubmittedAt)
	}
	return nil
}

// Application returns the application with the id, with its Person and the
// person's Organisation.
func (db *DB) Application(ctx context.Context, id int64) (*mission.Application, error) {
	a, err := getApplication(ctx, db.db, id)
	if err != nil {
		return nil, fmt.Errorf("application %d: %w", id, err)
	}
	return a, nil
}

func getApplication(ctx context.Context, q querier, id int64) (*mission.Application, error) {
	list, err := queryApplications(ctx, q, applicationSelect+" WHERE a.id = $1", id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, notFound("application", id)
	}
	return list[0], nil
}

// Applications returns the applications that f selects, with their Person
// and Organisation, ordered by id: at most f.Limit (100 when 0, at most
// 1000) with ids greater than f.After.
func (db *DB) Applications(ctx context.Context, f mission.ApplicationFilter) ([]*mission.Application, error) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	where = append(where, "a.id > "+arg(f.After))
	if f.MissionID != 0 {
		where = append(where, "a.mission_id = "+arg(f.MissionID))
	}
	if f.PersonID != 0 {
		where = append(where, "a.person_id = "+arg(f.PersonID))
	}
	if f.Status != "" {
		where = append(where, "a.status = "+arg(f.Status))
	}
	if f.PartnerID != 0 {
		where = append(where, "a.partner_id = "+arg(f.PartnerID))
	}
	list, err := queryApplications(ctx, db.db, applicationSelect+" WHERE "+strings.Join(where, " AND ")+
		" ORDER BY a.id LIMIT "+arg(limit(f.Limit)), args...)
	if err != nil {
		return nil, fmt.Errorf("applications: %w", err)
	}
	return list, nil
}

func queryApplications(ctx context.Context, q querier, query string, args ...any) ([]*mission.Application, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*mission.Application
	var orgs []*mission.Organisation
	for rows.Next() {
		a := &mission.Application{Person: &mission.Person{Organisation: &mission.Organisation{}}}
		fields := append(applicationFields(a), personFields(a.Person)...)
		if err := rows.Scan(append(fields, orgFields(a.Person.Organisation)...)...); err != nil {
			return nil, err
		}
		list = append(list, a)
		orgs = append(orgs, a.Person.Organisation)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := loadOrganisationLists(ctx, q, orgs); err != nil {
		return nil, err
	}
	return list, nil
}

// TransitionApplication moves the application with the id to the status
// to, as ChangeApplication does (quotas, promotion from the waiting list,
// the recorded transition) but without e-mail: who (byPersonID, 0 for the
// system), when (at; now when zero) and why. Moving to submitted sets
// SubmittedAt. A move that is not allowed, or that loses a race with
// another change of the same application, is ECONFLICT naming both
// statuses; an unknown status is EINVALID. It returns the application as
// stored.
func (db *DB) TransitionApplication(ctx context.Context, id int64, to string, byPersonID int64, reason string, at time.Time) (*mission.Application, error) {
	return db.ChangeApplication(ctx, mission.ApplicationChange{ApplicationID: id, To: to, ByPersonID: byPersonID, Reason: reason, At: at}, nil)
}

// ApplicationTransitions returns the status changes of an application in
// the order they happened. An application that does not exist is
// ENOTFOUND.
func (db *DB) ApplicationTransitions(ctx context.Context, applicationID int64) ([]*mission.ApplicationTransition, error) {
	var n int
	if err := db.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM applications WHERE id = $1", applicationID).Scan(&n); err != nil {
		return nil, fmt.Errorf("transitions of application %d: %w", applicationID, err)
	} else if n == 0 {
		return nil, notFound("application", applicationID)
	}
	rows, err := db.db.QueryContext(ctx, `SELECT id, application_id, from_status, to_status, by_person_id, reason, at
		FROM application_transitions WHERE application_id = $1 ORDER BY at, id`, applicationID)
	if err != nil {
		return nil, fmt.Errorf("transitions of application %d: %w", applicationID, err)
	}
	defer rows.Close()
	var list []*mission.ApplicationTransition
	for rows.Next() {
		tr := &mission.ApplicationTransition{}
		if err := rows.Scan(&tr.ID, &tr.ApplicationID, &tr.From, &tr.To, idValue{&tr.ByPersonID}, &tr.Reason, timeValue{&tr.At}); err != nil {
			return nil, fmt.Errorf("transitions of application %d: %w", applicationID, err)
		}
		list = append(list, tr)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("transitions of application %d: %w", applicationID, err)
	}
	return list, nil
}
