package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"caravan/internal/mission"
)

// accountColumns are an account's columns under the alias a, in the order
// accountFields scans them.
const accountColumns = "a.id, a.person_id, a.email, a.password_hash, a.email_verified_at, a.language, a.is_admin, a.disabled_at, a.created_at"

func accountFields(a *mission.Account) []any {
	return []any{&a.ID, &a.PersonID, &a.Email, nullString{&a.PasswordHash}, timeValue{&a.EmailVerifiedAt},
		&a.Language, &a.IsAdmin, timeValue{&a.DisabledAt}, timeValue{&a.CreatedAt}}
}

// nullString scans a nullable text column into s: "" for NULL.
type nullString struct{ s *string }

func (v nullString) Scan(src any) error {
	var ns sql.NullString
	if err := ns.Scan(src); err != nil {
		return err
	}
	*v.s = ns.String
	return nil
}

// text returns s as an argument: NULL for "".
func text(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// CreateAccount validates a and inserts it; it sets a.ID, and CreatedAt
// when zero. An e-mail address or person that already has an account is
// ECONFLICT; a person that does not exist is EINVALID.
func (db *DB) CreateAccount(ctx context.Context, a *mission.Account) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error { return createAccount(ctx, tx, a) })
}

func createAccount(ctx context.Context, tx *sql.Tx, a *mission.Account) error {
	now := stamp(a.CreatedAt)
	err := tx.QueryRowContext(ctx, `INSERT INTO accounts
		(person_id, email, password_hash, email_verified_at, language, is_admin, disabled_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		a.PersonID, a.Email, text(a.PasswordHash), ts(a.EmailVerifiedAt), a.Language, a.IsAdmin, ts(a.DisabledAt), ts(now),
	).Scan(&a.ID)
	if err != nil {
		return fmt.Errorf("create account: %w", dbError(err,
			fmt.Sprintf("An account with the e-mail address %s already exists.", a.Email),
			fmt.Sprintf("Person %d does not exist.", a.PersonID)))
	}
	a.CreatedAt = now
	return nil
}

// getAccount returns the account that where (on alias a, with args) selects,
// with its Person and the person's Organisation.
func getAccount(ctx context.Context, q querier, what string, where string, args ...any) (*mission.Account, error) {
	a := &mission.Account{Person: &mission.Person{Organisation: &mission.Organisation{}}}
	query := "SELECT " + accountColumns + ", " + personColumns("p") + ", " + orgColumns("o") + `
		FROM accounts a JOIN persons p ON p.id = a.person_id JOIN organisations o ON o.id = p.organisation_id WHERE ` + where
	fields := append(accountFields(a), personFields(a.Person)...)
	err := q.QueryRowContext(ctx, query, args...).Scan(append(fields, orgFields(a.Person.Organisation)...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, mission.Errorf(mission.ENOTFOUND, "%s not found", what)
	} else if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return a, nil
}

// Account returns the account with the id, with its Person.
func (db *DB) Account(ctx context.Context, id int64) (*mission.Account, error) {
	return getAccount(ctx, db.db, fmt.Sprintf("account %d", id), "a.id = $1", id)
}

// AccountByEmail returns the account with the e-mail address, ignoring case
// and surrounding space, with its Person.
func (db *DB) AccountByEmail(ctx context.Context, email string) (*mission.Account, error) {
	return getAccount(ctx, db.db, "account", "lower(a.email) = $1", strings.ToLower(strings.TrimSpace(email)))
}

// AccountByPerson returns the account of the person, with its Person.
func (db *DB) AccountByPerson(ctx context.Context, personID int64) (*mission.Account, error) {
	return getAccount(ctx, db.db, fmt.Sprintf("account of person %d", personID), "a.person_id = $1", personID)
}

// UpdateAccount changes an account's language and its person's name in one
// transaction and returns the account as stored.
func (db *DB) UpdateAccount(ctx context.Context, id int64, u mission.AccountUpdate) (*mission.Account, error) {
	if u.Name != nil {
		name := strings.TrimSpace(*u.Name)
		switch {
		case name == "":
			return nil, mission.FieldError("name", "Name is required.")
		case len(name) > 200:
			return nil, mission.FieldError("name", "Name must be at most 200 characters.")
		}
		u.Name = &name
	}
	if u.Language != nil && len(*u.Language) > 20 {
		return nil, mission.FieldError("language", "Language is not valid.")
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var personID int64
		err := tx.QueryRowContext(ctx, "SELECT person_id FROM accounts WHERE id = $1", id).Scan(&personID)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("account", id)
		} else if err != nil {
			return err
		}
		if u.Language != nil {
			if _, err := tx.ExecContext(ctx, "UPDATE accounts SET language = $1 WHERE id = $2", *u.Language, id); err != nil {
				return err
			}
		}
		if u.Name != nil {
			if _, err := tx.ExecContext(ctx, "UPDATE persons SET name = $1 WHERE id = $2", *u.Name, personID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("update account %d: %w", id, dbError(err, "", ""))
	}
	return db.Account(ctx, id)
}

// SetPassword stores a new password hash for the account and ends all its
// sessions except keepSession (a session token hash; "" ends them all), in
// one transaction.
func (db *DB) SetPassword(ctx context.Context, accountID int64, hash, keepSession string) error {
	if hash == "" {
		return mission.FieldError("password", "Password is required.")
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		return setPassword(ctx, tx, accountID, hash, keepSession)
	})
	if err != nil {
		return fmt.Errorf("set password of account %d: %w", accountID, err)
	}
	return nil
}

func setPassword(ctx context.Context, tx *sql.Tx, accountID int64, hash, keepSession string) error {
	res, err := tx.ExecContext(ctx, "UPDATE accounts SET password_hash = $1 WHERE id = $2", hash, accountID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return notFound("account", accountID)
	}
	_, err = tx.ExecContext(ctx, "DELETE FROM sessions WHERE account_id = $1 AND token_hash <> $2", accountID, keepSession)
	return err
}

// RehashPassword replaces the account's password hash old with new (the
// same password hashed with current parameters) unless it changed in the
// meantime, keeping every session. It reports whether it replaced it.
func (db *DB) RehashPassword(ctx context.Context, accountID int64, old, new string) (bool, error) {
	res, err := db.db.ExecContext(ctx, "UPDATE accounts SET password_hash = $1 WHERE id = $2 AND password_hash = $3", new, accountID, old)
	if err != nil {
		return false, fmt.Errorf("rehash password of account %d: %w", accountID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("rehash password of account %d: %w", accountID, err)
	}
	return n == 1, nil
}

// CreateAuthToken stores a single-use token (by its hash) for an account;
// it sets t.CreatedAt when zero. When e is not nil, the e-mail that carries
// the token's link goes into the outbox in the same transaction.
func (db *DB) CreateAuthToken(ctx context.Context, t *mission.AuthToken, e *mission.Email) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if err := createAuthToken(ctx, tx, t); err != nil {
			return err
		}
		if e != nil {
			return enqueueEmail(ctx, tx, e)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if e != nil {
		db.notifyEmailQueued()
	}
	return nil
}

func createAuthToken(ctx context.Context, tx *sql.Tx, t *mission.AuthToken) error {
	if t.Hash == "" || t.ExpiresAt.IsZero() {
		return mission.Errorf(mission.EINVALID, "A token needs a hash and an expiry.")
	}
	t.CreatedAt = stamp(t.CreatedAt)
	_, err := tx.ExecContext(ctx, `INSERT INTO auth_tokens (hash, purpose, account_id, expires_at, used_at, payload, created_at)
		VALUES ($1, $2, $3, $4, NULL, $5, $6)`, t.Hash, t.Purpose, t.AccountID, ts(t.ExpiresAt), t.Payload, ts(t.CreatedAt))
	if err != nil {
		return fmt.Errorf("create %s token: %w", t.Purpose, dbError(err, "", fmt.Sprintf("Account %d does not exist.", t.AccountID)))
	}
	return nil
}

// AuthToken returns the unused, unexpired token of the purpose with the
// hash, without using it (to show the form that a link opens). Any other
// token is ENOTFOUND.
func (db *DB) AuthToken(ctx context.Context, hash, purpose string, now time.Time) (*mission.AuthToken, error) {
	t := &mission.AuthToken{}
	err := db.db.QueryRowContext(ctx, `SELECT hash, purpose, account_id, expires_at, used_at, payload, created_at
		FROM auth_tokens WHERE hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3`, hash, purpose, ts(now)).
		Scan(&t.Hash, &t.Purpose, &t.AccountID, timeValue{&t.ExpiresAt}, timeValue{&t.UsedAt}, &t.Payload, timeValue{&t.CreatedAt})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, mission.Errorf(mission.ENOTFOUND, "The link is not valid, has already been used or has expired.")
	} else if err != nil {
		return nil, fmt.Errorf("%s token: %w", purpose, err)
	}
	return t, nil
}

// consumeToken spends the unused, unexpired token of the purpose with the
// hash in one conditional UPDATE, so that of two concurrent uses exactly one
// wins, and returns it. Any other token is ENOTFOUND.
func consumeToken(ctx context.Context, tx *sql.Tx, hash, purpose string, now time.Time) (*mission.AuthToken, error) {
	t := &mission.AuthToken{}
	err := tx.QueryRowContext(ctx, `UPDATE auth_tokens SET used_at = $1
		WHERE hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $4
		RETURNING hash, purpose, account_id, expires_at, used_at, payload, created_at`,
		ts(now), hash, purpose, ts(now)).
		Scan(&t.Hash, &t.Purpose, &t.AccountID, timeValue{&t.ExpiresAt}, timeValue{&t.UsedAt}, &t.Payload, timeValue{&t.CreatedAt})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, mission.Errorf(mission.ENOTFOUND, "The link is not valid, has already been used or has expired.")
	} else if err != nil {
		return nil, fmt.Errorf("use %s token: %w", purpose, err)
	}
	return t, nil
}

// VerifyEmail uses a verify_email token and marks its account's address as
// confirmed, in one transaction. It returns the account.
func (db *DB) VerifyEmail(ctx context.Context, hash string, now time.Time) (*mission.Account, error) {
	var id int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		t, err := consumeToken(ctx, tx, hash, mission.TokenVerifyEmail, now)
		if err != nil {
			return err
		}
		id = t.AccountID
		_, err = tx.ExecContext(ctx, "UPDATE accounts SET email_verified_at = COALESCE(email_verified_at, $1) WHERE id = $2", ts(now), id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("verify e-mail: %w", err)
	}
	return db.Account(ctx, id)
}

// ResetPassword uses a reset_password token, stores the new password hash,
// confirms the e-mail address (the link reached it) and ends every session
// of the account, in one transaction. It returns the account.
func (db *DB) ResetPassword(ctx context.Context, hash, passwordHash string, now time.Time) (*mission.Account, error) {
	var id int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		t, err := consumeToken(ctx, tx, hash, mission.TokenResetPassword, now)
		if err != nil {
			return err
		}
		id = t.AccountID
		if err := setPassword(ctx, tx, id, passwordHash, ""); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE accounts SET email_verified_at = COALESCE(email_verified_at, $1) WHERE id = $2", ts(now), id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reset password: %w", err)
	}
	return db.Account(ctx, id)
}

// AcceptInvitation uses an invite token: it stores the password hash,
// confirms the e-mail address, grants the invitation's role and ends any
// other session of the account, in one transaction. It returns the account
// and the invitation.
func (db *DB) AcceptInvitation(ctx context.Context, hash, passwordHash string, now time.Time) (*mission.Account, *mission.Invitation, error) {
	var id int64
	var inv mission.Invitation
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		t, err := consumeToken(ctx, tx, hash, mission.TokenInvite, now)
		if err != nil {
			return err
		}
		id = t.AccountID
		if err := json.Unmarshal([]byte(t.Payload), &inv); err != nil {
			return fmt.Errorf("invitation payload: %w", err)
		}
		if err := setPassword(ctx, tx, id, passwordHash, ""); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET email_verified_at = COALESCE(email_verified_at, $1) WHERE id = $2", ts(now), id); err != nil {
			return err
		}
		var personID int64
		if err := tx.QueryRowContext(ctx, "SELECT person_id FROM accounts WHERE id = $1", id).Scan(&personID); err != nil {
			return err
		}
		return grantRole(ctx, tx, personID, inv, now)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("accept invitation: %w", dbError(err, "", ""))
	}
	a, err := db.Account(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	return a, &inv, nil
}

// grantRole gives the person the invitation's role, unless it has it.
func grantRole(ctx context.Context, tx *sql.Tx, personID int64, inv mission.Invitation, now time.Time) error {
	if err := inv.Validate(); err != nil {
		return err
	}
	var err error
	if inv.MissionID != 0 {
		_, err = tx.ExecContext(ctx, `INSERT INTO mission_members (mission_id, person_id, role, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (mission_id, person_id, role) DO NOTHING`, inv.MissionID, personID, inv.Role, ts(now))
	} else {
		_, err = tx.ExecContext(ctx, `INSERT INTO consortium_members (consortium_id, person_id, role, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (consortium_id, person_id, role) DO NOTHING`, inv.ConsortiumID, personID, inv.Role, ts(now))
	}
	return err
}

// InviteRequest is an organiser's invitation of a person to a role: an
// existing person (PersonID), or a new one (Person, in the organisation
// OrganisationID or the new Organisation), with the invite token's hash and
// expiry and the e-mail that carries its link.
type InviteRequest struct {
	PersonID       int64
	Person         *mission.Person
	OrganisationID int64
	Organisation   *mission.Organisation
	Invitation     mission.Invitation
	TokenHash      string
	ExpiresAt      time.Time
	Email          *mission.Email // may be nil
}

// Invite prepares an invitation in one transaction: it creates the new
// person (and organisation) when asked, the person's account (without a
// password, unverified) when it has none, stores the invite token and puts
// the e-mail into the outbox. It returns the account. The person needs an
// e-mail address.
func (db *DB) Invite(ctx context.Context, req InviteRequest, now time.Time) (*mission.Account, error) {
	inv := req.Invitation
	if err := inv.Validate(); err != nil {
		return nil, err
	}
	payload, err := json.Marshal(inv)
	if err != nil {
		return nil, fmt.Errorf("invite: %w", err)
	}
	if req.PersonID == 0 {
		if req.Person == nil {
			return nil, mission.FieldError("email", "Say whom to invite.")
		}
		if req.OrganisationID == 0 && req.Organisation == nil {
			return nil, mission.FieldError("organisation", "Organisation is required.")
		}
		check := *req.Person
		check.OrganisationID = -1
		if err := check.Validate(); err != nil {
			return nil, err
		}
		if check.Email == "" {
			return nil, mission.FieldError("email", "E-mail address is required.")
		}
		if req.Organisation != nil {
			if err := req.Organisation.Validate(); err != nil {
				return nil, err
			}
		}
	}
	var id int64
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		personID := req.PersonID
		if personID == 0 {
			orgID := req.OrganisationID
			if orgID == 0 {
				if err := insertOrganisation(ctx, tx, req.Organisation); err != nil {
					return err
				}
				orgID = req.Organisation.ID
			}
			p := req.Person
			p.OrganisationID = orgID
			if err := p.Validate(); err != nil {
				return err
			}
			err := tx.QueryRowContext(ctx, `INSERT INTO persons (organisation_id, name, email, phone, job_title, languages, bio, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
				orgID, p.Name, p.Email, p.Phone, p.JobTitle, joinList(p.Languages), p.Bio, ts(stamp(now)),
			).Scan(&p.ID)
			if err != nil {
				return dbError(err, fmt.Sprintf("A person with the e-mail address %s already exists.", p.Email), "")
			}
			personID = p.ID
		}
		a, err := getAccount(ctx, tx, "account", "a.person_id = $1", personID)
		switch mission.ErrorCode(err) {
		case "":
			id = a.ID
		case mission.ENOTFOUND:
			p, err := getPerson(ctx, tx, personID)
			if err != nil {
				return err
			}
			if p.Email == "" {
				return mission.FieldError("email", "%s has no e-mail address to invite.", p.Name)
			}
			a = &mission.Account{PersonID: personID, Email: p.Email, CreatedAt: now}
			if err := a.Validate(); err != nil {
				return err
			}
			if err := createAccount(ctx, tx, a); err != nil {
				return err
			}
			id = a.ID
		default:
			return err
		}
		err = createAuthToken(ctx, tx, &mission.AuthToken{Hash: req.TokenHash, Purpose: mission.TokenInvite, AccountID: id,
			ExpiresAt: req.ExpiresAt, Payload: string(payload), CreatedAt: now})
		if err != nil || req.Email == nil {
			return err
		}
		return enqueueEmail(ctx, tx, req.Email)
	})
	if err != nil {
		return nil, fmt.Errorf("invite: %w", dbError(err, "", ""))
	}
	if req.Email != nil {
		db.notifyEmailQueued()
	}
	return db.Account(ctx, id)
}

