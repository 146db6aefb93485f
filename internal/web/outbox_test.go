package web

import (
	"fmt"
	"strings"
	"testing"

	"caravan/internal/mission"
)

func TestOutboxPages(t *testing.T) {
	a := newAccountsServer(t)
	emails := []*mission.Email{
		{ToAddress: "ana@example.org", ToName: "Ana García", Subject: "Invitación a Caravan",
			TextBody: "Hola, Ana:\nabra https://caravan.example.org/invite/abc <b>ahora</b>\n", Language: "es", CreatedAt: testNow},
		{ToAddress: "bo@example.org", Subject: "Reset your Caravan password", TextBody: "Hello Bo,\n", Language: "en", CreatedAt: testNow},
	}
	for _, e := range emails {
		if err := a.db.EnqueueEmail(t.Context(), e); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.db.MarkEmailSent(t.Context(), emails[1].ID, testNow); err != nil {
		t.Fatal(err)
	}
	admin := a.session(t, "admin")
	tests := []struct {
		path, lang string
		status     int
		want, not  []string
	}{
		{"/admin/outbox", "en", 200, []string{"<h1>Outbox", "ana@example.org", "Invitación a Caravan", "Waiting",
			"bo@example.org", "Sent", "10 Mar 2026, 9:30 AM", fmt.Sprintf(`href="/admin/outbox/%d"`, emails[0].ID)}, nil},
		{"/admin/outbox?status=pending", "en", 200, []string{"ana@example.org"}, []string{"bo@example.org"}},
		{"/admin/outbox?status=failed", "en", 200, []string{"No e-mail."}, []string{"ana@example.org"}},
		{"/admin/outbox?status=lost", "en", 400, nil, nil},
		{"/admin/outbox?after=abc", "en", 400, nil, nil},
		{"/admin/outbox", "es", 200, []string{"Bandeja de salida", "En espera", "Enviado", "10 mar 2026, 9:30"}, []string{"Waiting"}},
		{fmt.Sprintf("/admin/outbox/%d", emails[0].ID), "es", 200, []string{"<h1>Invitación a Caravan", "Ana García &lt;ana@example.org&gt;",
			"https://caravan.example.org/invite/abc &lt;b&gt;ahora&lt;/b&gt;", "Próximo intento"}, []string{"<b>ahora"}},
		{fmt.Sprintf("/admin/outbox/%d", emails[1].ID), "en", 200, []string{"Reset your Caravan password", "Hello Bo,"}, nil},
		{"/admin/outbox/999999", "es", 404, []string{"No existe el correo 999999 en la bandeja de salida."}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.lang+" "+tt.path, func(t *testing.T) {
			w := a.request(t, "GET", tt.path, nil, map[string]string{"Accept-Language": tt.lang}, admin)
			body := w.Body.String()
			if w.Code != tt.status {
				t.Fatalf("got status %d, want %d; body %.300s", w.Code, tt.status, body)
			}
			for _, s := range tt.want {
				if !strings.Contains(body, s) {
					t.Errorf("body lacks %q", s)
				}
			}
			for _, s := range tt.not {
				if strings.Contains(body, s) {
					t.Errorf("body contains %q", s)
				}
			}
		})
	}
	// Others may not read the outbox.
	for _, role := range []string{"organiser", "participant"} {
		w := a.request(t, "GET", "/admin/outbox", nil, nil, a.session(t, role))
		if w.Code != 403 || strings.Contains(w.Body.String(), "ana@example.org") {
			t.Errorf("%s: got status %d, want 403 without the outbox", role, w.Code)
		}
	}
}
