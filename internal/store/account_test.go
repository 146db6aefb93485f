package store

import (
	"sync"
	"testing"
	"time"

	"caravan/internal/mission"
)

func newAccount(t *testing.T, db *DB, email string) *mission.Account {
	t.Helper()
	org := newOrganisation(t, db, "Org of "+email, mission.KindCluster, "ES")
	p := newPerson(t, db, org.ID, "Person "+email, email)
	a := &mission.Account{PersonID: p.ID, Email: email, PasswordHash: "$argon2id$fake", EmailVerifiedAt: time.Now()}
	must(t, db.CreateAccount(t.Context(), a))
	return a
}

func TestAccountCreateAndRead(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		a := newAccount(t, db, "ana@example.org")
		got, err := db.AccountByEmail(ctx, "  ANA@Example.org ")
		must(t, err)
		if got.ID != a.ID || got.PasswordHash != "$argon2id$fake" || !got.Verified() || got.Person.Name != "Person ana@example.org" {
			t.Fatalf("got %+v, want account %d with its hash, verified, with its person", got, a.ID)
		}
		// The same address in another case is a conflict.
		org := newOrganisation(t, db, "Other", mission.KindSME, "DE")
		p := newPerson(t, db, org.ID, "Bo", "bo@example.org")
		wantCode(t, db.CreateAccount(ctx, &mission.Account{PersonID: p.ID, Email: "Ana@example.org"}), mission.ECONFLICT)
		// A person has one account.
		wantCode(t, db.CreateAccount(ctx, &mission.Account{PersonID: a.PersonID, Email: "ana2@example.org"}), mission.ECONFLICT)
		// No password yet reads back as "".
		b := &mission.Account{PersonID: p.ID, Email: "bo@example.org"}
		must(t, db.CreateAccount(ctx, b))
		got, err = db.AccountByPerson(ctx, p.ID)
		must(t, err)
		if got.PasswordHash != "" || got.Verified() {
			t.Fatalf("got hash %q verified %v, want none", got.PasswordHash, got.Verified())
		}
		_, err = db.AccountByEmail(ctx, "nobody@example.org")
		wantCode(t, err, mission.ENOTFOUND)

		name, lang := "Ana Pérez", "es"
		got, err = db.UpdateAccount(ctx, a.ID, mission.AccountUpdate{Name: &name, Language: &lang})
		must(t, err)
		if got.Person.Name != name || got.Language != "es" {
			t.Fatalf("got name %q language %q, want %q es", got.Person.Name, got.Language, name)
		}
	})
}

func TestSessions(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		a := newAccount(t, db, "ana@example.org")
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		for _, h := range []string{"s1", "s2", "s3"} {
			must(t, db.CreateSession(ctx, &mission.Session{TokenHash: h, AccountID: a.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}))
		}
		s, err := db.Session(ctx, "s1", now.Add(10*time.Minute))
		must(t, err)
		if s.AccountID != a.ID || !s.LastSeenAt.Equal(now.Add(10*time.Minute)) {
			t.Fatalf("got %+v, want account %d seen at +10m", s, a.ID)
		}
		_, err = db.Session(ctx, "s1", now.Add(time.Hour))
		wantCode(t, err, mission.ENOTFOUND) // expired
		_, err = db.Session(ctx, "nope", now)
		wantCode(t, err, mission.ENOTFOUND)

		n, err := db.DeleteSessions(ctx, a.ID, "s2")
		must(t, err)
		if n != 2 {
			t.Fatalf("got %d sessions ended, want 2", n)
		}
		_, err = db.Session(ctx, "s3", now)
		wantCode(t, err, mission.ENOTFOUND)
		_, err = db.Session(ctx, "s2", now)
		must(t, err)
		must(t, db.DeleteSession(ctx, "s2"))
		_, err = db.Session(ctx, "s2", now)
		wantCode(t, err, mission.ENOTFOUND)
	})
}

