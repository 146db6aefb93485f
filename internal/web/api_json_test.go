package web

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"caravan/internal/mission"
)

// FuzzDecodeMission feeds any body to the decoding and checking of a new
// mission: it must never panic, and must either yield a mission or refuse
// the body with an invalid error answered 400, 413, 415 or 422.
func FuzzDecodeMission(f *testing.F) {
	f.Add(`{"consortium_id": 1, "title": "Lyon", "host_organisation_id": 2, "host_city": "Lyon", "host_country": "FR", "starts_on": "2027-03-09", "ends_on": "2027-03-11"}`)
	f.Add(`{"title": `)
	f.Add(`{"colour": "red"}`)
	f.Add(`{"capacity": "ten"}`)
	f.Add(`{"starts_on": "2027-02-30"}`)
	f.Add(`{"themes": [1]}`)
	f.Add(`[]`)
	f.Add(`{} {}`)
	f.Add(`null`)
	f.Add("")
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/api/v1/missions", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		var in missionCreateJSON
		err := decodeJSON(httptest.NewRecorder(), r, &in)
		if err == nil {
			var m *mission.Mission
			if m, err = in.toMission(); err == nil {
				if m == nil {
					t.Fatal("toMission returned neither a mission nor an error")
				}
				return
			}
		}
		if code := mission.ErrorCode(err); code != mission.EINVALID {
			t.Fatalf("got code %q (%v), want invalid", code, err)
		}
		var se *statusError
		if errors.As(err, &se) {
			switch se.status {
			case http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity:
			default:
				t.Fatalf("got status %d for %v", se.status, err)
			}
		}
		if mission.ErrorMessage(err) == "" {
			t.Fatalf("got no message for %v", err)
		}
	})
}
