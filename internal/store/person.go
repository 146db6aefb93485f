package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"caravan/internal/mission"
)

// personColumns lists a person's columns under a table alias, in the order
// personFields scans them.
func personColumns(alias string) string {
	cols := []string{"id", "organisation_id", "name", "email", "phone", "job_title", "languages", "bio", "created_at"}
	for i, c := range cols {
		cols[i] = alias + "." + c
	}
	return strings.Join(cols, ", ")
}

func personFields(p *mission.Person) []any {
	return []any{&p.ID, &p.OrganisationID, &p.Name, &p.Email, &p.Phone, &p.JobTitle,
		listValue{&p.Languages}, &p.Bio, timeValue{&p.CreatedAt}}
}

// personWithOrg is the SELECT of a person joined with its organisation.
const personWithOrg = "SELECT %s, %s FROM persons p JOIN organisations o ON o.id = p.organisation_id"

// CreatePerson validates p and inserts it; it sets p.ID, and CreatedAt when
// zero. An e-mail address already in use (ignoring case) is ECONFLICT; an
// organisation that does not exist is EINVALID.
func (db *DB) CreatePerson(ctx context.Context, p *mission.Person) error {
	if err := p.Validate(); err != nil {
		return err
	}
	now := stamp(p.CreatedAt)
	err := db.db.QueryRowContext(ctx, `INSERT INTO persons
		(organisation_id, name, email, phone, job_title, languages, bio, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		p.OrganisationID, p.Name, p.Email, p.Phone, p.JobTitle, joinList(p.Languages), p.Bio, ts(now),
	).Scan(&p.ID)
	if err != nil {
		return fmt.Errorf("create person: %w", dbError(err,
			fmt.Sprintf("A person with the e-mail address %s already exists.", p.Email),
			fmt.Sprintf("Organisation %d does not exist.", p.OrganisationID)))
	}
	p.Languages = splitList(joinList(p.Languages))
	p.CreatedAt = now
	return nil
}

// Person returns the person with the id, with its Organisation.
func (db *DB) Person(ctx context.Context, id int64) (*mission.Person, error) {
	p := &mission.Person{Organisation: &mission.Organisation{}}
	err := db.db.QueryRowContext(ctx, fmt.Sprintf(personWithOrg, personColumns("p"), orgColumns("o"))+" WHERE p.id = $1", id).
		Scan(append(personFields(p), orgFields(p.Organisation)...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("person", id)
	} else if err != nil {
		return nil, fmt.Errorf("person %d: %w", id, err)
	}
	if err := loadOrganisationLists(ctx, db.db, []*mission.Organisation{p.Organisation}); err != nil {
		return nil, fmt.Errorf("person %d: %w", id, err)
	}
	return p, nil
}

// Persons returns the persons that f selects, with their Organisation,
// ordered by id: at most f.Limit (100 when 0, at most 1000) with ids greater
// than f.After. f.Email matches the whole address ignoring case; f.Query a
// case-insensitive substring of the name or e-mail address.
func (db *DB) Persons(ctx context.Context, f mission.PersonFilter) ([]*mission.Person, error) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	where = append(where, "p.id > "+arg(f.After))
	if f.OrganisationID != 0 {
		where = append(where, "p.organisation_id = "+arg(f.OrganisationID))
	}
	if f.Email != "" {
		where = append(where, "LOWER(p.email) = "+arg(strings.ToLower(strings.TrimSpace(f.Email))))
	}
	if f.Query != "" {
		q := arg(likePattern(f.Query))
		where = append(where, "(LOWER(p.name) LIKE "+q+` ESCAPE '\' OR LOWER(p.email) LIKE `+q+` ESCAPE '\')`)
	}
	query := fmt.Sprintf(personWithOrg, personColumns("p"), orgColumns("o")) +
		" WHERE " + strings.Join(where, " AND ") + " ORDER BY p.id LIMIT " + arg(limit(f.Limit))
	persons, err := queryPersons(ctx, db.db, query, args...)
	if err != nil {
		return nil, fmt.Errorf("persons: %w", err)
	}
	return persons, nil
}

// queryPersons runs a personWithOrg query and returns its persons with their
// organisations complete.
func queryPersons(ctx context.Context, q querier, query string, args ...any) ([]*mission.Person, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var persons []*mission.Person
	var orgs []*mission.Organisation
	for rows.Next() {
		p := &mission.Person{Organisation: &mission.Organisation{}}
		if err := rows.Scan(append(personFields(p), orgFields(p.Organisation)...)...); err != nil {
			return nil, err
		}
		persons = append(persons, p)
		orgs = append(orgs, p.Organisation)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := loadOrganisationLists(ctx, q, orgs); err != nil {
		return nil, err
	}
	return persons, nil
}