func TestSetPasswordEndsOtherSessions(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		a := newAccount(t, db, "ana@example.org")
		now := time.Now()
		for _, h := range []string{"keep", "other"} {
			must(t, db.CreateSession(ctx, &mission.Session{TokenHash: h, AccountID: a.ID, ExpiresAt: now.Add(time.Hour)}))
		}
		must(t, db.SetPassword(ctx, a.ID, "$argon2id$new", "keep"))
		if _, err := db.Session(ctx, "keep", now); err != nil {
			t.Fatalf("kept session: %v", err)
		}
		_, err := db.Session(ctx, "other", now)
		wantCode(t, err, mission.ENOTFOUND)
		got, err := db.Account(ctx, a.ID)
		must(t, err)
		if got.PasswordHash != "$argon2id$new" {
			t.Fatalf("got hash %q, want the new one", got.PasswordHash)
		}
		wantCode(t, db.SetPassword(ctx, 9999, "$x", ""), mission.ENOTFOUND)
	})
}

func TestResetTokenSingleUseAndExpiry(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		a := newAccount(t, db, "ana@example.org")
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		must(t, db.CreateAuthToken(ctx, &mission.AuthToken{Hash: "r1", Purpose: mission.TokenResetPassword, AccountID: a.ID, ExpiresAt: now.Add(time.Hour)}, nil))
		must(t, db.CreateAuthToken(ctx, &mission.AuthToken{Hash: "r2", Purpose: mission.TokenResetPassword, AccountID: a.ID, ExpiresAt: now.Add(time.Hour)}, nil))
		must(t, db.CreateSession(ctx, &mission.Session{TokenHash: "s", AccountID: a.ID, ExpiresAt: now.Add(time.Hour)}))

		// A token of another purpose does not work.
		_, err := db.VerifyEmail(ctx, "r1", now)
		wantCode(t, err, mission.ENOTFOUND)
		if _, err := db.AuthToken(ctx, "r1", mission.TokenResetPassword, now); err != nil {
			t.Fatalf("peek: %v", err)
		}
		got, err := db.ResetPassword(ctx, "r1", "$argon2id$reset", now.Add(time.Minute))
		must(t, err)
		if got.PasswordHash != "$argon2id$reset" {
			t.Fatalf("got hash %q, want the reset one", got.PasswordHash)
		}
		_, err = db.Session(ctx, "s", now)
		wantCode(t, err, mission.ENOTFOUND) // every session ended
		_, err = db.ResetPassword(ctx, "r1", "$argon2id$again", now.Add(2*time.Minute))
		wantCode(t, err, mission.ENOTFOUND) // used
		_, err = db.ResetPassword(ctx, "r2", "$argon2id$late", now.Add(time.Hour))
		wantCode(t, err, mission.ENOTFOUND) // expired
		got, err = db.Account(ctx, a.ID)
		must(t, err)
		if got.PasswordHash != "$argon2id$reset" {
			t.Fatalf("got hash %q after refused uses, want the reset one", got.PasswordHash)
		}
	})
}

func TestTokenConsumedOnceUnderConcurrency(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		a := newAccount(t, db, "ana@example.org")
		now := time.Now()
		must(t, db.CreateAuthToken(ctx, &mission.AuthToken{Hash: "v", Purpose: mission.TokenVerifyEmail, AccountID: a.ID, ExpiresAt: now.Add(time.Hour)}, nil))
		const n = 6
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { _, errs[i] = db.VerifyEmail(ctx, "v", now) })
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch mission.ErrorCode(err) {
			case "":
				ok++
			case mission.ENOTFOUND:
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		if ok != 1 {
			t.Fatalf("got %d successful uses of one token, want 1", ok)
		}
	})
}

