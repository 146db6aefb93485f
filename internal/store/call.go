package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"caravan/internal/mission"
)

// A mission's call: its settings (calls), and the selection rules that
// every status change of an application goes through (ChangeApplication):
// capacity and per-partner quotas on acceptance, promotion from the waiting
// list when a place frees up, a recorded transition and an e-mail to the
// applicant in the same transaction.

// ApplicationMail renders the e-mail that tells the applicant of a about the
// transition tr, in the language lang (the applicant's saved preference, or
// "" when none). The store calls it inside the change's transaction, so the
// change and its e-mail commit together; it must not touch the database.
type ApplicationMail func(a *mission.Application, m *mission.Mission, tr *mission.ApplicationTransition, lang string) (*mission.Email, error)

// Call returns the call of a mission: as saved, or the default (the
// ClusterXchange rule set, no questions, no criteria) when it has none yet.
// A mission that does not exist is ENOTFOUND.
func (db *DB) Call(ctx context.Context, missionID int64) (*mission.Call, error) {
	if err := db.missionExists(ctx, missionID); err != nil {
		return nil, fmt.Errorf("call of mission %d: %w", missionID, err)
	}
	c := &mission.Call{MissionID: missionID}
	err := db.db.QueryRowContext(ctx, `SELECT rule_set_id, rule_set_version, questions, criteria, updated_at
		FROM calls WHERE mission_id = $1`, missionID).Scan(&c.RuleSetID, &c.RuleSetVersion,
		jsonInto(&c.Questions), jsonInto(&c.Criteria), timeValue{&c.UpdatedAt})
	if errors.Is(err, sql.ErrNoRows) {
		c.RuleSetID = mission.DefaultRuleSetID
		return c, nil
	} else if err != nil {
		return nil, fmt.Errorf("call of mission %d: %w", missionID, err)
	}
	return c, nil
}

// SaveCall validates c and stores it as its mission's call, replacing the
// one before. It sets c.UpdatedAt to at (now when zero).
func (db *DB) SaveCall(ctx context.Context, c *mission.Call, at time.Time) error {
	if err := c.Validate(); err != nil {
		return err
	}
	c.UpdatedAt = stamp(at)
	err := db.inTx(ctx, func(tx *sql.Tx) error { return saveCall(ctx, tx, c) })
	if err != nil {
		return fmt.Errorf("save call of mission %d: %w", c.MissionID, dbError(err, "", fmt.Sprintf("Mission %d does not exist.", c.MissionID)))
	}
	return nil
}

// CallSettings are the parts of a call kept on the mission: its window,
// capacity (0: no limit) and quotas per partner.
type CallSettings struct {
	OpensOn, ClosesOn time.Time
	Capacity          int
	Quotas            []mission.Quota
}

// SaveCallSettings stores the call c and the mission's window, capacity and
// quotas in one transaction. A quota's partner must belong to the mission's
// consortium.
func (db *DB) SaveCallSettings(ctx context.Context, c *mission.Call, cs CallSettings, at time.Time) error {
	if err := c.Validate(); err != nil {
		return err
	}
	switch {
	case !cs.OpensOn.IsZero() && !cs.ClosesOn.IsZero() && cs.ClosesOn.Before(cs.OpensOn):
		return mission.FieldError("call_closes_on", "The call must close on or after it opens.")
	case cs.Capacity < 0:
		return mission.FieldError("capacity", "Capacity must not be negative.")
	}
	c.UpdatedAt = stamp(at)
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE missions SET call_opens_on = $1, call_closes_on = $2, capacity = $3, updated_at = $4
			WHERE id = $5`, day(cs.OpensOn), day(cs.ClosesOn), cs.Capacity, ts(c.UpdatedAt), c.MissionID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return notFound("mission", c.MissionID)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM mission_quotas WHERE mission_id = $1", c.MissionID); err != nil {
			return err
		}
		for _, q := range cs.Quotas {
			if q.Places < 0 {
				return mission.FieldError("quotas", "A quota must not be negative.")
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO mission_quotas (mission_id, partner_id, places)
				SELECT m.id, pa.id, $1 FROM missions m JOIN partners pa ON pa.consortium_id = m.consortium_id
				WHERE m.id = $2 AND pa.id = $3`, q.Places, c.MissionID, q.PartnerID)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				return mission.FieldError("quotas", "Partner %d is not a partner of the mission's consortium.", q.PartnerID)
			}
		}
		return saveCall(ctx, tx, c)
	})
	if err != nil {
		return fmt.Errorf("save call of mission %d: %w", c.MissionID, dbError(err, "A partner has two quotas on the mission.", ""))
	}
	return nil
}

