package mail_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"caravan/internal/mail"
)

func newSender(t *testing.T, cfg mail.Config) *mail.Sender {
	t.Helper()
	if cfg.From == "" {
		cfg.From = "Caravan <noreply@caravan.example.org>"
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 10 * time.Second
	}
	s, err := mail.NewSender(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func plainConfig(ts *testServer) mail.Config {
	return mail.Config{Host: ts.Host, Port: ts.Port, TLS: mail.TLSNone}
}

// parts reads a received message: its headers and its text and HTML
// bodies, decoded.
func parts(t *testing.T, data []byte) (netmail.Header, string, string) {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("received message does not parse: %v\n%s", err, data)
	}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	if mediaType != "multipart/alternative" {
		body := decodeBody(t, msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
		return msg.Header, body, ""
	}
	var text, html string
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		ct, ps, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if !strings.EqualFold(ps["charset"], "utf-8") {
			t.Errorf("part %s has charset %q, want UTF-8", ct, ps["charset"])
		}
		body := decodeBody(t, p.Header.Get("Content-Transfer-Encoding"), p)
		switch ct {
		case "text/plain":
			text = body
		case "text/html":
			html = body
		default:
			t.Errorf("unexpected part %s", ct)
		}
	}
	return msg.Header, text, html
}

func decodeBody(t *testing.T, cte string, r io.Reader) string {
	t.Helper()
	if strings.EqualFold(cte, "quoted-printable") {
		r = quotedprintable.NewReader(r)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}

func TestSendDeliversSpanishMessage(t *testing.T) {
	ts := startServer(t, serverOptions{})
	r, b := newRenderer(t), newBundle(t)
	m, err := r.Render(b.Localizer("es"), "ana@example.org", "Ana García", samples[3])
	if err != nil {
		t.Fatal(err)
	}
	m.ID = "outbox-42"
	if err := newSender(t, plainConfig(ts)).Send(t.Context(), m); err != nil {
		t.Fatal(err)
	}
	got := ts.received()
	if len(got) != 1 {
		t.Fatalf("server received %d messages, want 1", len(got))
	}
	if got[0].From != "noreply@caravan.example.org" || len(got[0].To) != 1 || got[0].To[0] != "ana@example.org" {
		t.Errorf("got envelope from %q to %q, want noreply@caravan.example.org to ana@example.org", got[0].From, got[0].To)
	}
	h, text, html := parts(t, got[0].Data)

	rawSubject := h.Get("Subject")
	if !strings.HasPrefix(strings.ToLower(rawSubject), "=?utf-8?") {
		t.Errorf("raw subject %q is not RFC 2047 encoded", rawSubject)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(rawSubject)
	if err != nil || subject != "Su solicitud para Misión País Vasco 2026: en lista de espera" {
		t.Errorf("got subject %q (err %v), want the Spanish subject", subject, err)
	}
	to, err := h.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Name != "Ana García" || to[0].Address != "ana@example.org" {
		t.Errorf("got To %v (err %v), want Ana García <ana@example.org>", to, err)
	}
	from, err := h.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Name != "Caravan" || from[0].Address != "noreply@caravan.example.org" {
		t.Errorf("got From %v (err %v)", from, err)
	}
	for name, want := range map[string]string{
		"Message-Id":       "<outbox-42@caravan.example.org>",
		"Auto-Submitted":   "auto-generated",
		"Content-Language": "es",
		"Mime-Version":     "1.0",
	} {
		if got := h.Get(name); got != want {
			t.Errorf("header %s: got %q, want %q", name, got, want)
		}
	}
	if _, err := h.Date(); err != nil {
		t.Errorf("Date header: %v", err)
	}
	if text != m.Text {
		t.Errorf("received text differs from the rendered one:\ngot  %q\nwant %q", text, m.Text)
	}
	if !strings.Contains(text, "La misión tiene lugar en Bilbao del 17 nov 2026 al 19 nov 2026.") {
		t.Errorf("text lacks the Spanish dates:\n%s", text)
	}
	if html != m.HTML || !strings.Contains(html, "Ver su solicitud</a>") {
		t.Errorf("received HTML differs from the rendered one:\n%s", html)
	}
}

func TestSendTextOnly(t *testing.T) {
	ts := startServer(t, serverOptions{})
	m := mail.Message{To: "bo@example.org", Subject: "Plain", Text: "Ünïcödé line\nsecond line\n",
		Headers: map[string]string{"x-caravan-kind": "test"}}
	if err := newSender(t, plainConfig(ts)).Send(t.Context(), m); err != nil {
		t.Fatal(err)
	}
	got := ts.received()
	if len(got) != 1 {
		t.Fatalf("server received %d messages, want 1", len(got))
	}
	h, text, html := parts(t, got[0].Data)
	if text != m.Text || html != "" {
		t.Errorf("got text %q and HTML %q, want %q and none", text, html, m.Text)
	}
	if h.Get("Subject") != "Plain" || h.Get("X-Caravan-Kind") != "test" || h.Get("Auto-Submitted") != "" {
		t.Errorf("got headers %v", h)
	}
	if !strings.HasSuffix(h.Get("Message-Id"), ">") {
		t.Errorf("got Message-Id %q, want a generated one", h.Get("Message-Id"))
	}
}

// failure checks err is a *mail.Error of the given kind.
func failure(t *testing.T, err error, temporary bool, code int, stage string) {
	t.Helper()
	var e *mail.Error
	if !errors.As(err, &e) {
		t.Fatalf("got error %v (%T), want a *mail.Error", err, err)
	}
	if e.Temporary != temporary || e.Code != code || e.Stage != stage {
		t.Errorf("got temporary=%v code=%d stage=%q, want %v %d %q (%v)", e.Temporary, e.Code, e.Stage, temporary, code, stage, err)
	}
	if mail.IsTemporary(err) != temporary || mail.IsPermanent(err) == temporary {
		t.Errorf("IsTemporary=%v IsPermanent=%v, want %v %v", mail.IsTemporary(err), mail.IsPermanent(err), temporary, !temporary)
	}
	if strings.Contains(err.Error(), "@example.org") {
		t.Errorf("error message shows an address: %v", err)
	}
}

var testMessage = mail.Message{To: "ana@example.org", Subject: "Hola", Text: "Hola, Ana:\n"}

func TestSendServerDownIsTemporary(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close() // nothing listens there now: connection refused
	s := newSender(t, mail.Config{Host: "127.0.0.1", Port: port, TLS: mail.TLSNone})
	err = s.Send(t.Context(), testMessage)
	failure(t, err, true, 0, "connect")
	var opErr *net.OpError
	if !errors.As(err, &opErr) {
		t.Errorf("got %v, want it to wrap the dial error", err)
	}
}

func TestSendClassifiesServerReplies(t *testing.T) {
	tests := []struct {
		name      string
		set       func(*testServer)
		temporary bool
		code      int
		stage     string
	}{
		{"550 to the recipient", func(ts *testServer) {
			ts.rcptErr = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "<ana@example.org>: no such user"}
		}, false, 550, "RCPT TO"},
		{"451 to the recipient", func(ts *testServer) {
			ts.rcptErr = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "greylisted, try again later"}
		}, true, 451, "RCPT TO"},
		{"451 to the data", func(ts *testServer) {
			ts.dataErr = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "local error"}
		}, true, 451, "DATA"},
		{"554 to the data", func(ts *testServer) {
			ts.dataErr = &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "content rejected"}
		}, false, 554, "DATA"},
		{"550 to the sender", func(ts *testServer) {
			ts.mailErr = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "relaying denied"}
		}, true, 550, "MAIL FROM"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := startServer(t, serverOptions{})
			ts.set(tt.set)
			err := newSender(t, plainConfig(ts)).Send(t.Context(), testMessage)
			failure(t, err, tt.temporary, tt.code, tt.stage)
			if n := len(ts.received()); n != 0 {
				t.Errorf("server kept %d messages, want none", n)
			}
			ts.set(func(ts *testServer) { ts.rcptErr, ts.dataErr, ts.mailErr = nil, nil, nil })
			if err := newSender(t, plainConfig(ts)).Send(t.Context(), testMessage); err != nil {
				t.Errorf("after the server recovered: %v", err)
			}
		})
	}
}

