package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"caravan/internal/mission"
	"caravan/internal/store"
)

func init() { matrixParts = append(matrixParts, claimMatrix) }

// demoClaim returns the demo's submitted claim on the Basque mission that
// Silicon Saxony pays (the organiser demo account works there) and the id
// of its first evidence file; zeros when the demo has none.
func demoClaim() (claimID, evidenceID int64) {
	ctx := context.Background()
	claims, err := testServer.db.Claims(ctx, store.ClaimFilter{MissionID: testInfo.BasqueMissionID, Status: mission.ReportSubmitted})
	if err != nil {
		return 0, 0
	}
	for _, c := range claims {
		if strings.Contains(c.PartnerName, "Saxony") {
			files, err := testServer.db.ReportEvidence(ctx, c.Report.ID)
			if err != nil || len(files) == 0 {
				return c.Report.ID, 0
			}
			return c.Report.ID, files[0].ID
		}
	}
	return 0, 0
}

// claimMatrix holds the rows of the closing report, evidence, review and
// payment routes. The participant demo account has a confirmed place on
// the Basque mission, a grant and a draft report (internal/demo/tour.go):
// it reads its page and gets to the checks of its report, evidence and
// bank account (422; a text too long leaves the draft as it is). Evidence and claims are the
// claimant's and the paying partner's organisers' only: 404 to everyone
// else, signed in or not.
func claimMatrix() map[string][]access {
	basque := fmt.Sprint(testInfo.BasqueMissionID)
	draft := fmt.Sprint(testInfo.DraftMissionID)
	excite := fmt.Sprint(testInfo.ConsortiumID)
	claim, evidence := demoClaim()
	c, e := fmt.Sprint(claim), fmt.Sprint(evidence)
	report := "/missions/" + basque + "/closing-report"
	return map[string][]access{
		"GET /missions/{id}/closing-report": {
			{method: "GET", path: report, want: [7]int{303, 403, 403, 403, 200, 403, 403}},
			{method: "GET", path: "/missions/" + draft + "/closing-report", want: [7]int{303, 403, 403, 404, 404, 404, 404}},
		},
		"POST /missions/{id}/closing-report": {
			{method: "POST", path: report, form: url.Values{"achieved": {strings.Repeat("x", 10001)}, "action": {"save"}}, want: [7]int{401, 403, 403, 403, 422, 403, 403}},
		},
		"POST /missions/{id}/closing-report/evidence": {
			{method: "POST", path: report + "/evidence", form: url.Values{"kind": {"invoice"}}, want: [7]int{401, 403, 403, 403, 422, 403, 403}},
		},
		"POST /missions/{id}/closing-report/bank": {
			{method: "POST", path: report + "/bank", form: url.Values{"account_holder": {"Paula Pawlak"}, "iban": {"PL00"}}, want: [7]int{401, 403, 403, 403, 422, 403, 403}},
		},
		"GET /evidence/{id}": {
			{method: "GET", path: "/evidence/" + e, want: [7]int{303, 200, 200, 404, 404, 404, 404}},
			{method: "GET", path: "/evidence/999999", want: signedIn(303, 404)},
		},
		"POST /evidence/{id}/delete": {
			// Its report is submitted: not even an admin deletes it now.
			{method: "POST", path: "/evidence/" + e + "/delete", form: url.Values{"confirm": {"yes"}}, want: [7]int{401, 409, 404, 404, 404, 404, 404}},
		},
		"GET /missions/{id}/claims": {
			{method: "GET", path: "/missions/" + basque + "/claims", want: [7]int{303, 200, 200, 403, 403, 403, 403}},
			{method: "GET", path: "/missions/" + draft + "/claims", want: [7]int{303, 200, 200, 404, 404, 404, 404}},
		},
		"POST /claims/{id}/approve": {
			{method: "POST", path: "/claims/" + c + "/approve", form: url.Values{"amount": {"abc"}}, want: [7]int{401, 422, 422, 404, 404, 404, 404}},
			{method: "POST", path: "/claims/999999/approve", form: url.Values{"amount": {"1"}}, want: signedIn(401, 404)},
		},
		"POST /claims/{id}/send-back": {
			{method: "POST", path: "/claims/" + c + "/send-back", form: url.Values{"reason": {""}}, want: [7]int{401, 422, 422, 404, 404, 404, 404}},
		},
		"GET /consortia/{id}/payments": {
			{method: "GET", path: "/consortia/" + excite + "/payments", want: [7]int{303, 200, 200, 404, 404, 404, 404}},
			{method: "GET", path: "/consortia/999999/payments", want: signedIn(303, 404)},
		},
		"POST /consortia/{id}/payments": {
			{method: "POST", path: "/consortia/" + excite + "/payments", form: url.Values{}, want: [7]int{401, 422, 422, 404, 404, 404, 404}},
		},
		"GET /consortia/{id}/payments/export": {
			{method: "GET", path: "/consortia/" + excite + "/payments/export?format=csv", want: [7]int{303, 200, 200, 404, 404, 404, 404}},
			{method: "GET", path: "/consortia/" + excite + "/payments/export?format=pdf", want: [7]int{303, 400, 400, 404, 404, 404, 404}},
			// The demo's paying account and its approved claim's payee are valid.
			{method: "GET", path: "/consortia/" + excite + "/payments/export?format=sepa", want: [7]int{303, 200, 200, 404, 404, 404, 404}},
		},
		"POST /consortia/{id}/claim-settings": {
			{method: "POST", path: "/consortia/" + excite + "/claim-settings", form: url.Values{"retention_days": {"0"}}, want: [7]int{401, 422, 422, 404, 404, 404, 404}},
		},
	}
}