func saveCall(ctx context.Context, tx *sql.Tx, c *mission.Call) error {
	questions, err := jsonText(c.Questions, "[]")
	if err != nil {
		return err
	}
	criteria, err := jsonText(c.Criteria, "[]")
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO calls (mission_id, rule_set_id, rule_set_version, questions, criteria, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (mission_id) DO UPDATE SET rule_set_id = excluded.rule_set_id, rule_set_version = excluded.rule_set_version,
			questions = excluded.questions, criteria = excluded.criteria, updated_at = excluded.updated_at`,
		c.MissionID, c.RuleSetID, c.RuleSetVersion, questions, criteria, ts(c.UpdatedAt))
	return err
}

// SaveApplicationDraft stores a draft: a new one when a.ID is 0 (see
// CreateApplication), else the motivation and answers of the draft with
// a.ID. An application that is no longer a draft is ECONFLICT.
func (db *DB) SaveApplicationDraft(ctx context.Context, a *mission.Application) error {
	if a.ID == 0 {
		a.Status = mission.AppDraft
		return db.CreateApplication(ctx, a)
	}
	if len(a.Motivation) > 5000 {
		return mission.FieldError("motivation", "Motivation must be at most 5,000 characters.")
	}
	answers, err := jsonText(a.Answers, "{}")
	if err != nil {
		return err
	}
	a.UpdatedAt = stamp(a.UpdatedAt)
	res, err := db.db.ExecContext(ctx, `UPDATE applications SET motivation = $1, answers = $2, updated_at = $3
		WHERE id = $4 AND status = $5`, a.Motivation, answers, ts(a.UpdatedAt), a.ID, mission.AppDraft)
	if err != nil {
		return fmt.Errorf("save draft %d: %w", a.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("save draft %d: %w", a.ID, err)
	} else if n == 0 {
		return mission.Errorf(mission.ECONFLICT, "Application %d is not a draft any more.", a.ID)
	}
	return nil
}

// ChangeApplication moves an application to ch.To as mission.CanTransition
// allows, and records who, when and why, in one transaction with:
//
//   - on submission, the partner whose quota it counts toward, when none is
//     set: the consortium partner that the applicant's organisation is, or
//     is a member of, else the first partner in the same country;
//   - on acceptance, the mission's capacity and the partner's quota: an
//     acceptance that would exceed either is ECONFLICT, and of two
//     concurrent acceptances of the last place exactly one wins;
//   - when an accepted or confirmed application is withdrawn, the
//     promotion of the best waitlisted application (highest score, then
//     earliest submitted) that fits the freed place, recorded as the
//     system's;
//   - on confirmation, the applicant's membership of the mission as a
//     participant (its programme, sign-ups and agenda follow from it);
//   - the e-mail of each transition to its applicant through the outbox,
//     when mail is not nil.
//
// It returns the application as stored.
func (db *DB) ChangeApplication(ctx context.Context, ch mission.ApplicationChange, mail ApplicationMail) (*mission.Application, error) {
	if !contains(mission.ApplicationStatuses, ch.To) {
		return nil, mission.FieldError("status", "Status must be one of %s.", strings.Join(mission.ApplicationStatuses, ", "))
	}
	ch.At = stamp(ch.At)
	var a *mission.Application
	sent := false
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		var from string
		a, from, err = db.moveApplication(ctx, tx, ch)
		if err != nil {
			return err
		}
		if err := sendApplicationMail(ctx, tx, a, from, ch, mail, &sent); err != nil {
			return err
		}
		if ch.To == mission.AppWithdrawn && (from == mission.AppAccepted || from == mission.AppConfirmed) {
			return db.promoteFromWaitlist(ctx, tx, a.MissionID, ch.At, mail, &sent)
		}
		if ch.To == mission.AppConfirmed {
			_, err := tx.ExecContext(ctx, `INSERT INTO mission_members (mission_id, person_id, role, created_at)
				VALUES ($1, $2, $3, $4) ON CONFLICT (mission_id, person_id, role) DO NOTHING`,
				a.MissionID, a.PersonID, mission.RoleParticipant, ts(ch.At))
			return err
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("transition application %d to %s: %w", ch.ApplicationID, ch.To, err)
	}
	if sent {
		db.notifyEmailQueued()
	}
	return a, nil
}

// moveApplication is ChangeApplication's status change within tx; it
// returns the application after the change and the status before it.
func (db *DB) moveApplication(ctx context.Context, tx *sql.Tx, ch mission.ApplicationChange) (*mission.Application, string, error) {
	id, to := ch.ApplicationID, ch.To
	var from string
	var missionID int64
	err := tx.QueryRowContext(ctx, "SELECT status, mission_id FROM applications WHERE id = $1", id).Scan(&from, &missionID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", notFound("application", id)
	} else if err != nil {
		return nil, "", err
	}
	if !mission.CanTransition(from, to) {
		return nil, "", mission.Errorf(mission.ECONFLICT, "Application %d cannot move from %s to %s.", id, from, to)
	}
	if to == mission.AppSubmitted {
		if err := assignPartner(ctx, tx, id); err != nil {
			return nil, "", err
		}
	}
	if to == mission.AppAccepted {
		if err := db.lockMission(ctx, tx, missionID); err != nil {
			return nil, "", err
		}
		if err := placeFree(ctx, tx, id); err != nil {
			return nil, "", err
		}
	}
	submitted := any(nil)
	if to == mission.AppSubmitted {
		submitted = ts(ch.At)
	}
	// The status condition makes a concurrent change of the same
	// application lose: PostgreSQL re-checks it after the other
	// transaction commits.
	res, err := tx.ExecContext(ctx, `UPDATE applications SET status = $1, updated_at = $2,
		submitted_at = COALESCE($3, submitted_at) WHERE id = $4 AND status = $5`,
		to, ts(ch.At), submitted, id, from)
	if err != nil {
		return nil, "", err
	}
	if n, err := res.RowsAffected(); err != nil {
		return nil, "", err
	} else if n == 0 {
		return nil, "", mission.Errorf(mission.ECONFLICT, "Application %d cannot move from %s to %s: it changed meanwhile.", id, from, to)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO application_transitions (application_id, from_status, to_status, by_person_id, reason, at)
		VALUES ($1, $2, $3, $4, $5, $6)`, id, from, to, ident(ch.ByPersonID), ch.Reason, ts(ch.At))
	if err != nil {
		return nil, "", dbError(err, "", fmt.Sprintf("Person %d does not exist.", ch.ByPersonID))
	}
	a, err := getApplication(ctx, tx, id)
	return a, from, err
}