func TestSendRejectsBadMessagesWithoutConnecting(t *testing.T) {
	ts := startServer(t, serverOptions{})
	s := newSender(t, plainConfig(ts))
	tests := map[string]mail.Message{
		"not an address":   {To: "not an address", Subject: "x", Text: "x"},
		"address and name": {To: "Ana <ana@example.org>", Subject: "x", Text: "x"},
		"two addresses":    {To: "ana@example.org, bo@example.org", Subject: "x", Text: "x"},
		"no text":          {To: "ana@example.org", Subject: "x", HTML: "<p>x</p>"},
		"subject newline":  {To: "ana@example.org", Subject: "x\r\nBcc: eve@example.org", Text: "x"},
		"header injection": {To: "ana@example.org", Subject: "x", Text: "x", Headers: map[string]string{"X-A": "a\r\nBcc: eve@example.org"}},
		"reserved header":  {To: "ana@example.org", Subject: "x", Text: "x", Headers: map[string]string{"bcc": "eve@example.org"}},
		"content header":   {To: "ana@example.org", Subject: "x", Text: "x", Headers: map[string]string{"Content-Type": "text/html"}},
		"bad header name":  {To: "ana@example.org", Subject: "x", Text: "x", Headers: map[string]string{"X A:": "x"}},
		"bad ID":           {ID: "a@b", To: "ana@example.org", Subject: "x", Text: "x"},
	}
	for name, m := range tests {
		t.Run(name, func(t *testing.T) {
			failure(t, s.Send(t.Context(), m), false, 0, "message")
		})
	}
	if n := ts.sessionCount(); n != 0 {
		t.Errorf("server saw %d connections, want none", n)
	}
}

