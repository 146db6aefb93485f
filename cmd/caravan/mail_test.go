package main

import (
	"bytes"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"caravan/internal/mail"
	"caravan/internal/mail/mailtest"
	"caravan/internal/mission"
	"caravan/internal/store"
)

func TestMailConfig(t *testing.T) {
	const from = "Caravan <noreply@caravan.example.org>"
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		want    mail.Config // compared without Timeout when zero
		off     bool
		wantErr string
	}{
		{"off", nil, nil, mail.Config{}, true, ""},
		{"starttls by default", map[string]string{"CARAVAN_SMTP_URL": "smtp://caravan@mail.example.org", "CARAVAN_MAIL_FROM": from, "CARAVAN_SMTP_PASSWORD": "s3cret"}, nil,
			mail.Config{Host: "mail.example.org", Port: 587, Username: "caravan", Password: "s3cret", TLS: mail.TLSStartTLS, From: from, Timeout: 30 * time.Second}, false, ""},
		{"flags win", map[string]string{"CARAVAN_SMTP_URL": "smtp://other.example.org", "CARAVAN_MAIL_FROM": "x@example.org"},
			[]string{"-smtp-url", "smtp://127.0.0.1:2525?tls=none&timeout=5s", "-mail-from", from},
			mail.Config{Host: "127.0.0.1", Port: 2525, TLS: mail.TLSNone, From: from, Timeout: 5 * time.Second}, false, ""},
		{"smtps", map[string]string{"CARAVAN_MAIL_FROM": from}, []string{"-smtp-url", "smtps://u@mail.example.org"},
			mail.Config{Host: "mail.example.org", Port: 465, Username: "u", TLS: mail.TLSImplicit, From: from, Timeout: 30 * time.Second}, false, ""},
		{"password in URL", map[string]string{"CARAVAN_MAIL_FROM": from}, []string{"-smtp-url", "smtp://u:pw@mail.example.org"}, mail.Config{}, false, "put it in CARAVAN_SMTP_PASSWORD"},
		{"no sender", nil, []string{"-smtp-url", "smtp://mail.example.org"}, mail.Config{}, false, "-mail-from (CARAVAN_MAIL_FROM) is required"},
		{"bad sender", nil, []string{"-smtp-url", "smtp://mail.example.org", "-mail-from", "nobody"}, mail.Config{}, false, `-mail-from: "nobody" is not an address`},
		{"bad scheme", nil, []string{"-smtp-url", "http://mail.example.org", "-mail-from", from}, mail.Config{}, false, `scheme "http"`},
		{"no host", nil, []string{"-smtp-url", "smtp:///", "-mail-from", from}, mail.Config{}, false, "host name is missing"},
		{"bad tls", nil, []string{"-smtp-url", "smtp://mail.example.org?tls=maybe", "-mail-from", from}, mail.Config{}, false, `-smtp-url: tls: "maybe" is not one of`},
		{"bad port", nil, []string{"-smtp-url", "smtp://mail.example.org:99999", "-mail-from", from}, mail.Config{}, false, "-smtp-url port: 99999"},
		{"password without user", map[string]string{"CARAVAN_SMTP_PASSWORD": "s3cret"}, []string{"-smtp-url", "smtp://mail.example.org", "-mail-from", from}, mail.Config{}, false, "-smtp-url user: a password is set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cfg Config
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			cfg.bindMail(fs, env(tt.env))
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			got, ok, err := cfg.MailConfig()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(errorText(err), tt.wantErr) {
					t.Fatalf("got error %v, want one containing %q", err, tt.wantErr)
				}
				if strings.Contains(fmt.Sprint(err), "pw@") || strings.Contains(fmt.Sprint(err), "s3cret") {
					t.Errorf("the error shows the password: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ok == tt.off {
				t.Fatalf("got ok %v, want %v", ok, !tt.off)
			}
			if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestServeSendsTheOutbox runs `caravan serve` with an SMTP server: e-mail
// that was waiting in the outbox goes out, once.
func TestServeSendsTheOutbox(t *testing.T) {
	srv := mailtest.Start(t)
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "caravan.db")
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"caravan", "migrate", "-db", dsn}, noEnv, &stdout, &stderr); code != 0 {
		t.Fatalf("migrate: got exit %d, stderr %q", code, stderr.String())
	}
	db, err := store.Open(t.Context(), dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	e := &mission.Email{ToAddress: "ana@example.org", Subject: "Invitación a Caravan", TextBody: "Hola, Ana:\n", Language: "es"}
	if err := db.EnqueueEmail(t.Context(), e); err != nil {
		t.Fatal(err)
	}

	a := start(t, map[string]string{"CARAVAN_SMTP_URL": fmt.Sprintf("smtp://%s?tls=none", srv.Addr()),
		"CARAVAN_MAIL_FROM": "Caravan <noreply@caravan.example.org>"}, "serve", "-addr", "127.0.0.1:0", "-db", dsn)
	// The worker looks at the outbox as it starts; wait for the message
	// (or the test's deadline).
	for len(srv.Received()) == 0 {
		select {
		case <-t.Context().Done():
			t.Fatalf("the message never arrived; stderr:\n%s", a.stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	a.stop(t)
	got := srv.Received()
	if len(got) != 1 || got[0].To[0] != "ana@example.org" || got[0].Parse(t).Subject != "Invitación a Caravan" {
		t.Fatalf("the server received %d messages (%+v), want the invitation once", len(got), got)
	}
	stored, err := db.Email(t.Context(), e.ID)
	if err != nil || stored.Status() != mission.EmailSent {
		t.Errorf("got %+v (err %v), want the message marked sent", stored, err)
	}
	if logs := a.stderr.String(); strings.Contains(logs, "ana@example.org") || !strings.Contains(logs, "outbox message sent") {
		t.Errorf("the logs should say the message was sent, without its address:\n%s", logs)
	}
}

func TestServeWithoutSMTPKeepsMailInTheOutbox(t *testing.T) {
	a := start(t, nil, "serve", "-addr", "127.0.0.1:0", "-data", t.TempDir())
	a.stop(t)
	if logs := a.stderr.String(); !strings.Contains(logs, "e-mail stays in the outbox") {
		t.Errorf("got logs %q, want them to say that e-mail stays in the outbox", logs)
	}
}