// lockMission serialises the acceptances of one mission: on PostgreSQL it
// locks the mission's row until the transaction ends; on SQLite the
// transaction already holds the database's write lock (BEGIN IMMEDIATE).
func (db *DB) lockMission(ctx context.Context, tx *sql.Tx, missionID int64) error {
	if db.dialect != Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, "SELECT id FROM missions WHERE id = $1 FOR UPDATE", missionID)
	return err
}

// taken counts the places held (accepted or confirmed).
const takenStatuses = "('accepted', 'confirmed')"

// placeFree returns ECONFLICT when accepting the application would exceed
// its mission's capacity or its partner's quota.
func placeFree(ctx context.Context, tx *sql.Tx, id int64) error {
	var missionID, partnerID int64
	var capacity int
	err := tx.QueryRowContext(ctx, `SELECT a.mission_id, a.partner_id, m.capacity FROM applications a
		JOIN missions m ON m.id = a.mission_id WHERE a.id = $1`, id).Scan(&missionID, idValue{&partnerID}, &capacity)
	if err != nil {
		return err
	}
	if capacity > 0 {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM applications WHERE mission_id = $1 AND status IN "+takenStatuses,
			missionID).Scan(&n); err != nil {
			return err
		}
		if n >= capacity {
			return mission.Errorf(mission.ECONFLICT, "The mission is full: all %d places are taken.", capacity)
		}
	}
	if partnerID == 0 {
		return nil
	}
	var places int
	err = tx.QueryRowContext(ctx, "SELECT places FROM mission_quotas WHERE mission_id = $1 AND partner_id = $2",
		missionID, partnerID).Scan(&places)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // the partner has no quota on this mission
	} else if err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM applications WHERE mission_id = $1 AND partner_id = $2 AND status IN "+takenStatuses,
		missionID, partnerID).Scan(&n); err != nil {
		return err
	}
	if n >= places {
		return mission.Errorf(mission.ECONFLICT, "The partner's quota is full: all %d places are taken.", places)
	}
	return nil
}

