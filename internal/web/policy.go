package web

import (
	"slices"

	"caravan/internal/mission"
)

// Actions that can asks about. Each names what is done to which kind of
// resource; the resource passed with it is of the type noted.
const (
	actMissionRead         = "mission.read"         // *mission.Mission
	actMissionEdit         = "mission.edit"         // *mission.Mission
	actMissionCreate       = "mission.create"       // *mission.Consortium: a new mission in it
	actLocalsAdd           = "locals.add"           // *mission.Mission: bring local companies
	actProgrammeEdit       = "programme.edit"       // *mission.Mission
	actDirectoryRead       = "directory.read"       // *mission.Mission: its people and their profiles
	actReportRead          = "report.read"          // *mission.Mission: reports and KPIs
	actPeopleInvite        = "people.invite"        // *mission.Mission or *mission.Consortium
	actPersonPrivateRead   = "person.private.read"  // personInMission: e-mail, phone, documents
	actAuditRead           = "audit.read"           // nil
	actOutboxRead          = "outbox.read"          // nil: the e-mail in the outbox
	actAccountEdit         = "account.edit"         // *mission.Account: settings, tokens, password
	actAccountRead         = "account.read"         // *mission.Account: the account, its person and roles
	actOrganisationRead    = "organisation.read"    // *mission.Organisation: the directory and profiles
	actOrganisationEdit    = "organisation.edit"    // *mission.Organisation: its profile and marketplace items
	actPeopleSearch        = "people.search"        // peopleDirectory: search everyone's people
	actCallEdit            = "call.edit"            // *mission.Mission: its call (rule set, questions, criteria, window, quotas)
	actApply               = "application.create"   // *mission.Mission: apply to its call
	actSelect              = "application.select"   // *mission.Mission: read, score and decide its applications
	actApplicationOwn      = "application.own"      // *mission.Application: one's own application (read, withdraw)
	actRuleSetEdit         = "ruleset.edit"         // nil: the eligibility rule sets (admins)
	actSignup              = "signup"               // *mission.Mission: sign oneself up to its programme items
	actSignupManage        = "signup.manage"        // *mission.Mission: see and place people on its items
	actPeopleImport        = "people.import"        // *mission.Mission: import people and organisations into it
	actMissionExport       = "mission.export"       // *mission.Mission: export its members, programme and applications
	actImportUse           = "import.use"           // importFile: preview and confirm an uploaded file
	actLogisticsEdit       = "logistics.edit"       // *mission.Mission: one's own travel and logistics (participants)
	actLogisticsRead       = "logistics.read"       // *mission.Mission: everyone's logistics, sensitive fields included
	actAnnouncementSend    = "announcement.send"    // *mission.Mission: e-mail the members
	actAnnouncementRead    = "announcement.read"    // *mission.Mission: the announcements on its pages
	actWhosWhoRead         = "whoswho.read"         // *mission.Mission: the who's who booklet of the delegation
	actExchangeOffer       = "exchange.offer"       // *mission.Organisation: publish an exchange offer as its host
	actExchangeAct         = "exchange.act"         // exchangeParty: read an exchange, confirm and sign as the party
	actRequestSend         = "request.send"         // *mission.Mission: send and answer one's own meeting requests, mark one's availability
	actRequestsManage      = "requests.manage"      // *mission.Mission: see all its meeting requests, set their deadline and limit
	actRequestAnswer       = "request.answer"       // *mission.MeetingRequest: accept or decline it as the person asked
	actRequestCancel       = "request.cancel"       // *mission.MeetingRequest: withdraw it as its sender
	actRequestWithdraw     = "request.withdraw"     // *mission.MeetingRequest: cancel it once accepted, as either of its people
	actRecommendationsRead = "recommendations.read" // *mission.Mission: whom to meet there (its participants and locals)
	actStoryEdit           = "story.edit"           // *mission.Mission: draft, edit, publish its story and read it as a draft
	actStoryRead           = "story.read"           // storyOf: read a mission's story
	actGrantRuleSetEdit    = "grant_ruleset.edit"   // nil: the grant rule sets (admins)
	actGrantManage         = "grant.manage"         // *mission.Mission: its participants' grants (compute, commit, override)
	actScheduleManage      = "schedule.manage"      // *mission.Mission: configure, generate, adjust and publish its B2B schedule
	actBudgetRead          = "budget.read"          // *mission.Consortium: its travel budget per partner and mission
	actKPIRead             = "kpi.read"             // *mission.Consortium: its KPIs (organisers, viewers)
	actKPITargetsEdit      = "kpi.targets.edit"     // *mission.Consortium: set its KPI targets
	actOutcomeRecord       = "outcome.record"       // meetingParty: record one's own outcome of a meeting
	actFeedbackGive        = "feedback.give"        // *mission.Mission: answer its feedback survey
	actFeedbackEdit        = "feedback.edit"        // *mission.Mission: set its survey's own questions
	actCheckin             = "checkin"              // *mission.Mission: check people in, attendance lists, table sheets, everyone's badges
	actBadgeOwn            = "badge.own"            // *mission.Mission: one's own check-in code and badge as a member who attends

	// Closing reports, evidence and payments (claim.go, claim_review.go, payment.go).
	actClaimFile     = "claim.file"     // claimParty: write one's own closing report, evidence and bank details
	actClaimReview   = "claim.review"   // claimParty: read a claim and its evidence, approve, send back, pay it
	actEvidenceRead  = "evidence.read"  // claimParty: download its evidence (the claimant or a reviewer)
	actClaimsList    = "claims.list"    // *mission.Mission: the review list of its claims (rows by actClaimReview)
	actPaymentsRead  = "payments.read"  // *mission.Consortium: its payments page (rows by actClaimReview)
	actClaimSettings = "claim.settings" // *mission.Consortium: evidence retention and the paying account
)

