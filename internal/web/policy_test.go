package web

import (
	"testing"

	"caravan/internal/mission"
)

// TestCan checks the policy's decisions on made-up users, independent of
// the demo: who reads, edits and invites for published and unpublished
// missions, and who reads a person's private data.
func TestCan(t *testing.T) {
	const consortium, other = 7, 8
	published := &mission.Mission{ID: 1, ConsortiumID: consortium, Published: true}
	draft := &mission.Mission{ID: 2, ConsortiumID: consortium}
	foreign := &mission.Mission{ID: 3, ConsortiumID: other}
	user := func(personID int64, admin bool, consortia map[int64][]string, missions map[int64][]string) *mission.User {
		return &mission.User{Account: &mission.Account{ID: personID * 10}, Person: &mission.Person{ID: personID}, IsAdmin: admin,
			Roles: mission.Roles{Consortium: consortia, Mission: missions}}
	}
	var (
		out              *mission.User
		admin            = user(1, true, nil, nil)
		consortiumOrg    = user(2, false, map[int64][]string{consortium: {mission.ConsortiumOrganiser}}, nil)
		missionOrg       = user(3, false, nil, map[int64][]string{2: {mission.RoleOrganiser}})
		host             = user(4, false, nil, map[int64][]string{1: {mission.RoleHost}, 2: {mission.RoleHost}})
		participant      = user(5, false, nil, map[int64][]string{1: {mission.RoleParticipant}, 2: {mission.RoleParticipant}})
		otherParticipant = user(6, false, nil, map[int64][]string{1: {mission.RoleParticipant}})
		viewer           = user(7, false, map[int64][]string{consortium: {mission.ConsortiumViewer}}, nil)
		stranger         = user(8, false, map[int64][]string{other: {mission.ConsortiumOrganiser}}, nil)
	)
	tests := []struct {
		name     string
		u        *mission.User
		action   string
		resource any
		want     bool
	}{
		{"anyone reads a published mission", out, actMissionRead, published, true},
		{"signed out: no draft", out, actMissionRead, draft, false},
		{"admin reads a draft", admin, actMissionRead, draft, true},
		{"consortium organiser reads a draft", consortiumOrg, actMissionRead, draft, true},
		{"mission organiser reads a draft", missionOrg, actMissionRead, draft, true},
		{"host reads a draft", host, actMissionRead, draft, true},
		{"participant: no draft", participant, actMissionRead, draft, false},
		{"viewer: no draft", viewer, actMissionRead, draft, false},
		{"another consortium's organiser: no draft", stranger, actMissionRead, draft, false},
		{"organiser edits", consortiumOrg, actMissionEdit, published, true},
		{"organiser of another consortium does not edit", stranger, actMissionEdit, published, false},
		{"organisers of other consortia do not edit theirs", consortiumOrg, actMissionEdit, foreign, false},
		{"host does not edit the mission", host, actMissionEdit, published, false},
		{"host edits the programme", host, actProgrammeEdit, published, true},
		{"participant does not edit the programme", participant, actProgrammeEdit, published, false},
		{"participant reads the directory", participant, actDirectoryRead, published, true},
		{"viewer does not read the directory", viewer, actDirectoryRead, published, false},
		{"signed out: no directory", out, actDirectoryRead, published, false},
		{"viewer reads reports", viewer, actReportRead, published, true},
		{"participant does not read reports", participant, actReportRead, published, false},
		{"organiser invites", missionOrg, actPeopleInvite, draft, true},
		{"host does not invite", host, actPeopleInvite, published, false},
		{"consortium organiser invites to the consortium", consortiumOrg, actPeopleInvite, &mission.Consortium{ID: consortium}, true},
		{"viewer does not invite to the consortium", viewer, actPeopleInvite, &mission.Consortium{ID: consortium}, false},
		{"only admins read the audit log", consortiumOrg, actAuditRead, nil, false},
		{"admins read the audit log", admin, actAuditRead, nil, true},
		{"signed out: no audit log", out, actAuditRead, nil, false},
		{"own account", participant, actAccountEdit, participant.Account, true},
		{"not another account", participant, actAccountEdit, host.Account, false},
		{"unknown action", consortiumOrg, "mission.delete_everything", published, false},
		{"unknown resource", consortiumOrg, actMissionRead, "mission 1", false},
		// Private data: e-mail, phone, documents.
		{"one's own", participant, actPersonPrivateRead, personInMission{Person: participant.Person, Mission: published}, true},
		{"another participant's: no", otherParticipant, actPersonPrivateRead, personInMission{Person: participant.Person, Mission: published}, false},
		{"another participant's when the mission shares contacts", otherParticipant, actPersonPrivateRead,
			personInMission{Person: participant.Person, Mission: published, SharesContacts: true}, true},
		{"shared contacts are for members only", viewer, actPersonPrivateRead,
			personInMission{Person: participant.Person, Mission: published, SharesContacts: true}, false},
		{"organiser reads a participant's", consortiumOrg, actPersonPrivateRead, personInMission{Person: participant.Person, Mission: published}, true},
		{"host: no", host, actPersonPrivateRead, personInMission{Person: participant.Person, Mission: published}, false},
		{"signed out: no", out, actPersonPrivateRead, personInMission{Person: participant.Person, Mission: published, SharesContacts: true}, false},
		{"admin reads any", admin, actPersonPrivateRead, personInMission{Person: participant.Person}, true},
	}
	for _, tt := range tests {
		if got := can(tt.u, tt.action, tt.resource); got != tt.want {
			t.Errorf("%s: can(%s) got %v, want %v", tt.name, tt.action, got, tt.want)
		}
	}
}