func TestInviteAndAccept(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		org := newOrganisation(t, db, "GAIA", mission.KindCluster, "ES")
		p := newPerson(t, db, org.ID, "Iker", "iker@gaia.example")
		m := newMission(t, db, org.ID, "Basque mission")
		now := time.Now()
		inv := mission.Invitation{MissionID: m.ID, Role: mission.RoleHost}
		a, err := db.Invite(ctx, InviteRequest{PersonID: p.ID, Invitation: inv, TokenHash: "i1", ExpiresAt: now.Add(time.Hour),
			Email: &mission.Email{ToAddress: p.Email, Subject: "Invitation", TextBody: "link"}}, now)
		must(t, err)
		if n := countRows(t, db.SQL(), "outbox"); n != 1 {
			t.Fatalf("got %d e-mails after inviting, want 1", n)
		}
		// An invalid e-mail rolls the whole invitation back.
		_, err = db.Invite(ctx, InviteRequest{PersonID: p.ID, Invitation: inv, TokenHash: "i0", ExpiresAt: now.Add(time.Hour),
			Email: &mission.Email{ToAddress: "not an address"}}, now)
		wantCode(t, err, mission.EINVALID)
		_, err = db.AuthToken(ctx, "i0", mission.TokenInvite, now)
		wantCode(t, err, mission.ENOTFOUND)
		if a.PasswordHash != "" || a.Verified() || a.Email != "iker@gaia.example" {
			t.Fatalf("got %+v, want an unverified account without password", a)
		}
		// A second invitation reuses the account.
		b, err := db.Invite(ctx, InviteRequest{PersonID: p.ID, Invitation: mission.Invitation{MissionID: m.ID, Role: mission.RoleOrganiser},
			TokenHash: "i2", ExpiresAt: now.Add(time.Hour)}, now)
		must(t, err)
		if b.ID != a.ID {
			t.Fatalf("got account %d, want %d", b.ID, a.ID)
		}
		_, err = db.Invite(ctx, InviteRequest{PersonID: p.ID, Invitation: mission.Invitation{MissionID: m.ID, Role: "boss"},
			TokenHash: "i3", ExpiresAt: now.Add(time.Hour)}, now)
		wantCode(t, err, mission.EINVALID)
		// A new person in a new organisation, invited to the consortium-less
		// mission as a local company.
		c, err := db.Invite(ctx, InviteRequest{Person: &mission.Person{Name: "Ane", Email: "Ane@Local.example"},
			Organisation: &mission.Organisation{Name: "Local Co", Kind: mission.KindSME, Country: "ES"},
			Invitation:   mission.Invitation{MissionID: m.ID, Role: mission.RoleLocal}, TokenHash: "i4", ExpiresAt: now.Add(time.Hour)}, now)
		must(t, err)
		if c.Email != "ane@local.example" || c.Person.Organisation.Name != "Local Co" {
			t.Fatalf("got %+v, want a new account of Ane in Local Co", c)
		}

		got, gotInv, err := db.AcceptInvitation(ctx, "i1", "$argon2id$pw", now)
		must(t, err)
		if got.PasswordHash != "$argon2id$pw" || !got.Verified() || gotInv.Role != mission.RoleHost {
			t.Fatalf("got %+v %+v, want password set, verified, host", got, gotInv)
		}
		roles, err := db.PersonRoles(ctx, p.ID)
		must(t, err)
		if len(roles.Mission[m.ID]) != 1 || roles.Mission[m.ID][0] != mission.RoleHost {
			t.Fatalf("got roles %v, want host of mission %d", roles.Mission, m.ID)
		}
		_, _, err = db.AcceptInvitation(ctx, "i1", "$argon2id$pw", now)
		wantCode(t, err, mission.ENOTFOUND)
	})
}

