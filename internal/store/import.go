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

// Import is a file uploaded for import into a mission, kept between the
// preview and the organiser's confirmation (the imports table). AppliedAt
// and the counts say what the confirmed import did.
type Import struct {
	ID        int64
	MissionID int64
	AccountID int64
	FileName  string
	Role      string // participant or local: the role the rows' people get
	Content   []byte
	CreatedAt time.Time
	ExpiresAt time.Time
	AppliedAt time.Time
	New       int
	Updated   int
	Unchanged int
	Errors    int
}

// ImportLifetime is how long an uploaded file waits for confirmation.
const ImportLifetime = time.Hour

// CreateImport stores an uploaded file, expiring ImportLifetime after
// CreatedAt (now when zero), and deletes the uploads that have expired. It
// sets imp.ID.
func (db *DB) CreateImport(ctx context.Context, imp *Import) error {
	if imp.Role != mission.RoleParticipant && imp.Role != mission.RoleLocal {
		return mission.FieldError("role", "Role must be participant or local.")
	}
	imp.CreatedAt = stamp(imp.CreatedAt)
	imp.ExpiresAt = imp.CreatedAt.Add(ImportLifetime)
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM imports WHERE expires_at < $1", ts(imp.CreatedAt)); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `INSERT INTO imports (mission_id, account_id, file_name, role, content, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			imp.MissionID, imp.AccountID, imp.FileName, imp.Role, imp.Content, ts(imp.CreatedAt), ts(imp.ExpiresAt)).Scan(&imp.ID)
	})
	if err != nil {
		return fmt.Errorf("create import: %w", dbError(err, "", "The mission or the account does not exist."))
	}
	return nil
}

// Import returns the upload with the id unless it has expired at now.
func (db *DB) Import(ctx context.Context, id int64, now time.Time) (*Import, error) {
	imp := &Import{}
	err := db.db.QueryRowContext(ctx, `SELECT id, mission_id, account_id, file_name, role, content, created_at, expires_at,
		applied_at, new_rows, updated_rows, unchanged_rows, error_rows FROM imports WHERE id = $1 AND expires_at > $2`, id, ts(stamp(now))).
		Scan(&imp.ID, &imp.MissionID, &imp.AccountID, &imp.FileName, &imp.Role, &imp.Content, timeValue{&imp.CreatedAt},
			timeValue{&imp.ExpiresAt}, timeValue{&imp.AppliedAt}, &imp.New, &imp.Updated, &imp.Unchanged, &imp.Errors)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("import", id)
	} else if err != nil {
		return nil, fmt.Errorf("import %d: %w", id, err)
	}
	return imp, nil
}

// ApplyImport imports the good rows of an upload into its mission, marks
// the upload applied with the counts (errorRows: the rows left out) and
// returns what it did with each row, all in one transaction. An upload
// already applied, or expired, is ECONFLICT and changes nothing.
func (db *DB) ApplyImport(ctx context.Context, id int64, rows []mission.ImportRow, errorRows int, now time.Time) ([]mission.ImportResult, error) {
	now = stamp(now)
	var results []mission.ImportResult
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var missionID int64
		err := tx.QueryRowContext(ctx, "UPDATE imports SET applied_at = $1 WHERE id = $2 AND applied_at IS NULL AND expires_at > $1 RETURNING mission_id",
			ts(now), id).Scan(&missionID)
		if errors.Is(err, sql.ErrNoRows) {
			return mission.Errorf(mission.ECONFLICT, "This file has already been imported, or its preview has expired.")
		} else if err != nil {
			return err
		}
		if results, err = importRows(ctx, tx, missionID, rows, now); err != nil {
			return err
		}
		c := countOutcomes(results)
		_, err = tx.ExecContext(ctx, "UPDATE imports SET new_rows = $1, updated_rows = $2, unchanged_rows = $3, error_rows = $4 WHERE id = $5",
			c[mission.ImportNew], c[mission.ImportUpdated], c[mission.ImportUnchanged], errorRows, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("apply import %d: %w", id, dbError(err, "", ""))
	}
	return results, nil
}

