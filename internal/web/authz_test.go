package web

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// roles are the columns of the authorization matrix: signed out, then one
// demo account per role.
var roles = []string{"out", "admin", "organiser", "host", "participant", "local", "viewer"}

// access is one request of the matrix and the status each role gets, in
// the order of roles.
type access struct {
	method, path string
	form         url.Values
	want         [7]int
}

// all returns the same status for every role.
func all(status int) [7]int { return [7]int{status, status, status, status, status, status, status} }

// signedIn returns out for signed-out requests and in for every account.
func signedIn(out, in int) [7]int { return [7]int{out, in, in, in, in, in, in} }

// matrixParts are the matrix entries that other test files add from init,
// one function per feature, so that features keep their rows beside their
// tests.
var matrixParts []func() map[string][]access

// authzMatrix maps every route pattern of routes.go to the requests that
// exercise it. A route without an entry fails TestAuthorizationMatrix.
func authzMatrix() map[string][]access {
	basque := fmt.Sprint(testInfo.BasqueMissionID)
	draft := fmt.Sprint(testInfo.DraftMissionID)       // unpublished, in the DEX consortium
	upcoming := fmt.Sprint(testInfo.UpcomingMissionID) // its call is open
	excite := fmt.Sprint(testInfo.ConsortiumID)
	basqueItem := fmt.Sprint(firstItem(testInfo.BasqueMissionID))
	gaia := fmt.Sprint(hostOrganisation(testInfo.BasqueMissionID))
	offer := fmt.Sprint(anyOffer()) // of none of the demo accounts' organisations
	matrix := map[string][]access{
		"GET /{$}": {{method: "GET", path: "/", want: all(200)}},
		"GET /missions/{id}": {
			{method: "GET", path: "/missions/" + basque, want: all(200)},
			// Unpublished: its organisers (the DEX consortium's) and admins see it, everyone else gets 404.
			{method: "GET", path: "/missions/" + draft, want: [7]int{404, 200, 200, 404, 404, 404, 404}},
			{method: "GET", path: "/missions/999999", want: all(404)},
		},
		"POST /language":       {{method: "POST", path: "/language", form: url.Values{"lang": {"en"}}, want: all(303)}},
		"GET /healthz":         {{method: "GET", path: "/healthz", want: all(200)}},
		"GET /static/":         {{method: "GET", path: "/static/style.css", want: all(200)}},
		"GET /api/v1/missions": {{method: "GET", path: "/api/v1/missions", want: all(200)}},
		"GET /api/v1/missions/{id}": {
			{method: "GET", path: "/api/v1/missions/" + basque, want: all(200)},
			{method: "GET", path: "/api/v1/missions/" + draft, want: [7]int{404, 200, 200, 404, 404, 404, 404}},
		},
		// The rest of the API: apiMatrix (api_test.go).
		"GET /login":                        {{method: "GET", path: "/login", want: all(200)}},
		"POST /login":                       {{method: "POST", path: "/login", form: url.Values{"email": {"nobody@demo.example"}, "password": {"wrong-password"}}, want: all(401)}},
		"POST /logout":                      {{method: "POST", path: "/logout", want: all(303)}},
		"POST /logout/everywhere":           {{method: "POST", path: "/logout/everywhere", want: signedIn(401, 303)}},
		"GET /settings":                     {{method: "GET", path: "/settings", want: signedIn(303, 200)}},
		"POST /settings":                    {{method: "POST", path: "/settings", form: url.Values{"name": {"Renamed Person"}, "language": {""}}, want: signedIn(401, 303)}},
		"POST /settings/password":           {{method: "POST", path: "/settings/password", form: url.Values{"current_password": {"wrong"}}, want: signedIn(401, 422)}},
		"POST /settings/tokens":             {{method: "POST", path: "/settings/tokens", form: url.Values{"name": {"matrix"}}, want: signedIn(401, 200)}},
		"POST /settings/tokens/{id}/revoke": {{method: "POST", path: "/settings/tokens/999999/revoke", want: signedIn(401, 404)}},
		"GET /admin/audit":                  {{method: "GET", path: "/admin/audit", want: [7]int{303, 200, 403, 403, 403, 403, 403}}},
		"GET /admin/outbox":                 {{method: "GET", path: "/admin/outbox", want: [7]int{303, 200, 403, 403, 403, 403, 403}}},
		"GET /admin/outbox/{id}":            {{method: "GET", path: "/admin/outbox/999999", want: [7]int{303, 404, 403, 403, 403, 403, 403}}},
		"GET /register":                     {{method: "GET", path: "/register", want: all(200)}},
		"POST /register":                    {{method: "POST", path: "/register", form: url.Values{"name": {"X"}}, want: all(422)}},
		"GET /verify":                       {{method: "GET", path: "/verify?token=bad", want: all(404)}},
		"GET /password/forgot":              {{method: "GET", path: "/password/forgot", want: all(200)}},
		"POST /password/forgot":             {{method: "POST", path: "/password/forgot", form: url.Values{"email": {"nobody@demo.example"}}, want: all(200)}},
		"GET /password/reset":               {{method: "GET", path: "/password/reset?token=bad", want: all(404)}},
		"POST /password/reset":              {{method: "POST", path: "/password/reset", form: url.Values{"token": {"bad"}}, want: all(404)}},
		"GET /invitations/{token}":          {{method: "GET", path: "/invitations/bad", want: all(404)}},
		"POST /invitations/{token}":         {{method: "POST", path: "/invitations/bad", want: all(404)}},
		"GET /missions/{id}/invite": {
			// Organisers of the mission (EXCITE's) and admins invite; others may not.
			{method: "GET", path: "/missions/" + basque + "/invite", want: [7]int{303, 200, 200, 403, 403, 403, 403}},
			{method: "GET", path: "/missions/" + draft + "/invite", want: [7]int{303, 200, 200, 404, 404, 404, 404}},
		},
		"GET /consortia/{id}/invite": {
			// EXCITE's organisers and admins invite; to anyone else the page does not exist.
			{method: "GET", path: "/consortia/" + excite + "/invite", want: [7]int{303, 200, 200, 404, 404, 404, 404}},
			{method: "GET", path: "/consortia/999999/invite", want: [7]int{303, 404, 404, 404, 404, 404, 404}},
		},
		"POST /consortia/{id}/invite": {
			{method: "POST", path: "/consortia/" + excite + "/invite", form: url.Values{"role": {"host"}}, want: [7]int{401, 422, 422, 404, 404, 404, 404}},
		},
		"POST /missions/{id}/invite": {
			{method: "POST", path: "/missions/" + basque + "/invite", form: url.Values{"role": {"boss"}}, want: [7]int{401, 422, 422, 403, 403, 403, 403}},
		},
		// Organisers' and members' pages (missionedit.go, programme.go, me.go).
		"GET /dashboard":    {{method: "GET", path: "/dashboard", want: signedIn(303, 200)}},
		"GET /missions/new": {{method: "GET", path: "/missions/new", want: [7]int{303, 200, 200, 403, 403, 403, 403}}},
		"POST /missions":    {{method: "POST", path: "/missions", form: url.Values{"title": {""}}, want: [7]int{401, 422, 422, 403, 403, 403, 403}}},
		"GET /missions/{id}/edit": {
			{method: "GET", path: "/missions/" + basque + "/edit", want: [7]int{303, 200, 200, 403, 403, 403, 403}},
			{method: "GET", path: "/missions/" + draft + "/edit", want: [7]int{303, 200, 200, 404, 404, 404, 404}},
			{method: "GET", path: "/missions/999999/edit", want: signedIn(303, 404)},
		},
		"POST /missions/{id}": {
			{method: "POST", path: "/missions/" + basque, form: url.Values{"title": {""}}, want: [7]int{401, 422, 422, 403, 403, 403, 403}},
			{method: "POST", path: "/missions/" + draft, form: url.Values{"title": {""}}, want: [7]int{401, 422, 422, 404, 404, 404, 404}},
		},
		"POST /missions/{id}/delete": {
			// Without confirm=yes the handler only asks.
			{method: "POST", path: "/missions/" + basque + "/delete", want: [7]int{401, 200, 200, 403, 403, 403, 403}},
			{method: "POST", path: "/missions/999999/delete", form: url.Values{"confirm": {"yes"}}, want: signedIn(401, 404)},
		},
		"GET /missions/{id}/programme": {
			// Hosts edit the programme too.
			{method: "GET", path: "/missions/" + basque + "/programme", want: [7]int{303, 200, 200, 200, 403, 403, 403}},
			{method: "GET", path: "/missions/" + draft + "/programme", want: [7]int{303, 200, 200, 404, 404, 404, 404}},
		},
		"POST /missions/{id}/programme": {
			{method: "POST", path: "/missions/" + basque + "/programme", form: url.Values{"title": {""}}, want: [7]int{401, 422, 422, 422, 403, 403, 403}},
		},
		"POST /programme/{id}": {
			{method: "POST", path: "/programme/" + basqueItem, form: url.Values{"title": {""}}, want: [7]int{401, 422, 422, 422, 403, 403, 403}},
			{method: "POST", path: "/programme/999999", form: url.Values{"title": {""}}, want: signedIn(401, 404)},
		},
		"POST /programme/{id}/delete": {
			{method: "POST", path: "/programme/" + basqueItem + "/delete", want: [7]int{401, 200, 200, 200, 403, 403, 403}},
			{method: "POST", path: "/programme/999999/delete", form: url.Values{"confirm": {"yes"}}, want: signedIn(401, 404)},
		},
		"GET /me/missions": {{method: "GET", path: "/me/missions", want: signedIn(303, 200)}},
		"GET /me/agenda":   {{method: "GET", path: "/me/agenda", want: signedIn(303, 200)}},
		// Sign-ups, calendars and PDFs (signup.go, ical.go, pdf.go). The first
		// Basque item (the welcome) takes no sign-ups: members get 400.
		"GET /missions/{id}/requests": {
			{method: "GET", path: "/missions/" + basque + "/requests", want: [7]int{303, 200, 200, 200, 200, 200, 403}},
			{method: "GET", path: "/missions/" + draft + "/requests", want: [7]int{303, 200, 200, 404, 404, 404, 404}},
		},
		"POST /missions/{id}/requests": {
			{method: "POST", path: "/missions/" + basque + "/requests", form: url.Values{"to": {"999999"}}, want: [7]int{401, 403, 403, 403, 403, 403, 403}},
		},
		"POST /missions/{id}/matchmaking": {
			{method: "POST", path: "/missions/" + basque + "/matchmaking", form: url.Values{"max_requests": {"-1"}}, want: [7]int{401, 422, 422, 403, 403, 403, 403}},
		},
		"POST /requests/{id}/answer": {{method: "POST", path: "/requests/999999/answer", want: signedIn(401, 404)}},
		"POST /requests/{id}/cancel": {{method: "POST", path: "/requests/999999/cancel", want: signedIn(401, 404)}},
		"GET /missions/{id}/availability": {
			{method: "GET", path: "/missions/" + basque + "/availability", want: [7]int{303, 200, 403, 200, 200, 200, 403}},
		},
		"POST /missions/{id}/availability": {
			{method: "POST", path: "/missions/" + basque + "/availability", form: url.Values{"starts_at": {"bad"}}, want: [7]int{401, 422, 403, 422, 422, 422, 403}},
		},
		"POST /missions/{id}/availability/{block}/delete": {
			{method: "POST", path: "/missions/" + basque + "/availability/999999/delete", want: [7]int{401, 404, 403, 404, 404, 404, 403}},
		},
		"POST /programme/{id}/signup": {
			{method: "POST", path: "/programme/" + basqueItem + "/signup", want: [7]int{401, 400, 400, 400, 400, 400, 403}},
			{method: "POST", path: "/programme/999999/signup", want: signedIn(401, 404)},
		},
		"POST /programme/{id}/cancel": {
			{method: "POST", path: "/programme/" + basqueItem + "/cancel", want: [7]int{401, 404, 404, 404, 404, 404, 403}},
		},
		"GET /programme/{id}/signups": {
			{method: "GET", path: "/programme/" + basqueItem + "/signups", want: [7]int{303, 200, 200, 403, 403, 403, 403}},
			{method: "GET", path: "/programme/999999/signups", want: signedIn(303, 404)},
		},
		"POST /programme/{id}/signups": {
			{method: "POST", path: "/programme/" + basqueItem + "/signups", form: url.Values{"person": {""}}, want: [7]int{401, 422, 422, 403, 403, 403, 403}},
		},
		"POST /programme/{id}/signups/{person}/remove": {
			{method: "POST", path: "/programme/" + basqueItem + "/signups/999999/remove", want: [7]int{401, 404, 404, 403, 403, 403, 403}},
		},
		"GET /programme/{id}/event.ics": {
			{method: "GET", path: "/programme/" + basqueItem + "/event.ics", want: all(200)},
			{method: "GET", path: "/programme/999999/event.ics", want: all(404)},
		},
		"POST /me/calendar":        {{method: "POST", path: "/me/calendar", want: signedIn(401, 200)}},
		"POST /me/calendar/revoke": {{method: "POST", path: "/me/calendar/revoke", want: signedIn(401, 303)}},
		"GET /ical/{file}": {
			{method: "GET", path: "/ical/not-a-feed.ics", want: all(404)},
			{method: "GET", path: "/ical/not-a-feed", want: all(404)},
		},
		"GET /me/agenda.pdf": {{method: "GET", path: "/me/agenda.pdf", want: signedIn(303, 200)}},
		"GET /missions/{id}/programme.pdf": {
			{method: "GET", path: "/missions/" + basque + "/programme.pdf", want: all(200)},
			{method: "GET", path: "/missions/" + draft + "/programme.pdf", want: [7]int{404, 200, 200, 404, 404, 404, 404}},
		},
		"GET /missions/{id}/locals": {
			{method: "GET", path: "/missions/" + basque + "/locals", want: [7]int{303, 200, 200, 200, 403, 403, 403}},
			{method: "GET", path: "/missions/" + draft + "/locals", want: [7]int{303, 200, 200, 404, 404, 404, 404}},
		},
		"POST /missions/{id}/locals": {
			{method: "POST", path: "/missions/" + basque + "/locals", form: url.Values{"organisation": {""}}, want: [7]int{401, 422, 422, 422, 403, 403, 403}},
		},
		"GET /directory": {
			{method: "GET", path: "/directory?q=bilbao", want: signedIn(303, 200)},
			{method: "GET", path: "/directory?kind=nonsense", want: signedIn(303, 422)},
		},
		"GET /search": {
			{method: "GET", path: "/search?q=bilbao", want: signedIn(303, 200)},
			{method: "GET", path: "/search?q=bilbao&side=both", want: signedIn(303, 422)},
			// Within a mission, only as far as one may read the mission.
			{method: "GET", path: "/search?q=bilbao&mission=" + basque, want: signedIn(303, 200)},
			{method: "GET", path: "/search?q=bilbao&mission=" + draft, want: [7]int{303, 200, 200, 404, 404, 404, 404}},
		},
		// Participants and local companies of the mission; anyone else who
		// may read it gets 403 (admins too: they have no profile in it).
		"GET /missions/{id}/recommendations": {
			{method: "GET", path: "/missions/" + basque + "/recommendations", want: [7]int{303, 403, 403, 403, 200, 200, 403}},
			{method: "GET", path: "/missions/" + draft + "/recommendations", want: [7]int{303, 403, 403, 404, 404, 404, 404}},
			{method: "GET", path: "/missions/999999/recommendations", want: signedIn(303, 404)},
		},
		"GET /organisations/{id}": {
			{method: "GET", path: "/organisations/" + gaia, want: signedIn(303, 200)},
			{method: "GET", path: "/organisations/999999", want: signedIn(303, 404)},
		},
		"GET /me/organisation":        {{method: "GET", path: "/me/organisation", want: signedIn(303, 200)}},
		"POST /me/organisation":       {{method: "POST", path: "/me/organisation", form: url.Values{"name": {""}}, want: signedIn(401, 422)}},
		"POST /me/organisation/items": {{method: "POST", path: "/me/organisation/items", form: url.Values{"title": {""}}, want: signedIn(401, 422)}},
		"POST /marketplace/{id}": {
			// Only the people of the item's organisation change it (TestProfilePages); to anyone else it is not theirs.
			{method: "POST", path: "/marketplace/" + offer, form: url.Values{"title": {""}}, want: signedIn(401, 404)},
		},
		"POST /marketplace/{id}/delete": {
			{method: "POST", path: "/marketplace/" + offer + "/delete", want: signedIn(401, 404)},
			{method: "POST", path: "/marketplace/999999/delete", form: url.Values{"confirm": {"yes"}}, want: signedIn(401, 404)},
		},
		// Logistics, announcements and the who's who (logistics.go, letter.go, announcement.go, whoswho.go).
		"GET /missions/{id}/logistics": {
			// Participants fill in their own; organisers read everyone's; hosts and the rest never see them.
			{method: "GET", path: "/missions/" + basque + "/logistics", want: [7]int{303, 200, 200, 403, 200, 403, 403}},
			{method: "GET", path: "/missions/" + draft + "/logistics", want: [7]int{303, 200, 200, 404, 404, 404, 404}},
		},
		"POST /missions/{id}/logistics": {
			{method: "POST", path: "/missions/" + basque + "/logistics", form: url.Values{"arrival_at": {"soon"}}, want: [7]int{401, 422, 403, 403, 422, 403, 403}},
		},
		"GET /missions/{id}/letter.pdf": {
			// Only for a participant who requested it (TestLogisticsPages); none has yet.
			{method: "GET", path: "/missions/" + basque + "/letter.pdf", want: [7]int{303, 404, 403, 403, 404, 403, 403}},
		},
		"GET /missions/{id}/announcements": {
			{method: "GET", path: "/missions/" + basque + "/announcements", want: signedIn(303, 200)},
			{method: "GET", path: "/missions/" + draft + "/announcements", want: [7]int{303, 200, 200, 404, 404, 404, 404}},
		},
		"POST /missions/{id}/announcements": {
			{method: "POST", path: "/missions/" + basque + "/announcements", form: url.Values{"subject": {""}}, want: [7]int{401, 422, 422, 403, 403, 403, 403}},
		},
		"GET /missions/{id}/whoswho.pdf": {
			{method: "GET", path: "/missions/" + basque + "/whoswho.pdf", want: [7]int{303, 200, 200, 200, 403, 403, 403}},
			{method: "GET", path: "/missions/" + draft + "/whoswho.pdf", want: [7]int{303, 200, 200, 404, 404, 404, 404}},
		},
		// Import and export (import.go, export.go): the mission's organisers and admins.
		"GET /missions/{id}/import": {
			{method: "GET", path: "/missions/" + basque + "/import", want: [7]int{303, 200, 200, 403, 403, 403, 403}},
			{method: "GET", path: "/missions/" + draft + "/import", want: [7]int{303, 200, 200, 404, 404, 404, 404}},
		},
		"POST /missions/{id}/import": {
			// Without a file the form comes back with its message.
			{method: "POST", path: "/missions/" + basque + "/import", form: url.Values{"role": {"participant"}}, want: [7]int{401, 422, 422, 403, 403, 403, 403}},
		},
		// Uploads are their uploader's (TestImportPages); unknown ones are not found.
		"GET /imports/{id}":  {{method: "GET", path: "/imports/999999", want: signedIn(303, 404)}},
		"POST /imports/{id}": {{method: "POST", path: "/imports/999999", form: url.Values{"confirm": {"yes"}}, want: signedIn(401, 404)}},
		"GET /missions/{id}/export": {
			{method: "GET", path: "/missions/" + basque + "/export?what=participants&format=csv", want: [7]int{303, 200, 200, 403, 403, 403, 403}},
			{method: "GET", path: "/missions/" + basque + "/export?what=budget&format=csv", want: [7]int{303, 400, 400, 403, 403, 403, 403}},
			{method: "GET", path: "/missions/" + draft + "/export?what=programme&format=xlsx", want: [7]int{303, 200, 200, 404, 404, 404, 404}},
		},
		// Calls, applications and selection (call.go, apply.go, selection.go, ruleset.go).
		"GET /missions/{id}/call": {
			{method: "GET", path: "/missions/" + basque + "/call", want: [7]int{303, 200, 200, 403, 403, 403, 403}},
			{method: "GET", path: "/missions/" + draft + "/call", want: [7]int{303, 200, 200, 404, 404, 404, 404}},
		},
		"POST /missions/{id}/call": {
			{method: "POST", path: "/missions/" + basque + "/call", form: url.Values{"rule_set": {"no-such-rules"}}, want: [7]int{401, 422, 422, 403, 403, 403, 403}},
		},
		"GET /missions/{id}/apply": {
			// Anyone signed in applies to a call they can see.
			{method: "GET", path: "/missions/" + upcoming + "/apply", want: signedIn(303, 200)},
			{method: "GET", path: "/missions/" + draft + "/apply", want: [7]int{303, 200, 200, 404, 404, 404, 404}},
		},
		"POST /missions/{id}/apply": {
			// The Basque mission's call closed long ago.
			{method: "POST", path: "/missions/" + basque + "/apply", form: url.Values{"motivation": {"x"}}, want: signedIn(401, 409)},
		},
		"GET /me/applications":             {{method: "GET", path: "/me/applications", want: signedIn(303, 200)}},
		"POST /applications/{id}/withdraw": {{method: "POST", path: "/applications/999999/withdraw", want: signedIn(401, 404)}},
		"POST /applications/{id}/confirm":  {{method: "POST", path: "/applications/999999/confirm", want: signedIn(401, 404)}},
		"GET /missions/{id}/applications": {
			{method: "GET", path: "/missions/" + basque + "/applications?sort=score", want: [7]int{303, 200, 200, 403, 403, 403, 403}},
			{method: "GET", path: "/missions/" + draft + "/applications", want: [7]int{303, 200, 200, 404, 404, 404, 404}},
		},
		"POST /missions/{id}/applications": {
			{method: "POST", path: "/missions/" + basque + "/applications", form: url.Values{"to": {"promoted"}}, want: [7]int{401, 422, 422, 403, 403, 403, 403}},
		},
		"POST /missions/{id}/applications/recheck": {
			{method: "POST", path: "/missions/" + draft + "/applications/recheck", want: [7]int{401, 303, 303, 404, 404, 404, 404}},
		},
		"POST /applications/{id}/score": {{method: "POST", path: "/applications/999999/score", want: signedIn(401, 404)}},
		"GET /admin/rule-sets":          {{method: "GET", path: "/admin/rule-sets", want: [7]int{303, 200, 403, 403, 403, 403, 403}}},
		"GET /admin/rule-sets/{id}": {
			{method: "GET", path: "/admin/rule-sets/clusterxchange-2022-24", want: [7]int{303, 200, 403, 403, 403, 403, 403}},
			{method: "GET", path: "/admin/rule-sets/no-such-rules", want: [7]int{303, 404, 403, 403, 403, 403, 403}},
		},
		"POST /admin/rule-sets/{id}": {
			{method: "POST", path: "/admin/rule-sets/clusterxchange-2022-24", form: url.Values{"json": {"{"}, "version": {"1"}}, want: [7]int{401, 422, 403, 403, 403, 403, 403}},
		},
		// Grants and travel budgets (grant.go, budget.go): organisers of the mission or consortium, admins.
		"GET /admin/grant-rule-sets": {{method: "GET", path: "/admin/grant-rule-sets", want: [7]int{303, 200, 403, 403, 403, 403, 403}}},
		"GET /admin/grant-rule-sets/{id}": {
			{method: "GET", path: "/admin/grant-rule-sets/erasmus-2024", want: [7]int{303, 200, 403, 403, 403, 403, 403}},
			{method: "GET", path: "/admin/grant-rule-sets/no-such-rules", want: [7]int{303, 404, 403, 403, 403, 403, 403}},
		},
		"POST /admin/grant-rule-sets/{id}": {
			{method: "POST", path: "/admin/grant-rule-sets/erasmus-2024", form: url.Values{"json": {"{"}, "version": {"1"}}, want: [7]int{401, 422, 403, 403, 403, 403, 403}},
		},
		"GET /missions/{id}/grants": {
			{method: "GET", path: "/missions/" + basque + "/grants", want: [7]int{303, 200, 200, 403, 403, 403, 403}},
			{method: "GET", path: "/missions/" + draft + "/grants", want: [7]int{303, 200, 200, 404, 404, 404, 404}},
		},
		"POST /missions/{id}/grants": {
			{method: "POST", path: "/missions/" + basque + "/grants", form: url.Values{"application": {"999999"}}, want: [7]int{401, 404, 404, 403, 403, 403, 403}},
		},
		"POST /missions/{id}/grants/rule-set": {
			{method: "POST", path: "/missions/" + basque + "/grants/rule-set", form: url.Values{"rule_set": {"no-such-rules"}}, want: [7]int{401, 400, 400, 403, 403, 403, 403}},
		},
		"POST /grants/{id}/override": {{method: "POST", path: "/grants/999999/override", want: signedIn(401, 404)}},
		"GET /consortia/{id}/budget": {
			{method: "GET", path: "/consortia/" + excite + "/budget", want: [7]int{303, 200, 200, 404, 404, 404, 404}},
			{method: "GET", path: "/consortia/999999/budget", want: [7]int{303, 404, 404, 404, 404, 404, 404}},
		},
		// Exchange offers and exchanges (exchange.go, quality.go); the demo's exchange in Warsaw belongs to DEX.
		"GET /exchanges":     {{method: "GET", path: "/exchanges?q=cyber", want: all(200)}},
		"GET /exchanges/new": {{method: "GET", path: "/exchanges/new", want: signedIn(303, 200)}},
		"POST /exchanges":    {{method: "POST", path: "/exchanges", form: url.Values{"title": {""}}, want: signedIn(401, 422)}},
		"GET /exchange-offers/{id}": {
			// The demo's running exchange has an offer; a mission without one is no offer.
			{method: "GET", path: "/exchange-offers/" + fmt.Sprint(testInfo.RunningMissionID), want: all(200)},
			{method: "GET", path: "/exchange-offers/" + basque, want: all(404)},
			{method: "GET", path: "/exchange-offers/999999", want: all(404)},
		},
		"POST /exchange-offers/{id}/apply": {{method: "POST", path: "/exchange-offers/999999/apply", want: signedIn(401, 404)}},
		"GET /exchanges/{id}": {
			{method: "GET", path: "/exchanges/" + fmt.Sprint(runningExchange()), want: [7]int{303, 200, 200, 404, 404, 404, 404}},
			{method: "GET", path: "/exchanges/999999", want: signedIn(303, 404)},
		},
		"POST /exchanges/{id}/confirm": {
			{method: "POST", path: "/exchanges/" + fmt.Sprint(runningExchange()) + "/confirm", form: url.Values{"side": {"nobody"}}, want: [7]int{401, 403, 403, 404, 404, 404, 404}},
		},
		"POST /exchanges/{id}/goals": {
			{method: "POST", path: "/exchanges/" + fmt.Sprint(runningExchange()) + "/goals", form: url.Values{"goals": {""}}, want: [7]int{401, 409, 409, 404, 404, 404, 404}},
		},
		"POST /exchanges/{id}/sign": {
			// The demo's visitor has signed already; the organiser signs for the partnerships only.
			{method: "POST", path: "/exchanges/" + fmt.Sprint(runningExchange()) + "/sign", form: url.Values{"party": {"visitor"}}, want: [7]int{401, 409, 403, 404, 404, 404, 404}},
		},
		"GET /exchanges/{id}/commitment.pdf": {
			{method: "GET", path: "/exchanges/" + fmt.Sprint(runningExchange()) + "/commitment.pdf", want: [7]int{303, 200, 200, 404, 404, 404, 404}},
		},
	}
	maps.Copy(matrix, apiMatrix())
	for _, part := range matrixParts {
		maps.Copy(matrix, part())
	}
	return matrix
}

