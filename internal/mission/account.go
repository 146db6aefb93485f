package mission

import (
	"slices"
	"strings"
	"time"
)

// Account lets a person sign in. A person has at most one account; the
// e-mail address is unique without regard to case. PasswordHash is empty
// until the person sets a password (an invited account before it is
// accepted).
type Account struct {
	ID              int64
	PersonID        int64
	Email           string
	PasswordHash    string
	EmailVerifiedAt time.Time // zero until the address is confirmed
	// Language is the BCP 47 tag the person prefers ("en", "es"), or ""
	// for the browser's preference.
	Language   string
	IsAdmin    bool
	DisabledAt time.Time // zero unless an admin disabled the account
	CreatedAt  time.Time
	// Person is filled in by reads that join it (with its Organisation).
	Person *Person
}

// Verified reports whether the account's e-mail address is confirmed.
func (a *Account) Verified() bool { return !a.EmailVerifiedAt.IsZero() }

// Disabled reports whether an admin disabled the account.
func (a *Account) Disabled() bool { return !a.DisabledAt.IsZero() }

// Validate checks an account's fields and normalises its e-mail address.
func (a *Account) Validate() error {
	a.Email = strings.ToLower(strings.TrimSpace(a.Email))
	switch {
	case a.PersonID == 0:
		return FieldError("person_id", "Person is required.")
	case a.Email == "":
		return FieldError("email", "E-mail address is required.")
	case !validEmail(a.Email):
		return FieldError("email", "%q is not a valid e-mail address.", a.Email)
	case len(a.Language) > 20:
		return FieldError("language", "Language is not valid.")
	}
	return nil
}

// AccountUpdate changes an account and its person; nil fields stay as they
// are.
type AccountUpdate struct {
	Name     *string // the person's name
	Language *string
}

// Session is a signed-in browser. The store keeps only the hash of the
// token in the session cookie; sessions live in the database so that any
// node can serve any request.
type Session struct {
	TokenHash  string
	AccountID  int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// Purposes of the single-use tokens that e-mailed links carry.
const (
	TokenVerifyEmail   = "verify_email"
	TokenResetPassword = "reset_password"
	TokenInvite        = "invite"
)

// AuthToken is a single-use, expiring token sent by e-mail. Only its hash is
// stored. Payload holds what the link grants beyond the account itself: the
// role of an invitation, as JSON.
type AuthToken struct {
	Hash      string
	Purpose   string
	AccountID int64
	ExpiresAt time.Time
	UsedAt    time.Time
	Payload   string
	CreatedAt time.Time
}

// Invitation is what an organiser invites a person to: a role in a mission
// (MissionID set; a member role) or in a consortium (ConsortiumID set;
// organiser or viewer). It travels as the payload of an invite token and is
// applied when the invitation is accepted.
type Invitation struct {
	MissionID    int64  `json:"mission_id,omitempty"`
	ConsortiumID int64  `json:"consortium_id,omitempty"`
	Role         string `json:"role"`
	// InvitedBy is the inviting account.
	InvitedBy int64 `json:"invited_by,omitempty"`
}

// Validate checks that the invitation names one mission or one consortium
// and a role that fits it.
func (i *Invitation) Validate() error {
	switch {
	case (i.MissionID == 0) == (i.ConsortiumID == 0):
		return FieldError("role", "An invitation is to one mission or to one consortium.")
	case i.MissionID != 0 && !slices.Contains(MemberRoles, i.Role):
		return FieldError("role", "Role %q is not a mission role.", i.Role)
	case i.ConsortiumID != 0 && !slices.Contains(ConsortiumRoles, i.Role):
		return FieldError("role", "Role %q is not a consortium role.", i.Role)
	}
	return nil
}

// APIToken is a personal API token: it authenticates /api/v1 requests as its
// account, with the account's rights, until revoked. Only its hash is
// stored; the token is shown once, when it is created.
type APIToken struct {
	ID         int64
	AccountID  int64
	Name       string
	Hash       string
	CreatedAt  time.Time
	LastUsedAt time.Time // zero until first used
	RevokedAt  time.Time // zero while valid
}

// Validate checks an API token's name.
func (t *APIToken) Validate() error {
	t.Name = strings.TrimSpace(t.Name)
	switch {
	case t.Name == "":
		return FieldError("name", "Name of the token is required.")
	case len(t.Name) > 100:
		return FieldError("name", "Name of the token must be at most 100 characters.")
	}
	return nil
}

// Consortium roles: a person's role in a whole consortium, over all its
// missions.
const (
	ConsortiumOrganiser = "organiser"
	ConsortiumViewer    = "viewer"
)

// ConsortiumRoles lists the valid ConsortiumMember.Role values.
var ConsortiumRoles = []string{ConsortiumOrganiser, ConsortiumViewer}

// ConsortiumMember gives a person a role in a consortium.
type ConsortiumMember struct {
	ConsortiumID int64
	PersonID     int64
	Role         string
	CreatedAt    time.Time
}

// Roles are a person's roles: per consortium and per mission, by id.
type Roles struct {
	Consortium map[int64][]string
	Mission    map[int64][]string
}

// User is who a request acts as: a signed-in account with its person, the
// admin flag and its roles. A nil *User is signed out; its methods answer
// false.
type User struct {
	Account *Account
	Person  *Person
	IsAdmin bool
	Roles   Roles
	// APITokenID is the token that authenticated the request, 0 for a
	// browser session.
	APITokenID int64
	// SessionHash is the hash of the session that authenticated the
	// request, "" for an API token.
	SessionHash string
}

// HasMissionRole reports whether the user has the role in the mission.
func (u *User) HasMissionRole(missionID int64, role string) bool {
	return u != nil && slices.Contains(u.Roles.Mission[missionID], role)
}

// HasConsortiumRole reports whether the user has the role in the consortium.
func (u *User) HasConsortiumRole(consortiumID int64, role string) bool {
	return u != nil && consortiumID != 0 && slices.Contains(u.Roles.Consortium[consortiumID], role)
}

// AuditEntry is one line of the audit log: who (AccountID, 0 when nobody
// was signed in), what (Action, on TargetType/TargetID), when and from where
// (IP). Detail is a short, non-secret note: never a password, token or
// e-mail body.
type AuditEntry struct {
	ID         int64
	At         time.Time
	AccountID  int64
	Action     string
	TargetType string
	TargetID   int64
	IP         string
	Detail     string
	// AccountEmail is filled in by reads: the acting account's address.
	AccountEmail string
}

// Audit actions.
const (
	AuditLogin            = "login"
	AuditLoginFailed      = "login.failed"
	AuditLoginLocked      = "login.locked"
	AuditLogout           = "logout"
	AuditLogoutEverywhere = "logout.everywhere"
	AuditPasswordChanged  = "password.changed"
	AuditPasswordReset    = "password.reset"
	AuditPasswordForgot   = "password.reset_requested"
	AuditRegistered       = "account.registered"
	AuditEmailVerified    = "account.email_verified"
	AuditInviteSent       = "invite.sent"
	AuditInviteAccepted   = "invite.accepted"
	AuditAPITokenCreated  = "api_token.created"
	AuditAPITokenRevoked  = "api_token.revoked"
	AuditRoleGranted      = "role.granted"
	AuditSettingsChanged  = "account.settings_changed"
)

// AuditFilter selects audit entries, newest first: at most Limit (100 when
// 0) with ids below Before (0: from the newest).
type AuditFilter struct {
	AccountID int64
	Action    string
	Limit     int
	Before    int64
}
