package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"caravan/internal/mission"
)

// PublicMention reports whether the person agreed to be named, with their
// organisation, in public stories about missions (no by default).
func (db *DB) PublicMention(ctx context.Context, personID int64) (bool, error) {
	var n int
	err := db.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM public_mention_consents WHERE person_id = $1", personID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("public mention consent of person %d: %w", personID, err)
	}
	return n > 0, nil
}

// SetPublicMention gives (consent true) or withdraws the person's consent
// to public mention, with the audit entry by (its Action, TargetType,
// TargetID and Detail are set here) in the same transaction. Giving it
// again keeps the first time it was given.
func (db *DB) SetPublicMention(ctx context.Context, personID int64, consent bool, by mission.AuditEntry) error {
	by.At = stamp(by.At)
	by.Action, by.TargetType, by.TargetID, by.Detail = mission.AuditMentionConsent, "person", personID, "withdrawn"
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if consent {
			by.Detail = "given"
			_, err = tx.ExecContext(ctx, `INSERT INTO public_mention_consents (person_id, given_at) VALUES ($1, $2)
				ON CONFLICT (person_id) DO NOTHING`, personID, ts(by.At))
		} else {
			_, err = tx.ExecContext(ctx, "DELETE FROM public_mention_consents WHERE person_id = $1", personID)
		}
		if err != nil {
			return dbError(err, "", fmt.Sprintf("Person %d does not exist.", personID))
		}
		return addAudit(ctx, tx, &by)
	})
	if err != nil {
		return fmt.Errorf("public mention consent of person %d: %w", personID, err)
	}
	return nil
}

const storyColumns = `mission_id, language, title, lead, body, published_at, published_by, created_at, updated_by, updated_at`

func scanStory(row interface{ Scan(...any) error }) (*mission.Story, error) {
	s := &mission.Story{}
	err := row.Scan(&s.MissionID, &s.Language, &s.Title, &s.Lead, &s.Body, timeValue{&s.PublishedAt}, idValue{&s.PublishedBy},
		timeValue{&s.CreatedAt}, idValue{&s.UpdatedBy}, timeValue{&s.UpdatedAt})
	return s, err
}

func getStory(ctx context.Context, q querier, missionID int64) (*mission.Story, error) {
	s, err := scanStory(q.QueryRowContext(ctx, "SELECT "+storyColumns+" FROM stories WHERE mission_id = $1", missionID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, mission.Errorf(mission.ENOTFOUND, "mission %d has no story", missionID)
	} else if err != nil {
		return nil, fmt.Errorf("story of mission %d: %w", missionID, err)
	}
	return s, nil
}

// Story returns the mission's story, published or not; ENOTFOUND when the
// mission has none.
func (db *DB) Story(ctx context.Context, missionID int64) (*mission.Story, error) {
	return getStory(ctx, db.db, missionID)
}

// SaveStory validates s and stores it as its mission's story, creating it
// or replacing its language, title, lead and body (whether it is published
// does not change), with the audit entry by in the same transaction:
// by.Action says whether the text was drafted (mission.AuditStoryDrafted)
// or edited (mission.AuditStorySaved). s.UpdatedBy is the person who wrote
// it; SaveStory sets s.UpdatedAt (and CreatedAt for a new story) to by.At.
func (db *DB) SaveStory(ctx context.Context, s *mission.Story, by mission.AuditEntry) error {
	if err := s.Validate(); err != nil {
		return err
	}
	by.At = stamp(by.At)
	by.TargetType, by.TargetID = "story", s.MissionID
	if by.Action == "" {
		by.Action = mission.AuditStorySaved
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO stories (mission_id, language, title, lead, body, created_at, updated_by, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $6)
			ON CONFLICT (mission_id) DO UPDATE SET language = $2, title = $3, lead = $4, body = $5, updated_by = $7, updated_at = $6`,
			s.MissionID, s.Language, s.Title, s.Lead, s.Body, ts(by.At), ident(s.UpdatedBy))
		if err != nil {
			return dbError(err, "", fmt.Sprintf("Mission %d does not exist.", s.MissionID))
		}
		if err := addAudit(ctx, tx, &by); err != nil {
			return err
		}
		saved, err := getStory(ctx, tx, s.MissionID)
		if err != nil {
			return err
		}
		*s = *saved
		return nil
	})
	if err != nil {
		return fmt.Errorf("save story of mission %d: %w", s.MissionID, err)
	}
	return nil
}

// PublishStory makes the mission's story public (publish true), by the
// person personID, or takes it back to a draft, with the audit entry by
// (mission.AuditStoryPublished or AuditStoryUnpublished) in the same
// transaction. A story is published only while its mission is: publishing
// the story of an unpublished mission is ECONFLICT. A mission without a
// story is ENOTFOUND. Publishing a published story changes nothing but the
// audit log.
func (db *DB) PublishStory(ctx context.Context, missionID int64, publish bool, personID int64, by mission.AuditEntry) (*mission.Story, error) {
	by.At = stamp(by.At)
	by.TargetType, by.TargetID, by.Action = "story", missionID, mission.AuditStoryUnpublished
	if publish {
		by.Action = mission.AuditStoryPublished
	}
	var s *mission.Story
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if s, err = getStory(ctx, tx, missionID); err != nil {
			return err
		}
		if publish {
			var published bool
			if err := tx.QueryRowContext(ctx, "SELECT published FROM missions WHERE id = $1", missionID).Scan(&published); err != nil {
				return err
			}
			if !published {
				return mission.Errorf(mission.ECONFLICT, "Mission %d is not published: publish the mission before its story.", missionID)
			}
			if !s.Published() {
				_, err = tx.ExecContext(ctx, "UPDATE stories SET published_at = $1, published_by = $2 WHERE mission_id = $3",
					ts(by.At), ident(personID), missionID)
			}
		} else {
			_, err = tx.ExecContext(ctx, "UPDATE stories SET published_at = NULL, published_by = NULL WHERE mission_id = $1", missionID)
		}
		if err != nil {
			return err
		}
		if err := addAudit(ctx, tx, &by); err != nil {
			return err
		}
		s, err = getStory(ctx, tx, missionID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("publish story of mission %d: %w", missionID, err)
	}
	return s, nil
}

// PublishedStories returns the published stories of published missions,
// the most recently published first, at most limit of them.
func (db *DB) PublishedStories(ctx context.Context, limit int) ([]*mission.Story, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT s.mission_id, s.language, s.title, s.lead, s.body, s.published_at, s.published_by,
		s.created_at, s.updated_by, s.updated_at FROM stories s JOIN missions m ON m.id = s.mission_id
		WHERE s.published_at IS NOT NULL AND m.published = $1 ORDER BY s.published_at DESC, s.mission_id LIMIT $2`, true, limit)
	if err != nil {
		return nil, fmt.Errorf("published stories: %w", err)
	}
	defer rows.Close()
	var list []*mission.Story
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			return nil, fmt.Errorf("published stories: %w", err)
		}
		list = append(list, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("published stories: %w", err)
	}
	return list, nil
}