// routePattern finds the patterns that routes.go registers.
var routePattern = regexp.MustCompile(`mux\.Handle(?:Func)?\("([^"]+)"`)

// registeredRoutes returns every route pattern in routes.go.
func registeredRoutes(t *testing.T) []string {
	t.Helper()
	src, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range routePattern.FindAllStringSubmatch(string(src), -1) {
		out = append(out, m[1])
	}
	if len(out) < 10 {
		t.Fatalf("found only %d routes in routes.go: %v", len(out), out)
	}
	return out
}

// TestAuthorizationMatrix sends every route's requests as every role and
// checks the status, so that each route's access rule is written down and a
// route added without one fails here.
func TestAuthorizationMatrix(t *testing.T) {
	matrix := authzMatrix()
	routes := registeredRoutes(t)
	for _, r := range routes {
		if _, ok := matrix[r]; !ok {
			t.Errorf("route %q of routes.go has no entry in the authorization matrix", r)
		}
	}
	for r := range matrix {
		if !slices.Contains(routes, r) {
			t.Errorf("the authorization matrix has %q, which routes.go does not register", r)
		}
	}
	a := newAccountsServer(t)
	for pattern, accesses := range matrix {
		for _, acc := range accesses {
			for i, role := range roles {
				t.Run(fmt.Sprintf("%s %s as %s", acc.method, acc.path, role), func(t *testing.T) {
					a.resetLimits() // the matrix checks access rules, not sign-in limits
					var cookies []*http.Cookie
					if role != "out" {
						cookies = append(cookies, a.session(t, role)) // a fresh session: some requests end it
					}
					w := a.request(t, acc.method, acc.path, acc.form, nil, cookies...)
					if w.Code != acc.want[i] {
						t.Errorf("route %q: got %d, want %d; body: %.200s", pattern, w.Code, acc.want[i], strings.TrimSpace(w.Body.String()))
					}
				})
			}
		}
	}
}

// TestCrossSiteRequestsRefused checks that every state-changing route
// refuses a cross-site request before doing anything.
func TestCrossSiteRequestsRefused(t *testing.T) {
	a := newAccountsServer(t)
	for pattern, accesses := range authzMatrix() {
		for _, acc := range accesses {
			if acc.method == "GET" {
				continue
			}
			w := a.request(t, acc.method, acc.path, acc.form, map[string]string{"Sec-Fetch-Site": "cross-site"}, a.session(t, "admin"))
			if w.Code != http.StatusForbidden {
				t.Errorf("%s: cross-site %s %s got %d, want 403", pattern, acc.method, acc.path, w.Code)
			}
		}
	}
}