// personInMission is a person seen in the context of a mission, for
// actPersonPrivateRead. SharesContacts says whether the mission shares its
// members' contact details with each other.
type personInMission struct {
	Person         *mission.Person
	Mission        *mission.Mission
	SharesContacts bool
}

// can is the one place that decides whether a user (nil when signed out)
// may do an action to a resource. Every handler asks it, for reads and
// writes; admins may do everything. Unknown actions and resources are
// refused.
//
// Organisers of a mission are the organisers of its consortium and the
// mission's members with the role organiser. An unpublished mission is
// visible only to its organisers, its hosts and admins; handlers answer 404
// to anyone else, so nobody learns that it exists.
func can(u *mission.User, action string, resource any) bool {
	if u != nil && u.IsAdmin {
		return true
	}
	switch res := resource.(type) {
	case *mission.Mission:
		return canMission(u, action, res)
	case *mission.Consortium:
		// Its organisers read its KPIs and set its targets; its viewers (funders) read them.
		if (action == actKPIRead || action == actKPITargetsEdit) && u.HasConsortiumRole(res.ID, mission.ConsortiumOrganiser) ||
			action == actKPIRead && u.HasConsortiumRole(res.ID, mission.ConsortiumViewer) {
			return true
		}
		return (action == actPeopleInvite || action == actMissionCreate || action == actBudgetRead ||
			action == actPaymentsRead || action == actClaimSettings) && u.HasConsortiumRole(res.ID, mission.ConsortiumOrganiser)
	case claimParty:
		return canClaim(u, action, res)
	case *mission.Organisation:
		// Organisation profiles and their marketplace are for everyone signed in.
		// Its own people edit an organisation's profile and marketplace.
		return (action == actOrganisationRead && u != nil) ||
			(action == actOrganisationEdit && u != nil && u.Person != nil && u.Person.OrganisationID == res.ID) ||
			// Its own people publish exchange offers that it hosts.
			(action == actExchangeOffer && u != nil && u.Person != nil && u.Person.OrganisationID == res.ID)
	case peopleDirectory:
		// Organisers and hosts look people up across missions.
		return action == actPeopleSearch && organisesOrHosts(u)
	case personInMission:
		return action == actPersonPrivateRead && canPrivate(u, res)
	case importFile:
		// An uploaded file is its uploader's, while still an organiser.
		return action == actImportUse && u != nil && u.Account.ID == res.AccountID && res.Mission != nil && isOrganiser(u, res.Mission)
	case exchangeParty:
		return action == actExchangeAct && canExchangeParty(u, res)
	case meetingParty:
		// A meeting's outcome is recorded by its own people only.
		return action == actOutcomeRecord && u != nil && u.Person != nil && res.Meeting != nil &&
			slices.Contains(res.Meeting.PersonIDs, u.Person.ID)
	case *mission.MeetingRequest:
		// A meeting request is its two people's: the recipient answers, the
		// sender cancels. Organisers see them through actRequestsManage.
		return u != nil && u.Person != nil &&
			((action == actRequestAnswer && u.Person.ID == res.ToPersonID) ||
				(action == actRequestCancel && u.Person.ID == res.FromPersonID) ||
				(action == actRequestWithdraw && (u.Person.ID == res.FromPersonID || u.Person.ID == res.ToPersonID)))
	case storyOf:
		// A published story is as public as its mission; a draft is its
		// organisers' (story.go).
		return action == actStoryRead && res.Story != nil && res.Mission != nil &&
			((res.Story.Published() && canMission(u, actMissionRead, res.Mission)) || isOrganiser(u, res.Mission))
	case *mission.Application:
		// An application is its applicant's to read and withdraw; organisers
		// decide it through actSelect on its mission.
		return action == actApplicationOwn && u != nil && u.Person != nil && u.Person.ID == res.PersonID
	case *mission.Account:
		return (action == actAccountEdit || action == actAccountRead) && u != nil && u.Account.ID == res.ID
	case nil:
		return false // actAuditRead, actOutboxRead, any action on no resource: admins only
	}
	return false
}