func TestRegister(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		kicks := 0
		db.OnEmailQueued(func() { kicks++ })
		now := time.Now()
		r := &Registration{
			Person:       &mission.Person{Name: "Jana Nováková"},
			Organisation: &mission.Organisation{Name: "Moravian SME", Kind: mission.KindSME, Country: "CZ"},
			Account:      &mission.Account{Email: "Jana@Moravia.example", PasswordHash: "$argon2id$x"},
			VerifyToken:  &mission.AuthToken{Hash: "v1", ExpiresAt: now.Add(time.Hour)},
			Email:        &mission.Email{ToAddress: "jana@moravia.example", Subject: "Confirm", TextBody: "link"},
		}
		must(t, db.Register(ctx, r))
		mails, err := db.Emails(ctx, mission.EmailFilter{})
		must(t, err)
		if len(mails) != 1 || mails[0].ToAddress != "jana@moravia.example" || kicks != 1 {
			t.Fatalf("got %d e-mails %+v and %d kicks, want the confirmation to jana and one kick", len(mails), mails, kicks)
		}
		a, err := db.AccountByEmail(ctx, "jana@moravia.example")
		must(t, err)
		if a.Verified() || a.Person.Organisation.Name != "Moravian SME" {
			t.Fatalf("got %+v, want unverified with its new organisation", a)
		}
		got, err := db.VerifyEmail(ctx, "v1", now)
		must(t, err)
		if !got.Verified() {
			t.Fatal("not verified after the link")
		}
		// The same address again: nothing is written.
		before := countRows(t, db.SQL(), "organisations")
		r2 := &Registration{
			Person:       &mission.Person{Name: "Other"},
			Organisation: &mission.Organisation{Name: "Another SME", Kind: mission.KindSME, Country: "CZ"},
			Account:      &mission.Account{Email: "jana@moravia.example", PasswordHash: "$argon2id$x"},
			VerifyToken:  &mission.AuthToken{Hash: "v2", ExpiresAt: now.Add(time.Hour)},
			Email:        &mission.Email{ToAddress: "jana@moravia.example", Subject: "Confirm", TextBody: "link"},
		}
		wantCode(t, db.Register(ctx, r2), mission.ECONFLICT)
		if after := countRows(t, db.SQL(), "organisations"); after != before {
			t.Fatalf("got %d organisations after a failed registration, want %d", after, before)
		}
		if n := countRows(t, db.SQL(), "outbox"); n != 1 {
			t.Fatalf("got %d e-mails after a failed registration, want 1", n)
		}
	})
}

func TestAPITokens(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		a := newAccount(t, db, "ana@example.org")
		other := newAccount(t, db, "bo@example.org")
		now := time.Now()
		tok := &mission.APIToken{AccountID: a.ID, Name: " script ", Hash: "h1"}
		must(t, db.CreateAPIToken(ctx, tok))
		wantCode(t, db.CreateAPIToken(ctx, &mission.APIToken{AccountID: a.ID, Name: "", Hash: "h2"}), mission.EINVALID)
		got, err := db.UseAPIToken(ctx, "h1", now)
		must(t, err)
		if got.AccountID != a.ID || got.Name != "script" || got.LastUsedAt.IsZero() {
			t.Fatalf("got %+v, want account %d's token named script, used", got, a.ID)
		}
		_, err = db.RevokeAPIToken(ctx, other.ID, tok.ID, now)
		wantCode(t, err, mission.ENOTFOUND) // not theirs
		_, err = db.RevokeAPIToken(ctx, a.ID, tok.ID, now)
		must(t, err)
		_, err = db.UseAPIToken(ctx, "h1", now)
		wantCode(t, err, mission.ENOTFOUND)
		list, err := db.APITokens(ctx, a.ID)
		must(t, err)
		if len(list) != 0 {
			t.Fatalf("got %d tokens after revoking, want 0", len(list))
		}
	})
}

func TestAuditLog(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		a := newAccount(t, db, "ana@example.org")
		must(t, db.AddAudit(ctx, &mission.AuditEntry{AccountID: a.ID, Action: mission.AuditLogin, IP: "192.0.2.1"}))
		must(t, db.AddAudit(ctx, &mission.AuditEntry{Action: mission.AuditLoginFailed, IP: "192.0.2.2", Detail: "unknown address"}))
		must(t, db.AddAudit(ctx, &mission.AuditEntry{AccountID: a.ID, Action: mission.AuditLogout, TargetType: "session"}))
		wantCode(t, db.AddAudit(ctx, &mission.AuditEntry{}), mission.EINVALID)
		all, err := db.AuditLog(ctx, mission.AuditFilter{})
		must(t, err)
		if len(all) != 3 || all[0].Action != mission.AuditLogout || all[2].AccountEmail != "ana@example.org" || all[1].AccountID != 0 {
			t.Fatalf("got %d entries %+v, want 3 newest first with e-mail", len(all), all)
		}
		page, err := db.AuditLog(ctx, mission.AuditFilter{Limit: 1, Before: all[0].ID})
		must(t, err)
		if len(page) != 1 || page[0].ID != all[1].ID {
			t.Fatalf("got %+v, want the second newest", page)
		}
	})
}