// StoryHistory returns the audit entries of the mission's story (drafted,
// saved, published, unpublished), oldest first, each with the acting
// account's e-mail address.
func (db *DB) StoryHistory(ctx context.Context, missionID int64) ([]*mission.AuditEntry, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT l.id, l.at, l.account_id, l.action, l.detail, COALESCE(a.email, '')
		FROM audit_log l LEFT JOIN accounts a ON a.id = l.account_id
		WHERE l.target_type = 'story' AND l.target_id = $1 ORDER BY l.id`, missionID)
	if err != nil {
		return nil, fmt.Errorf("story history of mission %d: %w", missionID, err)
	}
	defer rows.Close()
	var list []*mission.AuditEntry
	for rows.Next() {
		e := &mission.AuditEntry{TargetType: "story", TargetID: missionID}
		if err := rows.Scan(&e.ID, timeValue{&e.At}, idValue{&e.AccountID}, &e.Action, &e.Detail, &e.AccountEmail); err != nil {
			return nil, fmt.Errorf("story history of mission %d: %w", missionID, err)
		}
		list = append(list, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("story history of mission %d: %w", missionID, err)
	}
	return list, nil
}

// StoryFacts gathers what the mission's data says for its story (see
// mission.StoryFacts): visiting and local organisations and people appear
// only through people who consented to public mention. A mission that
// does not exist is ENOTFOUND.
func (db *DB) StoryFacts(ctx context.Context, missionID int64) (*mission.StoryFacts, error) {
	m, err := db.Mission(ctx, missionID)
	if err != nil {
		return nil, err
	}
	f := &mission.StoryFacts{Mission: m}
	if m.HostOrganisationID != 0 {
		if f.Host, err = db.Organisation(ctx, m.HostOrganisationID); err != nil {
			return nil, fmt.Errorf("story facts of mission %d: %w", missionID, err)
		}
	}
	if m.RegionID != 0 {
		r, err := db.Region(ctx, m.RegionID)
		if err != nil {
			return nil, fmt.Errorf("story facts of mission %d: %w", missionID, err)
		}
		f.Region = r.Name
	}
	if m.ConsortiumID != 0 {
		c, err := db.Consortium(ctx, m.ConsortiumID)
		if err != nil {
			return nil, fmt.Errorf("story facts of mission %d: %w", missionID, err)
		}
		f.Consortium = c.Acronym
		if f.Consortium == "" {
			f.Consortium = c.Name
		}
		// The partners that take part (their people organise or join the
		// mission), else all of them.
		if f.Partners, err = db.storyStrings(ctx, `SELECT o.name FROM partners p JOIN organisations o ON o.id = p.organisation_id
			WHERE p.consortium_id = $1 AND o.id <> $2 AND EXISTS (SELECT 1 FROM mission_members mm
				JOIN persons pe ON pe.id = mm.person_id WHERE mm.mission_id = $3 AND pe.organisation_id = o.id AND mm.role <> 'viewer')
			ORDER BY o.name, o.id`, m.ConsortiumID, m.HostOrganisationID, missionID); err != nil {
			return nil, fmt.Errorf("story facts of mission %d: %w", missionID, err)
		}
		if len(f.Partners) == 0 {
			if f.Partners, err = db.storyStrings(ctx, `SELECT o.name FROM partners p JOIN organisations o ON o.id = p.organisation_id
				WHERE p.consortium_id = $1 AND o.id <> $2 ORDER BY o.name, o.id`, m.ConsortiumID, m.HostOrganisationID); err != nil {
				return nil, fmt.Errorf("story facts of mission %d: %w", missionID, err)
			}
		}
	}
	if f.Programme, err = db.ProgrammeItems(ctx, missionID); err != nil {
		return nil, err
	}
	// The figures are the KPI pages' (store.MissionKPI): exchanges as
	// participants, their countries, meetings held when people reported
	// them, else the meetings scheduled.
	k, err := db.MissionKPI(ctx, missionID)
	if err != nil {
		return nil, fmt.Errorf("story facts of mission %d: %w", missionID, err)
	}
	f.Participants = k.Exchanges
	for _, c := range k.Countries {
		if c.Key != "" {
			f.Countries = append(f.Countries, c.Key)
		}
	}
	slices.Sort(f.Countries)
	f.Meetings, f.MeetingsHeld = k.Meetings.Scheduled, k.Meetings.Held > 0
	if f.MeetingsHeld {
		f.Meetings = k.Meetings.Held
	}
	// Companies met: the distinct local organisations with a meeting.
	err = db.db.QueryRowContext(ctx, `SELECT COUNT(DISTINCT p.organisation_id) FROM meetings mt
		JOIN meeting_participants mp ON mp.meeting_id = mt.id
		JOIN persons p ON p.id = mp.person_id
		JOIN mission_members mm ON mm.mission_id = mt.mission_id AND mm.person_id = p.id AND mm.role = 'local'
		WHERE mt.mission_id = $1`, missionID).Scan(&f.CompaniesMet)
	if err != nil {
		return nil, fmt.Errorf("story facts of mission %d: %w", missionID, err)
	}
	if err := db.namedOrganisations(ctx, f); err != nil {
		return nil, fmt.Errorf("story facts of mission %d: %w", missionID, err)
	}
	return f, nil
}

// namedOrganisations fills f.Visitors and f.Locals from the mission's
// participants and local companies' people who consented to public
// mention: nobody else's name, nor their organisation's, is read.
func (db *DB) namedOrganisations(ctx context.Context, f *mission.StoryFacts) error {
	rows, err := db.db.QueryContext(ctx, `SELECT mm.role, o.id, o.name, o.kind, o.country, p.name
		FROM mission_members mm
		JOIN public_mention_consents c ON c.person_id = mm.person_id
		JOIN persons p ON p.id = mm.person_id
		JOIN organisations o ON o.id = p.organisation_id
		WHERE mm.mission_id = $1 AND mm.role IN ('participant', 'local')
		ORDER BY mm.role, o.name, o.id, p.name, p.id`, f.Mission.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	lastRole, lastOrg := "", int64(0)
	for rows.Next() {
		var role, person string
		var orgID int64
		var o mission.NamedOrganisation
		if err := rows.Scan(&role, &orgID, &o.Name, &o.Kind, &o.Country, &person); err != nil {
			return err
		}
		list := &f.Visitors
		if role == mission.RoleLocal {
			list = &f.Locals
		}
		if role != lastRole || orgID != lastOrg {
			*list = append(*list, o)
			lastRole, lastOrg = role, orgID
		}
		last := &(*list)[len(*list)-1]
		if !slices.Contains(last.People, person) {
			last.People = append(last.People, person)
		}
	}
	return rows.Err()
}

// storyStrings runs a query of one text column.
func (db *DB) storyStrings(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := db.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