// peopleDirectory is the resource of actPeopleSearch: the people of all
// organisations.
type peopleDirectory struct{}

// organisesOrHosts reports whether u organises a consortium or organises or
// hosts a mission.
func organisesOrHosts(u *mission.User) bool {
	if u == nil {
		return false
	}
	for _, roles := range u.Roles.Consortium {
		if slices.Contains(roles, mission.ConsortiumOrganiser) {
			return true
		}
	}
	for _, roles := range u.Roles.Mission {
		if slices.Contains(roles, mission.RoleOrganiser) || slices.Contains(roles, mission.RoleHost) {
			return true
		}
	}
	return false
}

// isOrganiser reports whether u organises the mission.
func isOrganiser(u *mission.User, m *mission.Mission) bool {
	return u.HasConsortiumRole(m.ConsortiumID, mission.ConsortiumOrganiser) || u.HasMissionRole(m.ID, mission.RoleOrganiser)
}

// isMember reports whether u takes part in the mission in any role that
// meets other people there.
func isMember(u *mission.User, m *mission.Mission) bool {
	for _, role := range []string{mission.RoleHost, mission.RoleParticipant, mission.RoleLocal} {
		if u.HasMissionRole(m.ID, role) {
			return true
		}
	}
	return isOrganiser(u, m)
}

func isViewer(u *mission.User, m *mission.Mission) bool {
	return u.HasConsortiumRole(m.ConsortiumID, mission.ConsortiumViewer) || u.HasMissionRole(m.ID, mission.RoleViewer)
}