func TestConsortiumMembers(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		org := newOrganisation(t, db, "SiSax", mission.KindCluster, "DE")
		p := newPerson(t, db, org.ID, "Olaf", "olaf@sisax.example")
		c := &mission.Consortium{Name: "EXCITE"}
		must(t, db.CreateConsortium(ctx, c))
		must(t, db.AddConsortiumMember(ctx, mission.ConsortiumMember{ConsortiumID: c.ID, PersonID: p.ID, Role: mission.ConsortiumOrganiser}))
		wantCode(t, db.AddConsortiumMember(ctx, mission.ConsortiumMember{ConsortiumID: c.ID, PersonID: p.ID, Role: mission.ConsortiumOrganiser}), mission.ECONFLICT)
		wantCode(t, db.AddConsortiumMember(ctx, mission.ConsortiumMember{ConsortiumID: c.ID, PersonID: p.ID, Role: "host"}), mission.EINVALID)
		roles, err := db.PersonRoles(ctx, p.ID)
		must(t, err)
		if len(roles.Consortium[c.ID]) != 1 {
			t.Fatalf("got %v, want organiser of %d", roles.Consortium, c.ID)
		}
	})
}

func TestDeleteExpired(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		a := newAccount(t, db, "ana@example.org")
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		must(t, db.CreateSession(ctx, &mission.Session{TokenHash: "old", AccountID: a.ID, ExpiresAt: now.Add(-time.Second)}))
		must(t, db.CreateSession(ctx, &mission.Session{TokenHash: "live", AccountID: a.ID, ExpiresAt: now.Add(time.Hour)}))
		must(t, db.CreateAuthToken(ctx, &mission.AuthToken{Hash: "t-old", Purpose: mission.TokenResetPassword, AccountID: a.ID, ExpiresAt: now.Add(-time.Minute)}, nil))
		must(t, db.CreateAuthToken(ctx, &mission.AuthToken{Hash: "t-live", Purpose: mission.TokenResetPassword, AccountID: a.ID, ExpiresAt: now.Add(time.Minute)}, nil))
		n, err := db.DeleteExpired(ctx, now)
		must(t, err)
		if n != 2 {
			t.Fatalf("got %d rows deleted, want 2", n)
		}
		if got := countRows(t, db.SQL(), "sessions") + countRows(t, db.SQL(), "auth_tokens"); got != 2 {
			t.Fatalf("got %d rows left, want the 2 live ones", got)
		}
	})
}

func TestRehashPassword(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		a := newAccount(t, db, "ana@example.org")
		must(t, db.CreateSession(ctx, &mission.Session{TokenHash: "s", AccountID: a.ID, ExpiresAt: time.Now().Add(time.Hour)}))
		ok, err := db.RehashPassword(ctx, a.ID, "$argon2id$stale", "$argon2id$new")
		must(t, err)
		if ok {
			t.Fatal("replaced a hash that had changed in the meantime")
		}
		ok, err = db.RehashPassword(ctx, a.ID, "$argon2id$fake", "$argon2id$new")
		must(t, err)
		got, err := db.Account(ctx, a.ID)
		must(t, err)
		if !ok || got.PasswordHash != "$argon2id$new" {
			t.Fatalf("got %v and hash %q, want the new hash", ok, got.PasswordHash)
		}
		if _, err := db.Session(ctx, "s", time.Now()); err != nil {
			t.Fatalf("the session ended on a rehash: %v", err)
		}
	})
}
