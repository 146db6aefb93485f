package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"caravan/internal/mission"
)

// The key figures of missions and consortia (migration 0015): this file reads
// the facts, mission.ComputeKPI and mission.ComputeConsortiumKPI apply the
// rules to them.

// MissionKPI returns the key figures of a mission: its exchanges toward the
// partner that pays each, SMEs, countries, meetings from request to outcome,
// the feedback survey's satisfaction and grants committed and paid. An
// unknown mission is ENOTFOUND.
func (db *DB) MissionKPI(ctx context.Context, missionID int64) (*mission.MissionKPI, error) {
	m, err := db.Mission(ctx, missionID)
	if err != nil {
		return nil, err
	}
	f, err := db.kpiFacts(ctx, m.ConsortiumID, []*mission.Mission{m})
	if err != nil {
		return nil, fmt.Errorf("kpi of mission %d: %w", missionID, err)
	}
	f.MissionID = m.ID
	return mission.ComputeKPI(*f), nil
}

// ConsortiumKPI returns a consortium's key figures as of asOf: its missions
// that start within its period (all of them when it has none) together,
// each mission's line in date order, and the progress toward its targets.
// An unknown consortium is ENOTFOUND.
func (db *DB) ConsortiumKPI(ctx context.Context, consortiumID int64, asOf time.Time) (*mission.ConsortiumKPI, error) {
	targets, startsOn, endsOn, err := db.consortiumTargets(ctx, consortiumID)
	if err != nil {
		return nil, err
	}
	var missions []*mission.Mission
	for after := int64(0); ; {
		page, err := db.Missions(ctx, mission.MissionFilter{ConsortiumID: consortiumID, Limit: 1000, After: after})
		if err != nil {
			return nil, err
		}
		for _, m := range page {
			if (startsOn.IsZero() || !m.StartsOn.Before(startsOn)) && (endsOn.IsZero() || !m.StartsOn.After(endsOn)) {
				missions = append(missions, m)
			}
		}
		if len(page) < 1000 {
			break
		}
		after = page[len(page)-1].ID
	}
	slices.SortStableFunc(missions, func(a, b *mission.Mission) int { return a.StartsOn.Compare(b.StartsOn) })
	f, err := db.kpiFacts(ctx, consortiumID, missions)
	if err != nil {
		return nil, fmt.Errorf("kpi of consortium %d: %w", consortiumID, err)
	}
	return mission.ComputeConsortiumKPI(*f, missions, targets, startsOn, endsOn, asOf), nil
}

// ConsortiumTargets returns a consortium's KPI targets.
func (db *DB) ConsortiumTargets(ctx context.Context, consortiumID int64) (mission.ConsortiumTargets, error) {
	t, _, _, err := db.consortiumTargets(ctx, consortiumID)
	return t, err
}

func (db *DB) consortiumTargets(ctx context.Context, id int64) (t mission.ConsortiumTargets, startsOn, endsOn time.Time, err error) {
	err = db.db.QueryRowContext(ctx, `SELECT target_participants, target_smes, target_meetings, target_missions, starts_on, ends_on
		FROM consortia WHERE id = $1`, id).Scan(&t.Participants, &t.SMEs, &t.Meetings, &t.Missions, timeValue{&startsOn}, timeValue{&endsOn})
	if errors.Is(err, sql.ErrNoRows) {
		return t, startsOn, endsOn, notFound("consortium", id)
	} else if err != nil {
		return t, startsOn, endsOn, fmt.Errorf("targets of consortium %d: %w", id, err)
	}
	return t, startsOn, endsOn, nil
}

