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

// CreateExchangeOffer publishes an individual exchange: it validates m (of
// kind exchange, hosted by the host person's organisation) and o, and
// inserts the mission, the offer and the host person's membership as host in
// one transaction. It sets m.ID, o.MissionID and o.CreatedAt.
func (db *DB) CreateExchangeOffer(ctx context.Context, m *mission.Mission, o *mission.ExchangeOffer, hostPersonID int64) error {
	m.Kind = mission.MissionExchange
	if err := m.Validate(); err != nil {
		return err
	}
	if err := o.Validate(); err != nil {
		return err
	}
	m.Themes, m.Keywords = uniqueStrings(m.Themes), uniqueStrings(m.Keywords)
	created := stamp(m.CreatedAt)
	updated := created
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if err := insertMission(ctx, tx, m, created, updated); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO exchange_offers (mission_id, topic, learning_goals, min_days, max_days, places, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, m.ID, o.Topic, o.LearningGoals, o.MinDays, o.MaxDays, o.Places, ts(created))
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO mission_members (mission_id, person_id, role, created_at) VALUES ($1, $2, $3, $4)",
			m.ID, hostPersonID, mission.RoleHost, ts(created))
		return err
	})
	if err != nil {
		m.ID = 0
		return fmt.Errorf("create exchange offer: %w", dbError(err, "",
			"The consortium, host organisation or host person does not exist."))
	}
	m.CreatedAt, m.UpdatedAt = created, updated
	o.MissionID, o.CreatedAt = m.ID, created
	return nil
}

const offerColumns = "x.mission_id, x.topic, x.learning_goals, x.min_days, x.max_days, x.places, x.created_at"

// ExchangeOffer returns the offer of the exchange mission, with its Mission
// and Host; a mission without one is ENOTFOUND.
func (db *DB) ExchangeOffer(ctx context.Context, missionID int64) (*mission.ExchangeOffer, error) {
	list, err := db.queryOffers(ctx, "WHERE x.mission_id = $1", missionID)
	if err != nil {
		return nil, fmt.Errorf("exchange offer %d: %w", missionID, err)
	}
	if len(list) == 0 {
		return nil, notFound("exchange offer", missionID)
	}
	return list[0], nil
}

// ExchangeOffers returns the published offers that f selects, whose call is
// open, soonest stay first: at most f.Limit (100 when 0). Query matches
// every word in the title, topic or learning goals, without regard to case.
func (db *DB) ExchangeOffers(ctx context.Context, f mission.ExchangeOfferFilter) ([]*mission.ExchangeOffer, error) {
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	where := []string{"m.published = " + arg(true), "m.status = " + arg(mission.StatusCallOpen)}
	for _, w := range strings.Fields(f.Query) {
		p := arg(likePattern(w))
		where = append(where, "(LOWER(x.topic) LIKE "+p+` ESCAPE '\' OR LOWER(x.learning_goals) LIKE `+p+` ESCAPE '\' OR LOWER(m.title) LIKE `+p+` ESCAPE '\')`)
	}
	if f.Country != "" {
		where = append(where, "m.host_country = "+arg(strings.ToUpper(f.Country)))
	}
	if f.Ecosystem != "" {
		where = append(where, "EXISTS (SELECT 1 FROM mission_themes t WHERE t.mission_id = m.id AND t.theme = "+arg(f.Ecosystem)+")")
	}
	list, err := db.queryOffers(ctx, "WHERE "+strings.Join(where, " AND ")+" ORDER BY m.starts_on, m.id LIMIT "+arg(limit(f.Limit)), args...)
	if err != nil {
		return nil, fmt.Errorf("exchange offers: %w", err)
	}
	return list, nil
}