func TestSendCanceledContextIsTemporary(t *testing.T) {
	ts := startServer(t, serverOptions{})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	err := newSender(t, plainConfig(ts)).Send(ctx, testMessage)
	failure(t, err, true, 0, "connect")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want it to wrap context.Canceled", err)
	}
}

func TestSendOverTLSWithLogin(t *testing.T) {
	serverTLS, roots := selfSigned(t)
	for _, mode := range []mail.TLSMode{mail.TLSStartTLS, mail.TLSImplicit} {
		t.Run(string(mode), func(t *testing.T) {
			ts := startServer(t, serverOptions{tls: serverTLS, implicit: mode == mail.TLSImplicit, user: "caravan", password: "s3cret"})
			cfg := mail.Config{Host: ts.Host, Port: ts.Port, TLS: mode, Username: "caravan", Password: "s3cret",
				TLSConfig: &tls.Config{RootCAs: roots}}
			if err := newSender(t, cfg).Send(t.Context(), testMessage); err != nil {
				t.Fatal(err)
			}
			got := ts.received()
			if len(got) != 1 || got[0].User != "caravan" {
				t.Fatalf("got %d messages (%+v), want one sent after logging in as caravan", len(got), got)
			}
			cfg.Password = "wrong"
			failure(t, newSender(t, cfg).Send(t.Context(), testMessage), true, 535, "connect")
		})
	}
	t.Run("untrusted certificate", func(t *testing.T) {
		ts := startServer(t, serverOptions{tls: serverTLS})
		err := newSender(t, mail.Config{Host: ts.Host, Port: ts.Port, TLS: mail.TLSStartTLS}).Send(t.Context(), testMessage)
		failure(t, err, true, 0, "connect")
		if len(ts.received()) != 0 {
			t.Error("message sent over an unverified connection")
		}
	})
	t.Run("starttls required", func(t *testing.T) {
		ts := startServer(t, serverOptions{}) // offers no STARTTLS
		err := newSender(t, mail.Config{Host: ts.Host, Port: ts.Port, TLS: mail.TLSStartTLS}).Send(t.Context(), testMessage)
		failure(t, err, true, 0, "connect")
		if len(ts.received()) != 0 {
			t.Error("message sent in clear text although STARTTLS was required")
		}
	})
	t.Run("no password in clear text", func(t *testing.T) {
		// The server offers AUTH PLAIN without TLS; the Sender must not
		// take it up and send the password in clear text.
		ts := startServer(t, serverOptions{user: "caravan", password: "s3cret", insecureAuth: true})
		cfg := plainConfig(ts)
		cfg.Username, cfg.Password = "caravan", "s3cret"
		err := newSender(t, cfg).Send(t.Context(), testMessage)
		failure(t, err, true, 0, "connect")
		if len(ts.received()) != 0 {
			t.Error("message sent after a clear-text login")
		}
	})
}

func TestConfig(t *testing.T) {
	env := map[string]string{
		"CARAVAN_SMTP_HOST":     "smtp.example.org",
		"CARAVAN_SMTP_USERNAME": "caravan",
		"CARAVAN_SMTP_PASSWORD": "s3cret",
		"CARAVAN_SMTP_FROM":     "Caravan <noreply@caravan.example.org>",
	}
	getenv := func(k string) string { return env[k] }
	c, err := mail.ConfigFromEnv(getenv)
	if err != nil {
		t.Fatal(err)
	}
	if c.Port != 587 || c.TLS != mail.TLSStartTLS || c.Timeout != 30*time.Second || c.Password != "s3cret" {
		t.Errorf("got %+v, want port 587, starttls, 30s and the password", c)
	}
	if v := c.LogValue().String(); strings.Contains(v, "s3cret") || !strings.Contains(v, "password_set=true") {
		t.Errorf("LogValue %q shows the password or hides that one is set", v)
	}
	env["CARAVAN_SMTP_TLS"] = "tls"
	if c, _ := mail.ConfigFromEnv(getenv); c.Port != 465 {
		t.Errorf("tls: got port %d, want 465", c.Port)
	}
	bad := map[string]string{
		"CARAVAN_SMTP_PORT":    "smtp",
		"CARAVAN_SMTP_TLS":     "ssl",
		"CARAVAN_SMTP_FROM":    "nobody",
		"CARAVAN_SMTP_HOST":    "",
		"CARAVAN_SMTP_TIMEOUT": "5",
	}
	for key, value := range bad {
		old := env[key]
		env[key] = value
		if _, err := mail.ConfigFromEnv(getenv); err == nil || !strings.Contains(err.Error(), key) {
			t.Errorf("%s=%q: got error %v, want one naming %s", key, value, err, key)
		}
		env[key] = old
	}
}