// SetConsortiumTargets sets a consortium's KPI targets, with an audit entry
// of who changed them, in one transaction. An unknown consortium is
// ENOTFOUND; a negative target EINVALID.
func (db *DB) SetConsortiumTargets(ctx context.Context, consortiumID int64, t mission.ConsortiumTargets, accountID int64, at time.Time) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE consortia SET target_participants = $1, target_smes = $2, target_meetings = $3,
			target_missions = $4 WHERE id = $5`, t.Participants, t.SMEs, t.Meetings, t.Missions, consortiumID)
		if err != nil {
			return fmt.Errorf("set targets of consortium %d: %w", consortiumID, dbError(err, "", ""))
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return notFound("consortium", consortiumID)
		}
		return addAudit(ctx, tx, &mission.AuditEntry{At: at, AccountID: accountID, Action: mission.AuditTargetsChanged,
			TargetType: "consortium", TargetID: consortiumID,
			Detail: fmt.Sprintf("participants %d, smes %d, meetings %d, missions %d", t.Participants, t.SMEs, t.Meetings, t.Missions)})
	})
}

// kpiFacts reads what the KPIs of the missions (all of consortiumID, which
// may be 0) are computed from.
func (db *DB) kpiFacts(ctx context.Context, consortiumID int64, missions []*mission.Mission) (*mission.KPIFacts, error) {
	f := &mission.KPIFacts{ConsortiumID: consortiumID}
	if consortiumID != 0 {
		rows, err := db.db.QueryContext(ctx, `SELECT p.id, o.name, p.travel_budget_cents FROM partners p
			JOIN organisations o ON o.id = p.organisation_id WHERE p.consortium_id = $1 ORDER BY p.id`, consortiumID)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var p mission.KPIPartner
			if err := rows.Scan(&p.ID, &p.Name, &p.BudgetCents); err != nil {
				return nil, err
			}
			f.Partners = append(f.Partners, p)
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
		rows.Close()
	}
	if len(missions) == 0 {
		return f, nil
	}
	ids := make([]any, len(missions))
	for i, m := range missions {
		ids[i] = m.ID
	}
	in := "(" + placeholders(2, len(ids)) + ")"
	args := append([]any{consortiumID}, ids...)
	// Queries that do not read the consortium take the ids alone.
	inIDs := "(" + placeholders(1, len(ids)) + ")"

	organiserPartner, err := db.organiserPartners(ctx, in, args)
	if err != nil {
		return nil, err
	}
	// One row per confirmed application: the candidates of the paying
	// partner, the grant that is not cancelled and the paid closing report.
	rows, err := db.db.QueryContext(ctx, `SELECT a.id, a.mission_id, o.id, o.country, o.kind,
		COALESCE(g.partner_id, 0), COALESCE(a.partner_id, 0),
		COALESCE((SELECT MIN(pa.id) FROM partners pa WHERE pa.consortium_id = $1 AND (pa.organisation_id = o.id
			OR pa.organisation_id IN (SELECT cm.cluster_id FROM cluster_memberships cm WHERE cm.organisation_id = o.id))), 0),
		COALESCE(g.amount_cents, 0), COALESCE(g.status, ''), r.paid_at, COALESCE(r.approved_amount_cents, 0)
		FROM applications a
		JOIN persons pe ON pe.id = a.person_id
		JOIN organisations o ON o.id = pe.organisation_id
		LEFT JOIN grants g ON g.application_id = a.id AND g.status <> 'cancelled'
		LEFT JOIN closing_reports r ON r.application_id = a.id
		WHERE a.status = 'confirmed' AND a.mission_id IN `+in+` ORDER BY a.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			e           mission.KPIExchange
			kind        string
			grantCents  int64
			grantStatus string
			paidAt      time.Time
			approved    int64
		)
		if err := rows.Scan(&e.ApplicationID, &e.MissionID, &e.OrganisationID, &e.Country, &kind, &e.GrantPartnerID,
			&e.QuotaPartnerID, &e.MemberPartnerID, &grantCents, &grantStatus, timeValue{&paidAt}, &approved); err != nil {
			return nil, err
		}
		e.SME = kind == mission.KindSME
		e.OrganiserPartnerID = organiserPartner[e.MissionID]
		if grantStatus != "" {
			e.HasGrant, e.CommittedCents = true, grantCents
		}
		switch {
		case !paidAt.IsZero():
			e.PaidCents = approved
		case grantStatus == mission.GrantPaid:
			e.PaidCents = grantCents
		}
		f.Exchanges = append(f.Exchanges, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()

	rows, err = db.db.QueryContext(ctx, `SELECT mission_id, COUNT(*), COALESCE(SUM(CASE WHEN status = 'accepted' THEN 1 ELSE 0 END), 0)
		FROM meeting_requests WHERE mission_id IN `+inIDs+` GROUP BY mission_id ORDER BY mission_id`, ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var r mission.KPIRequests
		if err := rows.Scan(&r.MissionID, &r.Requested, &r.Accepted); err != nil {
			return nil, err
		}
		f.Requests = append(f.Requests, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()

	if f.Meetings, err = db.kpiMeetings(ctx, inIDs, ids); err != nil {
		return nil, err
	}

	rows, err = db.db.QueryContext(ctx, `SELECT mission_id, satisfaction, recommend FROM feedback_responses
		WHERE mission_id IN `+inIDs+` ORDER BY id`, ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var r mission.KPIResponse
		if err := rows.Scan(&r.MissionID, &r.Satisfaction, &r.Recommend); err != nil {
			return nil, err
		}
		f.Responses = append(f.Responses, r)
	}
	return f, rows.Err()
}

// organiserPartners returns, per mission, the consortium partner of the
// mission's organisers: the lowest partner id among the organisations of
// its members with the role organiser, else of the consortium's organisers.
func (db *DB) organiserPartners(ctx context.Context, in string, args []any) (map[int64]int64, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT m.id, COALESCE(
		(SELECT MIN(pa.id) FROM mission_members mm JOIN persons pe ON pe.id = mm.person_id
			JOIN partners pa ON pa.organisation_id = pe.organisation_id AND pa.consortium_id = $1
			WHERE mm.mission_id = m.id AND mm.role = 'organiser'),
		(SELECT MIN(pa.id) FROM consortium_members cm JOIN persons pe ON pe.id = cm.person_id
			JOIN partners pa ON pa.organisation_id = pe.organisation_id AND pa.consortium_id = $1
			WHERE cm.consortium_id = $1 AND cm.role = 'organiser'), 0)
		FROM missions m WHERE m.id IN `+in, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var mid, pid int64
		if err := rows.Scan(&mid, &pid); err != nil {
			return nil, err
		}
		out[mid] = pid
	}
	return out, rows.Err()
}

// kpiMeetings returns the scheduled meetings of the missions (in, with the
// mission ids in args) with their outcome records.
func (db *DB) kpiMeetings(ctx context.Context, in string, args []any) ([]mission.KPIMeeting, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT m.id, m.mission_id, o.person_id, o.held, o.outcome
		FROM meetings m LEFT JOIN meeting_outcomes o ON o.meeting_id = m.id
		WHERE m.mission_id IN `+in+` ORDER BY m.id, o.person_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []mission.KPIMeeting
	for rows.Next() {
		var (
			id, missionID int64
			personID      sql.NullInt64
			held          sql.NullBool
			outcome       sql.NullString
		)
		if err := rows.Scan(&id, &missionID, &personID, &held, &outcome); err != nil {
			return nil, err
		}
		if n := len(list); n == 0 || list[n-1].ID != id {
			list = append(list, mission.KPIMeeting{ID: id, MissionID: missionID})
		}
		if personID.Valid {
			m := &list[len(list)-1]
			m.Outcomes = append(m.Outcomes, mission.MeetingOutcome{MeetingID: id, PersonID: personID.Int64, Held: held.Bool, Outcome: outcome.String})
		}
	}
	return list, rows.Err()
}