func (db *DB) queryOffers(ctx context.Context, where string, args ...any) ([]*mission.ExchangeOffer, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT "+offerColumns+", "+orgColumns("o")+
		" FROM exchange_offers x JOIN missions m ON m.id = x.mission_id JOIN organisations o ON o.id = m.host_organisation_id "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*mission.ExchangeOffer
	var orgs []*mission.Organisation
	for rows.Next() {
		x := &mission.ExchangeOffer{Host: &mission.Organisation{}}
		fields := []any{&x.MissionID, &x.Topic, &x.LearningGoals, &x.MinDays, &x.MaxDays, &x.Places, timeValue{&x.CreatedAt}}
		if err := rows.Scan(append(fields, orgFields(x.Host)...)...); err != nil {
			return nil, err
		}
		list = append(list, x)
		orgs = append(orgs, x.Host)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if err := loadOrganisationLists(ctx, db.db, orgs); err != nil {
		return nil, err
	}
	for _, x := range list {
		if x.Mission, err = getMission(ctx, db.db, x.MissionID); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// Exchange returns the exchange of the application with the id: the
// application with its person, the match confirmations, the goals and the
// signatures of the Commitment to Quality. An application that does not
// exist, or is not to an exchange mission, is ENOTFOUND.
func (db *DB) Exchange(ctx context.Context, applicationID int64) (*mission.Exchange, error) {
	x, err := getExchange(ctx, db.db, applicationID)
	if err != nil {
		return nil, fmt.Errorf("exchange %d: %w", applicationID, err)
	}
	return x, nil
}

func getExchange(ctx context.Context, q querier, id int64) (*mission.Exchange, error) {
	list, err := queryApplications(ctx, q, applicationSelect+` JOIN missions m ON m.id = a.mission_id
		WHERE a.id = $1 AND m.kind = $2`, id, mission.MissionExchange)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, notFound("exchange", id)
	}
	x := &mission.Exchange{ID: id, Application: list[0]}
	err = q.QueryRowContext(ctx, `SELECT host_confirmed_at, host_confirmed_by, visitor_confirmed_at, visitor_confirmed_by, goals
		FROM exchanges WHERE application_id = $1`, id).Scan(timeValue{&x.HostConfirmedAt}, idValue{&x.HostConfirmedBy},
		timeValue{&x.VisitorConfirmedAt}, idValue{&x.VisitorConfirmedBy}, &x.Goals)
	if errors.Is(err, sql.ErrNoRows) {
		return x, nil
	} else if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT party, account_id, name, signed_at FROM quality_signatures
		WHERE application_id = $1`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var s mission.QualitySignature
		if err := rows.Scan(&s.Party, idValue{&s.AccountID}, &s.Name, timeValue{&s.SignedAt}); err != nil {
			return nil, err
		}
		x.Signatures = append(x.Signatures, s)
	}
	return x, rows.Err()
}

// ensureExchange creates the exchange row of an application when absent.
func ensureExchange(ctx context.Context, tx *sql.Tx, id int64, at time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO exchanges (application_id, goals, updated_at) VALUES ($1, '', $2)
		ON CONFLICT (application_id) DO NOTHING`, id, ts(at))
	return err
}

// matchable are the application statuses in which host and visitor may
// confirm a match.
var matchable = []string{mission.AppSubmitted, mission.AppEligible, mission.AppShortlisted, mission.AppAccepted,
	mission.AppWaitlisted, mission.AppConfirmed}

// ConfirmExchange records that one side (mission.PartyHost or
// mission.PartyVisitor) confirms the match of the exchange, by the account
// at the time. A side that confirmed already, or an application that is a
// draft, withdrawn, rejected or ineligible, is ECONFLICT. It returns the
// exchange as stored.
func (db *DB) ConfirmExchange(ctx context.Context, id int64, side string, accountID int64, at time.Time) (*mission.Exchange, error) {
	if side != mission.PartyHost && side != mission.PartyVisitor {
		return nil, mission.FieldError("side", "Only the host and the visitor confirm a match.")
	}
	at = stamp(at)
	var x *mission.Exchange
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		cur, err := getExchange(ctx, tx, id)
		if err != nil {
			return err
		}
		if !contains(matchable, cur.Application.Status) {
			return mission.Errorf(mission.ECONFLICT, "An application that is %s cannot be matched.", cur.Application.Status)
		}
		if err := ensureExchange(ctx, tx, id, at); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE exchanges SET `+side+`_confirmed_at = $1, `+side+`_confirmed_by = $2, updated_at = $1
			WHERE application_id = $3 AND `+side+`_confirmed_at IS NULL`, ts(at), ident(accountID), id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return mission.Errorf(mission.ECONFLICT, "The %s has confirmed this match already.", side)
		}
		x, err = getExchange(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("confirm exchange %d as %s: %w", id, side, dbError(err, "", "The account does not exist."))
	}
	return x, nil
}

// SetExchangeGoals sets the goals of the exchange's Commitment to Quality.
// Once a party has signed, the goals are fixed: a change is ECONFLICT.
func (db *DB) SetExchangeGoals(ctx context.Context, id int64, goals string, at time.Time) error {
	goals = strings.TrimSpace(goals)
	if len([]rune(goals)) > 5000 {
		return mission.FieldError("goals", "Goals must be at most 5,000 characters.")
	}
	at = stamp(at)
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := getExchange(ctx, tx, id); err != nil {
			return err
		}
		if err := ensureExchange(ctx, tx, id, at); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE exchanges SET goals = $1, updated_at = $2 WHERE application_id = $3
			AND NOT EXISTS (SELECT 1 FROM quality_signatures s WHERE s.application_id = $3)`, goals, ts(at), id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return mission.Errorf(mission.ECONFLICT, "The commitment has been signed: its goals can no longer change.")
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("set goals of exchange %d: %w", id, err)
	}
	return nil
}