// getPerson returns the person with the id, without its organisation's
// lists.
func getPerson(ctx context.Context, q querier, id int64) (*mission.Person, error) {
	p := &mission.Person{Organisation: &mission.Organisation{}}
	err := q.QueryRowContext(ctx, fmt.Sprintf(personWithOrg, personColumns("p"), orgColumns("o"))+" WHERE p.id = $1", id).
		Scan(append(personFields(p), orgFields(p.Organisation)...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("person", id)
	} else if err != nil {
		return nil, fmt.Errorf("person %d: %w", id, err)
	}
	return p, nil
}

// Registration is a self-registration of an applicant: a new person in an
// existing organisation (OrganisationID) or a new one (Organisation), and
// an unverified account with a password.
type Registration struct {
	Person         *mission.Person
	OrganisationID int64
	Organisation   *mission.Organisation // used when OrganisationID is 0
	Account        *mission.Account      // Email, PasswordHash, Language
	// VerifyToken is the verify_email token (hash and expiry) to store.
	VerifyToken *mission.AuthToken
	// Email, when not nil, is the message with the link that confirms the
	// address; it goes into the outbox with the rest.
	Email *mission.Email
}

// Register creates what r holds in one transaction: the organisation when
// new, the person, the account, the verify_email token and the e-mail in
// the outbox. It sets the ids.
// An e-mail address already in use is ECONFLICT.
func (db *DB) Register(ctx context.Context, r *Registration) error {
	if r.OrganisationID == 0 {
		if r.Organisation == nil {
			return mission.FieldError("organisation", "Organisation is required.")
		}
		if err := r.Organisation.Validate(); err != nil {
			return err
		}
	}
	// Validate with stand-in ids: the real ones exist only inside the
	// transaction.
	check := *r.Account
	check.PersonID = -1
	if err := check.Validate(); err != nil {
		return err
	}
	r.Account.Email = check.Email
	person := *r.Person
	person.Email, person.OrganisationID = check.Email, -1
	if err := person.Validate(); err != nil {
		return err
	}
	r.Person.Name, r.Person.Email = person.Name, person.Email
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		orgID := r.OrganisationID
		if orgID == 0 {
			if err := insertOrganisation(ctx, tx, r.Organisation); err != nil {
				return err
			}
			orgID = r.Organisation.ID
		}
		r.Person.OrganisationID = orgID
		now := stamp(r.Account.CreatedAt)
		err := tx.QueryRowContext(ctx, `INSERT INTO persons (organisation_id, name, email, phone, job_title, languages, bio, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			orgID, r.Person.Name, r.Person.Email, r.Person.Phone, r.Person.JobTitle, joinList(r.Person.Languages), r.Person.Bio, ts(now),
		).Scan(&r.Person.ID)
		if err != nil {
			return dbError(err, fmt.Sprintf("An account with the e-mail address %s already exists.", r.Account.Email),
				fmt.Sprintf("Organisation %d does not exist.", orgID))
		}
		r.Person.CreatedAt = now
		r.Account.PersonID = r.Person.ID
		r.Account.CreatedAt = now
		if err := createAccount(ctx, tx, r.Account); err != nil {
			return err
		}
		r.VerifyToken.AccountID = r.Account.ID
		r.VerifyToken.Purpose = mission.TokenVerifyEmail
		if err := createAuthToken(ctx, tx, r.VerifyToken); err != nil || r.Email == nil {
			return err
		}
		return enqueueEmail(ctx, tx, r.Email)
	})
	if err != nil {
		return fmt.Errorf("register: %w", err)
	}
	if r.Email != nil {
		db.notifyEmailQueued()
	}
	return nil
}

// AddConsortiumMember gives a person a role in a consortium; it sets
// CreatedAt when zero. The same role twice is ECONFLICT; an unknown role,
// consortium or person EINVALID.
func (db *DB) AddConsortiumMember(ctx context.Context, cm mission.ConsortiumMember) error {
	if !contains(mission.ConsortiumRoles, cm.Role) {
		return mission.FieldError("role", "Role must be one of %s.", strings.Join(mission.ConsortiumRoles, ", "))
	}
	_, err := db.db.ExecContext(ctx, "INSERT INTO consortium_members (consortium_id, person_id, role, created_at) VALUES ($1, $2, $3, $4)",
		cm.ConsortiumID, cm.PersonID, cm.Role, ts(stamp(cm.CreatedAt)))
	if err != nil {
		return fmt.Errorf("add member to consortium %d: %w", cm.ConsortiumID, dbError(err,
			fmt.Sprintf("Person %d already is a %s of consortium %d.", cm.PersonID, cm.Role, cm.ConsortiumID),
			fmt.Sprintf("Consortium %d or person %d does not exist.", cm.ConsortiumID, cm.PersonID)))
	}
	return nil
}

// PersonRoles returns the person's roles in consortia and missions.
func (db *DB) PersonRoles(ctx context.Context, personID int64) (mission.Roles, error) {
	roles := mission.Roles{Consortium: map[int64][]string{}, Mission: map[int64][]string{}}
	for _, q := range []struct {
		query string
		into  map[int64][]string
	}{
		{"SELECT consortium_id, role FROM consortium_members WHERE person_id = $1 ORDER BY consortium_id, role", roles.Consortium},
		{"SELECT mission_id, role FROM mission_members WHERE person_id = $1 ORDER BY mission_id, role", roles.Mission},
	} {
		rows, err := db.db.QueryContext(ctx, q.query, personID)
		if err != nil {
			return roles, fmt.Errorf("roles of person %d: %w", personID, err)
		}
		for rows.Next() {
			var id int64
			var role string
			if err := rows.Scan(&id, &role); err != nil {
				rows.Close()
				return roles, fmt.Errorf("roles of person %d: %w", personID, err)
			}
			q.into[id] = append(q.into[id], role)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return roles, fmt.Errorf("roles of person %d: %w", personID, err)
		}
	}
	return roles, nil
}

// insertOrganisation inserts a new organisation's own columns (no
// ecosystems, no cluster memberships) inside tx and sets o.ID.
func insertOrganisation(ctx context.Context, tx *sql.Tx, o *mission.Organisation) error {
	created := stamp(o.CreatedAt)
	err := tx.QueryRowContext(ctx, `INSERT INTO organisations
		(name, kind, country, region, city, lat, lon, staff, website, description, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
		o.Name, o.Kind, o.Country, o.Region, o.City, o.Lat, o.Lon, o.Staff, o.Website, o.Description, ts(created), ts(created),
	).Scan(&o.ID)
	if err != nil {
		return fmt.Errorf("create organisation: %w", dbError(err, "", ""))
	}
	o.CreatedAt, o.UpdatedAt = created, created
	return nil
}