// assignPartner sets the partner of an application that has none: the
// partner of the mission's consortium that the applicant's organisation is,
// or is a member of (the lowest id first), else the first partner whose
// organisation is in the applicant's country. None found leaves it unset.
func assignPartner(ctx context.Context, tx *sql.Tx, id int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE applications SET partner_id = COALESCE(
		(SELECT pa.id FROM partners pa
			JOIN missions m ON m.consortium_id = pa.consortium_id
			JOIN persons p ON p.id = applications.person_id
			WHERE m.id = applications.mission_id AND (pa.organisation_id = p.organisation_id
				OR pa.organisation_id IN (SELECT cm.cluster_id FROM cluster_memberships cm WHERE cm.organisation_id = p.organisation_id))
			ORDER BY pa.id LIMIT 1),
		(SELECT pa.id FROM partners pa
			JOIN missions m ON m.consortium_id = pa.consortium_id
			JOIN organisations po ON po.id = pa.organisation_id
			JOIN persons p ON p.id = applications.person_id
			JOIN organisations o ON o.id = p.organisation_id
			WHERE m.id = applications.mission_id AND po.country = o.country
			ORDER BY pa.id LIMIT 1))
		WHERE id = $1 AND partner_id IS NULL`, id)
	return err
}

// promoteFromWaitlist accepts the best waitlisted application of the
// mission that fits a free place, if any, as the system.
func (db *DB) promoteFromWaitlist(ctx context.Context, tx *sql.Tx, missionID int64, at time.Time, mail ApplicationMail, sent *bool) error {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM applications WHERE mission_id = $1 AND status = $2
		ORDER BY score DESC, submitted_at, id`, missionID, mission.AppWaitlisted)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if err := db.lockMission(ctx, tx, missionID); err != nil {
		return err
	}
	for _, id := range ids {
		err := placeFree(ctx, tx, id)
		if mission.ErrorCode(err) == mission.ECONFLICT {
			continue
		} else if err != nil {
			return err
		}
		ch := mission.ApplicationChange{ApplicationID: id, To: mission.AppAccepted, Reason: PromotionReason, At: at}
		a, from, err := db.moveApplication(ctx, tx, ch)
		if err != nil {
			return err
		}
		return sendApplicationMail(ctx, tx, a, from, ch, mail, sent)
	}
	return nil
}

// PromotionReason is the recorded reason of a promotion from the waiting
// list.
const PromotionReason = "A place became free: promoted from the waiting list."