// SignCommitment records the party's signature of the exchange's
// Commitment to Quality by the account under the name, at the time, and
// writes the audit entry e (when not nil) in the same transaction. Signing
// needs a confirmed match and goals; a party that signed already is
// ECONFLICT. It returns the exchange as stored.
func (db *DB) SignCommitment(ctx context.Context, id int64, sig mission.QualitySignature, e *mission.AuditEntry) (*mission.Exchange, error) {
	if !contains(mission.Parties, sig.Party) {
		return nil, mission.FieldError("party", "Party must be one of %s.", strings.Join(mission.Parties, ", "))
	}
	if strings.TrimSpace(sig.Name) == "" {
		return nil, mission.FieldError("name", "A signature needs the signer's name.")
	}
	sig.SignedAt = stamp(sig.SignedAt)
	var x *mission.Exchange
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		cur, err := getExchange(ctx, tx, id)
		if err != nil {
			return err
		}
		switch {
		case !cur.Matched():
			return mission.Errorf(mission.ECONFLICT, "Host and visitor confirm the match before anyone signs.")
		case cur.Goals == "":
			return mission.Errorf(mission.ECONFLICT, "The commitment needs goals before anyone signs.")
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO quality_signatures (application_id, party, account_id, name, signed_at)
			VALUES ($1, $2, $3, $4, $5)`, id, sig.Party, ident(sig.AccountID), sig.Name, ts(sig.SignedAt))
		if err != nil {
			return dbError(err, fmt.Sprintf("The %s has signed already.", sig.Party), "The account does not exist.")
		}
		if e != nil {
			if err := addAudit(ctx, tx, e); err != nil {
				return err
			}
		}
		x, err = getExchange(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sign commitment of exchange %d as %s: %w", id, sig.Party, err)
	}
	return x, nil
}

// ApplyToExchange submits a person's application to an exchange offer: it
// inserts the application and records its move from draft to submitted,
// by the applicant, in one transaction, so that it follows the lifecycle of
// every other application. An offer whose call is not open is ECONFLICT, as
// is a second application of the same person; a mission without an offer
// is ENOTFOUND. It sets a.ID, a.Status and the times.
func (db *DB) ApplyToExchange(ctx context.Context, a *mission.Application, at time.Time) error {
	if len([]rune(a.Motivation)) > 5000 {
		return mission.FieldError("motivation", "Motivation must be at most 5,000 characters.")
	}
	at = stamp(at)
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var status string
		err := tx.QueryRowContext(ctx, `SELECT m.status FROM exchange_offers x JOIN missions m ON m.id = x.mission_id
			WHERE x.mission_id = $1`, a.MissionID).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("exchange offer", a.MissionID)
		} else if err != nil {
			return err
		}
		if status != mission.StatusCallOpen {
			return mission.Errorf(mission.ECONFLICT, "The exchange offer %d takes no applications now.", a.MissionID)
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO applications (mission_id, person_id, status, motivation, score, submitted_at, created_at, updated_at)
			VALUES ($1, $2, $3, $4, 0, $5, $5, $5) RETURNING id`,
			a.MissionID, a.PersonID, mission.AppSubmitted, a.Motivation, ts(at)).Scan(&a.ID)
		if err != nil {
			return dbError(err, fmt.Sprintf("Person %d has already applied to mission %d.", a.PersonID, a.MissionID),
				fmt.Sprintf("Person %d does not exist.", a.PersonID))
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO application_transitions (application_id, from_status, to_status, by_person_id, reason, at)
			VALUES ($1, $2, $3, $4, '', $5)`, a.ID, mission.AppDraft, mission.AppSubmitted, a.PersonID, ts(at))
		return err
	})
	if err != nil {
		a.ID = 0
		return fmt.Errorf("apply to exchange %d: %w", a.MissionID, err)
	}
	a.Status, a.SubmittedAt, a.CreatedAt, a.UpdatedAt = mission.AppSubmitted, at, at, at
	return nil
}

// AddExchangeOffer validates o and adds it to an existing mission of kind
// exchange; it sets o.CreatedAt when zero. A mission that is no exchange is
// EINVALID, one that has an offer already ECONFLICT.
func (db *DB) AddExchangeOffer(ctx context.Context, o *mission.ExchangeOffer) error {
	if err := o.Validate(); err != nil {
		return err
	}
	o.CreatedAt = stamp(o.CreatedAt)
	res, err := db.db.ExecContext(ctx, `INSERT INTO exchange_offers (mission_id, topic, learning_goals, min_days, max_days, places, created_at)
		SELECT id, $2, $3, $4, $5, $6, $7 FROM missions WHERE id = $1 AND kind = $8`,
		o.MissionID, o.Topic, o.LearningGoals, o.MinDays, o.MaxDays, o.Places, ts(o.CreatedAt), mission.MissionExchange)
	if err != nil {
		return fmt.Errorf("add exchange offer to mission %d: %w", o.MissionID, dbError(err,
			fmt.Sprintf("Mission %d has an exchange offer already.", o.MissionID), ""))
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("add exchange offer to mission %d: %w", o.MissionID, err)
	} else if n == 0 {
		return mission.Errorf(mission.EINVALID, "Mission %d is no individual exchange.", o.MissionID)
	}
	return nil
}