func countOutcomes(results []mission.ImportResult) map[string]int {
	c := map[string]int{}
	for _, r := range results {
		c[r.Outcome]++
	}
	return c
}

// errDryRun rolls back the transaction of a preview.
var errDryRun = errors.New("dry run")

// ImportRows imports rows into the mission (or, with missionID 0, only
// the organisations and people) in one transaction and returns what it did
// with each row; with dryRun it returns what it would do and changes
// nothing. Organisations match by name (ignoring case and repeated spaces)
// and country, people by e-mail address (ignoring case), so importing the
// same rows again leaves everything unchanged. A row that does not validate
// fails the whole import, naming its line.
func (db *DB) ImportRows(ctx context.Context, missionID int64, rows []mission.ImportRow, now time.Time, dryRun bool) ([]mission.ImportResult, error) {
	var results []mission.ImportResult
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if results, err = importRows(ctx, tx, missionID, rows, stamp(now)); err != nil {
			return err
		}
		if dryRun {
			return errDryRun
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return nil, fmt.Errorf("import into mission %d: %w", missionID, dbError(err, "", fmt.Sprintf("Mission %d does not exist.", missionID)))
	}
	return results, nil
}

// importer upserts the rows of one import inside its transaction, keeping
// the organisations of each country it has looked at.
type importer struct {
	tx   *sql.Tx
	now  time.Time
	orgs map[string]map[string]*mission.Organisation // country → folded name → organisation
}

func importRows(ctx context.Context, tx *sql.Tx, missionID int64, rows []mission.ImportRow, now time.Time) ([]mission.ImportResult, error) {
	if missionID != 0 {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM missions WHERE id = $1", missionID).Scan(&n); err != nil {
			return nil, err
		} else if n == 0 {
			return nil, notFound("mission", missionID)
		}
	}
	im := &importer{tx: tx, now: now, orgs: map[string]map[string]*mission.Organisation{}}
	results := make([]mission.ImportResult, 0, len(rows))
	for _, row := range rows {
		res, err := im.row(ctx, missionID, row)
		if err != nil {
			return nil, fmt.Errorf("row %d: %w", row.Line, err)
		}
		results = append(results, res)
	}
	return results, nil
}