// sendApplicationMail puts the e-mail of one transition into the outbox
// within tx, when mail is set.
func sendApplicationMail(ctx context.Context, tx *sql.Tx, a *mission.Application, from string, ch mission.ApplicationChange,
	mail ApplicationMail, sent *bool) error {
	if mail == nil || a.Person == nil || a.Person.Email == "" {
		return nil
	}
	m, err := getMission(ctx, tx, a.MissionID)
	if err != nil {
		return err
	}
	var lang string
	err = tx.QueryRowContext(ctx, "SELECT language FROM accounts WHERE person_id = $1", a.PersonID).Scan(&lang)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	tr := &mission.ApplicationTransition{ApplicationID: a.ID, From: from, To: ch.To, ByPersonID: ch.ByPersonID, Reason: ch.Reason, At: ch.At}
	e, err := mail(a, m, tr, lang)
	if err != nil {
		return fmt.Errorf("e-mail of application %d: %w", a.ID, err)
	}
	if err := enqueueEmail(ctx, tx, e); err != nil {
		return err
	}
	*sent = true
	return nil
}

// RecordEligibility stores the outcome of an eligibility check of the
// application and moves it accordingly, as the system: a submitted
// application becomes eligible or ineligible, an eligible one that fails
// becomes ineligible and an ineligible one that passes eligible (each with
// its transition and e-mail, when mail is set); in later statuses only the
// outcome is kept, for the organisers to see. It returns the application
// as stored.
func (db *DB) RecordEligibility(ctx context.Context, id int64, e mission.Eligibility, mail ApplicationMail) (*mission.Application, error) {
	e.CheckedAt = stamp(e.CheckedAt)
	var a *mission.Application
	sent := false
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var status string
		if err := tx.QueryRowContext(ctx, "SELECT status FROM applications WHERE id = $1", id).Scan(&status); errors.Is(err, sql.ErrNoRows) {
			return notFound("application", id)
		} else if err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE applications SET rule_set_id = $1, rule_set_version = $2, eligible = $3,
			eligibility = $4, checked_at = $5 WHERE id = $6`, e.RuleSetID, e.RuleSetVersion, e.Passed, e.Result, ts(e.CheckedAt), id)
		if err != nil {
			return err
		}
		to := ""
		switch {
		case status == mission.AppSubmitted && e.Passed, status == mission.AppIneligible && e.Passed:
			to = mission.AppEligible
		case status == mission.AppSubmitted && !e.Passed, status == mission.AppEligible && !e.Passed:
			to = mission.AppIneligible
		}
		if to == "" {
			a, err = getApplication(ctx, tx, id)
			return err
		}
		ch := mission.ApplicationChange{ApplicationID: id, To: to, At: e.CheckedAt,
			Reason: fmt.Sprintf("Eligibility check under %s version %d.", e.RuleSetID, e.RuleSetVersion)}
		var from string
		if a, from, err = db.moveApplication(ctx, tx, ch); err != nil {
			return err
		}
		return sendApplicationMail(ctx, tx, a, from, ch, mail, &sent)
	})
	if err != nil {
		return nil, fmt.Errorf("record eligibility of application %d: %w", id, err)
	}
	if sent {
		db.notifyEmailQueued()
	}
	return a, nil
}

// ScoreApplication stores the organisers' scores per criterion and their
// weighted total as the application's Score.
func (db *DB) ScoreApplication(ctx context.Context, id int64, scores map[string]float64, total float64, at time.Time) error {
	for k, v := range scores {
		if v < 0 || v > mission.MaxCriterionScore {
			return mission.FieldError("score."+k, "A score must be from 0 to %d.", mission.MaxCriterionScore)
		}
	}
	text, err := jsonText(scores, "{}")
	if err != nil {
		return err
	}
	res, err := db.db.ExecContext(ctx, "UPDATE applications SET scores = $1, score = $2, updated_at = $3 WHERE id = $4",
		text, total, ts(stamp(at)), id)
	if err != nil {
		return fmt.Errorf("score application %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("score application %d: %w", id, err)
	} else if n == 0 {
		return notFound("application", id)
	}
	return nil
}

// SetApplicationPartner makes the application count toward the partner's
// quota (0: none). The partner must belong to the mission's consortium.
func (db *DB) SetApplicationPartner(ctx context.Context, id, partnerID int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var consortiumID int64
		err := tx.QueryRowContext(ctx, `SELECT m.consortium_id FROM applications a JOIN missions m ON m.id = a.mission_id
			WHERE a.id = $1`, id).Scan(idValue{&consortiumID})
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("application", id)
		} else if err != nil {
			return err
		}
		if partnerID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM partners WHERE id = $1 AND consortium_id = $2",
				partnerID, consortiumID).Scan(&n); err != nil {
				return err
			} else if n == 0 {
				return mission.FieldError("partner", "Partner %d is not a partner of the mission's consortium.", partnerID)
			}
		}
		_, err = tx.ExecContext(ctx, "UPDATE applications SET partner_id = $1 WHERE id = $2", ident(partnerID), id)
		return err
	})
}

// Exchange is an organisation's application to a mission as the once-only
// rule needs it: the mission, the rule set its call uses and the status.
type Exchange struct {
	MissionID    int64
	MissionTitle string
	RuleSetID    string
	Status       string
}

// OrganisationExchanges returns the applications of the organisation's
// people to missions other than exceptMissionID, with the rule set of each
// mission's call.
func (db *DB) OrganisationExchanges(ctx context.Context, organisationID, exceptMissionID int64) ([]Exchange, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT m.id, m.title, COALESCE(c.rule_set_id, $1), a.status
		FROM applications a JOIN persons p ON p.id = a.person_id JOIN missions m ON m.id = a.mission_id
		LEFT JOIN calls c ON c.mission_id = m.id
		WHERE p.organisation_id = $2 AND a.mission_id <> $3 ORDER BY a.id`, mission.DefaultRuleSetID, organisationID, exceptMissionID)
	if err != nil {
		return nil, fmt.Errorf("exchanges of organisation %d: %w", organisationID, err)
	}
	defer rows.Close()
	var out []Exchange
	for rows.Next() {
		var e Exchange
		if err := rows.Scan(&e.MissionID, &e.MissionTitle, &e.RuleSetID, &e.Status); err != nil {
			return nil, fmt.Errorf("exchanges of organisation %d: %w", organisationID, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// ApplicationsToRecheck returns the ids of the applications whose
// eligibility a change of the rule set affects: submitted, eligible or
// ineligible, in missions whose call uses the rule set (the default one
// when the mission has no call saved).
func (db *DB) ApplicationsToRecheck(ctx context.Context, ruleSetID string) ([]int64, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT a.id FROM applications a LEFT JOIN calls c ON c.mission_id = a.mission_id
		WHERE COALESCE(c.rule_set_id, $1) = $2 AND a.status IN ($3, $4, $5) ORDER BY a.id`,
		mission.DefaultRuleSetID, ruleSetID, mission.AppSubmitted, mission.AppEligible, mission.AppIneligible)
	if err != nil {
		return nil, fmt.Errorf("applications under rule set %s: %w", ruleSetID, err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// OrganisationApplicationsToRecheck returns the ids of the submitted,
// eligible and ineligible applications of the organisation's people: those
// whose eligibility a change of the organisation's data may change.
func (db *DB) OrganisationApplicationsToRecheck(ctx context.Context, organisationID int64) ([]int64, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT a.id FROM applications a JOIN persons p ON p.id = a.person_id
		WHERE p.organisation_id = $1 AND a.status IN ($2, $3, $4) ORDER BY a.id`,
		organisationID, mission.AppSubmitted, mission.AppEligible, mission.AppIneligible)
	if err != nil {
		return nil, fmt.Errorf("applications of organisation %d: %w", organisationID, err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