func canMission(u *mission.User, action string, m *mission.Mission) bool {
	organiser := isOrganiser(u, m)
	host := u.HasMissionRole(m.ID, mission.RoleHost)
	visible := m.Published || organiser || host
	switch action {
	case actMissionRead:
		return visible
	case actMissionEdit:
		return organiser
	case actProgrammeEdit:
		// Hosts propose company and site visits and venues.
		return organiser || host
	case actDirectoryRead:
		return visible && isMember(u, m)
	case actReportRead:
		return visible && (organiser || isViewer(u, m))
	case actPeopleInvite:
		return organiser
	case actPeopleImport, actMissionExport:
		return organiser
	case actCallEdit, actSelect:
		return organiser
	case actApply:
		// Anyone signed in as a person applies to a call they can see.
		return visible && u != nil && u.Person != nil
	case actLocalsAdd:
		return organiser || host
	case actSignup:
		// Everyone who takes part signs up to site and company visits.
		return visible && isMember(u, m)
	case actSignupManage:
		return organiser
	case actLogisticsEdit:
		return visible && u.HasMissionRole(m.ID, mission.RoleParticipant)
	case actLogisticsRead:
		// Dietary and accessibility needs, emergency contacts and passports:
		// the organisers who arrange the stay, not the hosts or other members.
		return organiser
	case actAnnouncementSend:
		return organiser
	case actAnnouncementRead:
		return visible && (isMember(u, m) || isViewer(u, m))
	case actRequestSend:
		// Those who meet others: participants, local companies, hosts.
		return visible && u != nil && u.Person != nil && (host || u.HasMissionRole(m.ID, mission.RoleParticipant) ||
			u.HasMissionRole(m.ID, mission.RoleLocal))
	case actRequestsManage:
		return organiser
	case actWhosWhoRead:
		return organiser || host
	case actStoryEdit:
		return organiser
	case actRecommendationsRead:
		return visible && (u.HasMissionRole(m.ID, mission.RoleParticipant) || u.HasMissionRole(m.ID, mission.RoleLocal))
	case actFeedbackGive:
		// Participants and local companies answer the survey; organisers set its questions.
		return visible && (u.HasMissionRole(m.ID, mission.RoleParticipant) || u.HasMissionRole(m.ID, mission.RoleLocal))
	case actFeedbackEdit:
		return organiser
	case actGrantManage:
		return organiser
	case actClaimsList:
		return organiser
	case actScheduleManage:
		return organiser
	case actCheckin:
		// Hosts run the venue's registration desk and B2B tables with the organisers.
		return organiser || host
	case actBadgeOwn:
		return visible && u != nil && u.Person != nil && (host || u.HasMissionRole(m.ID, mission.RoleOrganiser) ||
			u.HasMissionRole(m.ID, mission.RoleParticipant) || u.HasMissionRole(m.ID, mission.RoleLocal))
	}
	return false
}

// exchangeParty is an exchange seen by someone who would act in it as Party
// (mission.PartyVisitor, PartyHost, PartyVisitorPartner or PartyHostPartner),
// or, with Party "", who would only read it.
type exchangeParty struct {
	Exchange *mission.Exchange
	Mission  *mission.Mission
	Party    string
}

// canExchangeParty decides who reads and acts in an exchange: the visitor
// (the applicant), the mission's hosts, and its organisers, who sign for
// the partnerships.
func canExchangeParty(u *mission.User, x exchangeParty) bool {
	if u == nil || x.Exchange == nil || x.Mission == nil {
		return false
	}
	visitor := u.Person != nil && x.Exchange.Application != nil && u.Person.ID == x.Exchange.Application.PersonID
	host := u.HasMissionRole(x.Mission.ID, mission.RoleHost)
	organiser := isOrganiser(u, x.Mission)
	switch x.Party {
	case "":
		return visitor || host || organiser
	case mission.PartyVisitor:
		return visitor
	case mission.PartyHost:
		return host
	case mission.PartyVisitorPartner, mission.PartyHostPartner:
		return organiser
	}
	return false
}

// canPrivate decides who reads a person's private data in a mission: the
// person, the mission's organisers, and its other members only when the
// mission shares contacts.
func canPrivate(u *mission.User, p personInMission) bool {
	switch {
	case u == nil || p.Person == nil:
		return false
	case u.Person != nil && u.Person.ID == p.Person.ID:
		return true
	case p.Mission == nil:
		return false
	case isOrganiser(u, p.Mission):
		return true
	}
	return p.SharesContacts && isMember(u, p.Mission)
}

// claimParty is a participant's claim (closing report, evidence, bank
// details) on a mission, seen by someone: ClaimantID is the participant,
// PartnerOrgID the organisation of the partner whose budget pays the grant
// (0: no grant).
type claimParty struct {
	Mission      *mission.Mission
	ClaimantID   int64
	PartnerOrgID int64
}

// canClaim decides who files, reads and reviews a claim: its participant
// files it; the mission's organisers who work for the paying partner
// review and pay it; both read its evidence. Nobody else sees it.
func canClaim(u *mission.User, action string, c claimParty) bool {
	if u == nil || u.Person == nil || c.Mission == nil {
		return false
	}
	claimant := u.Person.ID == c.ClaimantID
	reviewer := c.PartnerOrgID != 0 && u.Person.OrganisationID == c.PartnerOrgID && isOrganiser(u, c.Mission)
	switch action {
	case actClaimFile:
		return claimant
	case actClaimReview:
		return reviewer
	case actEvidenceRead:
		return claimant || reviewer
	}
	return false
}