// nameKey is how organisation names match: lower case, single spaces.
func nameKey(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

func (im *importer) row(ctx context.Context, missionID int64, row mission.ImportRow) (mission.ImportResult, error) {
	res := mission.ImportResult{Line: row.Line, Outcome: mission.ImportUnchanged}
	change := func(outcome string) {
		if res.Outcome != mission.ImportNew {
			res.Outcome = outcome
		}
	}
	org, created, changed, err := im.organisation(ctx, row.Organisation)
	if err != nil {
		return res, err
	}
	res.OrganisationID = org.ID
	switch {
	case created && row.Person == nil:
		change(mission.ImportNew)
	case created || changed:
		change(mission.ImportUpdated)
	}
	if row.Person == nil {
		return res, nil
	}
	p := *row.Person
	p.OrganisationID = org.ID
	if err := p.Validate(); err != nil {
		return res, err
	}
	var old mission.Person
	err = im.tx.QueryRowContext(ctx, "SELECT id, organisation_id, name, phone, job_title FROM persons WHERE LOWER(email) = $1",
		p.Email).Scan(&old.ID, &old.OrganisationID, &old.Name, &old.Phone, &old.JobTitle)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		err = im.tx.QueryRowContext(ctx, `INSERT INTO persons (organisation_id, name, email, phone, job_title, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, p.OrganisationID, p.Name, p.Email, p.Phone, p.JobTitle, ts(im.now)).Scan(&p.ID)
		if err != nil {
			return res, err
		}
		res.Outcome = mission.ImportNew
	case err != nil:
		return res, err
	default:
		p.ID = old.ID
		keep(&p.Phone, old.Phone)
		keep(&p.JobTitle, old.JobTitle)
		if p.OrganisationID != old.OrganisationID || p.Name != old.Name || p.Phone != old.Phone || p.JobTitle != old.JobTitle {
			_, err := im.tx.ExecContext(ctx, "UPDATE persons SET organisation_id = $1, name = $2, phone = $3, job_title = $4 WHERE id = $5",
				p.OrganisationID, p.Name, p.Phone, p.JobTitle, p.ID)
			if err != nil {
				return res, err
			}
			change(mission.ImportUpdated)
		}
	}
	res.PersonID = p.ID
	if missionID != 0 && row.Role != "" {
		r, err := im.tx.ExecContext(ctx, `INSERT INTO mission_members (mission_id, person_id, role, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (mission_id, person_id, role) DO NOTHING`, missionID, p.ID, row.Role, ts(im.now))
		if err != nil {
			return res, err
		}
		if n, err := r.RowsAffected(); err != nil {
			return res, err
		} else if n > 0 {
			change(mission.ImportUpdated)
		}
	}
	return res, nil
}

// keep puts the stored value back where the file's cell was empty.
func keep(v *string, stored string) {
	if *v == "" {
		*v = stored
	}
}

// organisation finds the row's organisation by name and country, creating
// it or filling in what the row adds (kind, city, website).
func (im *importer) organisation(ctx context.Context, in mission.Organisation) (o *mission.Organisation, created, changed bool, err error) {
	if in.Kind == "" {
		in.Kind = mission.KindSME
		if byName, err := im.country(ctx, in.Country); err != nil {
			return nil, false, false, err
		} else if old := byName[nameKey(in.Name)]; old != nil {
			in.Kind = old.Kind
		}
	}
	if err := in.Validate(); err != nil {
		return nil, false, false, err
	}
	byName, err := im.country(ctx, in.Country)
	if err != nil {
		return nil, false, false, err
	}
	key := nameKey(in.Name)
	o = byName[key]
	if o == nil {
		o = &mission.Organisation{Name: in.Name, Kind: in.Kind, Country: in.Country, City: in.City, Website: in.Website}
		err := im.tx.QueryRowContext(ctx, `INSERT INTO organisations (name, kind, country, city, website, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`, o.Name, o.Kind, o.Country, o.City, o.Website, ts(im.now)).Scan(&o.ID)
		if err != nil {
			return nil, false, false, err
		}
		byName[key] = o
		return o, true, false, nil
	}
	keep(&in.City, o.City)
	keep(&in.Website, o.Website)
	if in.Kind == o.Kind && in.City == o.City && in.Website == o.Website {
		return o, false, false, nil
	}
	o.Kind, o.City, o.Website = in.Kind, in.City, in.Website
	_, err = im.tx.ExecContext(ctx, "UPDATE organisations SET kind = $1, city = $2, website = $3, updated_at = $4 WHERE id = $5",
		o.Kind, o.City, o.Website, ts(im.now), o.ID)
	if err != nil {
		return nil, false, false, err
	}
	return o, false, true, nil
}

// country returns the organisations of a country by folded name, reading
// them once per import. Where two share a name, the oldest wins.
func (im *importer) country(ctx context.Context, country string) (map[string]*mission.Organisation, error) {
	if byName, ok := im.orgs[country]; ok {
		return byName, nil
	}
	rows, err := im.tx.QueryContext(ctx, "SELECT id, name, kind, city, website FROM organisations WHERE country = $1 ORDER BY id", country)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byName := map[string]*mission.Organisation{}
	for rows.Next() {
		o := &mission.Organisation{Country: country}
		if err := rows.Scan(&o.ID, &o.Name, &o.Kind, &o.City, &o.Website); err != nil {
			return nil, err
		}
		if key := nameKey(o.Name); byName[key] == nil {
			byName[key] = o
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	im.orgs[country] = byName
	return byName, nil
}