func TestBackoff(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	nominal := func(attempt int) time.Duration {
		d := mail.BackoffCap
		if attempt < 20 {
			d = min(mail.BackoffBase<<(attempt-1), mail.BackoffCap)
		}
		return d
	}
	seen := map[time.Duration]bool{}
	for attempt := 1; attempt <= 40; attempt++ {
		for range 50 {
			got := mail.Backoff(attempt, r)
			n := nominal(attempt)
			if got < n/2 || got > n {
				t.Fatalf("attempt %d: got %s, want between %s and %s", attempt, got, n/2, n)
			}
			seen[got] = true
		}
	}
	if len(seen) < 1000 {
		t.Errorf("got %d distinct waits out of 2000, want jitter", len(seen))
	}
	if got := mail.Backoff(0, r); got < mail.BackoffBase/2 || got > mail.BackoffBase {
		t.Errorf("attempt 0: got %s, want it treated as attempt 1", got)
	}
	a := mail.Backoff(5, rand.New(rand.NewPCG(7, 7)))
	b := mail.Backoff(5, rand.New(rand.NewPCG(7, 7)))
	if a != b {
		t.Errorf("same seed gave %s and %s", a, b)
	}
	if got := mail.Backoff(1000, nil); got < mail.BackoffCap/2 || got > mail.BackoffCap {
		t.Errorf("attempt 1000: got %s, want within the cap", got)
	}
	var total time.Duration
	for attempt := 1; attempt < mail.MaxAttempts; attempt++ {
		total += nominal(attempt) / 2
	}
	if total < 20*time.Hour {
		t.Errorf("MaxAttempts rides out only %s of outage at least, want about a day", total)
	}
}

func TestSendLogsNoPersonalDataAtInfo(t *testing.T) {
	ts := startServer(t, serverOptions{})
	var info, debug bytes.Buffer
	for _, c := range []struct {
		buf   *bytes.Buffer
		level slog.Level
	}{{&info, slog.LevelInfo}, {&debug, slog.LevelDebug}} {
		cfg := plainConfig(ts)
		cfg.From = "Caravan <noreply@caravan.example.org>"
		s, err := mail.NewSender(cfg, slog.New(slog.NewTextHandler(c.buf, &slog.HandlerOptions{Level: c.level})))
		if err != nil {
			t.Fatal(err)
		}
		m := mail.Message{ID: "outbox-7", To: "ana@example.org", Subject: "Ana's reset", Text: "secret link https://x.example/reset/abc\n"}
		if err := s.Send(t.Context(), m); err != nil {
			t.Fatal(err)
		}
	}
	if !strings.Contains(info.String(), "mail sent") || !strings.Contains(info.String(), "outbox-7@caravan.example.org") {
		t.Errorf("info log lacks the delivery and its Message-ID:\n%s", info.String())
	}
	for _, personal := range []string{"ana@example.org", "Ana's reset", "reset/abc"} {
		if strings.Contains(info.String(), personal) {
			t.Errorf("info log shows %q:\n%s", personal, info.String())
		}
	}
	if !strings.Contains(debug.String(), "ana@example.org") {
		t.Errorf("debug log lacks the recipient:\n%s", debug.String())
	}
}

func TestSendConcurrently(t *testing.T) {
	ts := startServer(t, serverOptions{})
	s := newSender(t, plainConfig(ts))
	errs := make(chan error, 8)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			m := testMessage
			m.ID = fmt.Sprint("outbox-", i)
			errs <- s.Send(t.Context(), m)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	ids := map[string]bool{}
	for _, r := range ts.received() {
		h, _, _ := parts(t, r.Data)
		ids[h.Get("Message-Id")] = true
	}
	if len(ids) != 8 {
		t.Errorf("server received %d distinct messages, want 8", len(ids))
	}
}
