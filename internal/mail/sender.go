package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// TLSMode says how a Sender protects its SMTP connection.
type TLSMode string

// The TLS modes.
const (
	TLSNone     TLSMode = "none"     // plain SMTP: a relay on localhost or a test server
	TLSStartTLS TLSMode = "starttls" // STARTTLS required (submission, port 587)
	TLSImplicit TLSMode = "tls"      // TLS from the first byte (port 465)
)

// Config is how to reach the SMTP server.
type Config struct {
	Host string
	// Port defaults to 25 (none), 587 (starttls) or 465 (tls).
	Port int
	// Username and Password log in when Username is set, with the best
	// mechanism the server offers; plain-text mechanisms only over TLS.
	// The password comes from the environment (CARAVAN_SMTP_PASSWORD),
	// never from a flag, and Config's LogValue hides it.
	Username string
	Password string
	// TLS defaults to TLSStartTLS.
	TLS TLSMode
	// TLSConfig optionally replaces the default TLS settings (system
	// roots, TLS 1.2 or later), for a private CA.
	TLSConfig *tls.Config
	// From is the sender, an address with an optional display name:
	// "Caravan <noreply@caravan.example.org>".
	From string
	// Timeout bounds the connection and each SMTP command; default 30s.
	Timeout time.Duration
	// HELO is the name the Sender greets with; default the host name.
	HELO string
}

// ConfigFromEnv reads a Config from CARAVAN_SMTP_HOST, CARAVAN_SMTP_PORT,
// CARAVAN_SMTP_USERNAME, CARAVAN_SMTP_PASSWORD, CARAVAN_SMTP_TLS,
// CARAVAN_SMTP_FROM and CARAVAN_SMTP_TIMEOUT (Go duration syntax) through
// getenv, fills in the defaults and validates it. The error names the
// variable that is wrong.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		Host:     getenv("CARAVAN_SMTP_HOST"),
		Username: getenv("CARAVAN_SMTP_USERNAME"),
		Password: getenv("CARAVAN_SMTP_PASSWORD"),
		TLS:      TLSMode(getenv("CARAVAN_SMTP_TLS")),
		From:     getenv("CARAVAN_SMTP_FROM"),
	}
	if s := getenv("CARAVAN_SMTP_PORT"); s != "" {
		port, err := strconv.Atoi(s)
		if err != nil {
			return Config{}, fmt.Errorf("CARAVAN_SMTP_PORT: %q is not a port number", s)
		}
		c.Port = port
	}
	if s := getenv("CARAVAN_SMTP_TIMEOUT"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			return Config{}, fmt.Errorf("CARAVAN_SMTP_TIMEOUT: %q is not a duration such as 30s", s)
		}
		c.Timeout = d
	}
	c = c.withDefaults()
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// withDefaults fills in TLS, Port and Timeout.
func (c Config) withDefaults() Config {
	if c.TLS == "" {
		c.TLS = TLSStartTLS
	}
	if c.Port == 0 {
		c.Port = map[TLSMode]int{TLSNone: 25, TLSStartTLS: 587, TLSImplicit: 465}[c.TLS]
	}
	if c.Timeout == 0 {
		c.Timeout = 30 * time.Second
	}
	return c
}

// Validate reports the first thing wrong with c, naming the environment
// variable it comes from.
func (c Config) Validate() error {
	switch {
	case c.Host == "":
		return errors.New("CARAVAN_SMTP_HOST: the SMTP server's host name is missing")
	case c.TLS != TLSNone && c.TLS != TLSStartTLS && c.TLS != TLSImplicit:
		return fmt.Errorf("CARAVAN_SMTP_TLS: %q is not one of none, starttls, tls", c.TLS)
	case c.Port < 1 || c.Port > 65535:
		return fmt.Errorf("CARAVAN_SMTP_PORT: %d is not a port number", c.Port)
	case c.Password != "" && c.Username == "":
		return errors.New("CARAVAN_SMTP_USERNAME: a password is set but no user name")
	case c.Timeout < 0:
		return fmt.Errorf("CARAVAN_SMTP_TIMEOUT: %s is negative", c.Timeout)
	}
	if _, err := mail.ParseAddress(c.From); err != nil {
		return fmt.Errorf("CARAVAN_SMTP_FROM: %q is not an address such as \"Caravan <noreply@example.org>\"", c.From)
	}
	return nil
}

// LogValue lets Config be logged without its password.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("host", c.Host), slog.Int("port", c.Port), slog.String("tls", string(c.TLS)),
		slog.String("username", c.Username), slog.Bool("password_set", c.Password != ""),
		slog.String("from", c.From), slog.Duration("timeout", c.Timeout),
	)
}

// Sender delivers Messages through one SMTP server, one connection per
// Send. It is safe for concurrent use.
type Sender struct {
	client *gomail.Client
	from   *mail.Address
	logger *slog.Logger
}

// NewSender returns a Sender for the server cfg describes, after filling in
// defaults and validating cfg; it does not connect yet. logger receives one
// info line per delivered message (its Message-ID only) and the recipient at
// debug level; nil discards.
func NewSender(cfg Config, logger *slog.Logger) (*Sender, error) {
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	from, _ := mail.ParseAddress(cfg.From) // validated above
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	opts := []gomail.Option{
		gomail.WithPort(cfg.Port),
		gomail.WithTimeout(cfg.Timeout),
	}
	switch cfg.TLS {
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case TLSStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	}
	if cfg.TLSConfig != nil {
		tc := cfg.TLSConfig.Clone()
		if tc.ServerName == "" {
			tc.ServerName = cfg.Host
		}
		opts = append(opts, gomail.WithTLSConfig(tc))
	}
	if cfg.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(cfg.Username), gomail.WithPassword(cfg.Password))
	}
	if cfg.HELO != "" {
		opts = append(opts, gomail.WithHELO(cfg.HELO))
	}
	client, err := gomail.NewClient(cfg.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("mail: new SMTP client: %w", err)
	}
	return &Sender{client: client, from: from, logger: logger}, nil
}

// reservedHeaders are the fields Send writes itself.
var reservedHeaders = map[string]bool{
	"From": true, "To": true, "Cc": true, "Bcc": true, "Subject": true, "Date": true,
	"Message-Id": true, "Mime-Version": true, "Reply-To": true, "Sender": true,
}

// Send delivers m. It returns nil once the server has accepted the message,
// or an *Error that says whether a retry may succeed (see IsPermanent). A
// reply lost after the server accepted the data counts as temporary, so an
// outbox delivers at least once and sets Message.ID to let receivers drop a
// duplicate. ctx bounds the connection attempt; Config.Timeout bounds each
// command after it.
func (s *Sender) Send(ctx context.Context, m Message) error {
	msg, err := s.build(m)
	if err != nil {
		return &Error{Stage: "message", Err: err}
	}
	conn, err := s.client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		// Nothing about this message is wrong yet: the server is down,
		// unreachable, or refuses us (TLS, login); all of it may change.
		return &Error{Temporary: true, Code: replyCode(err), Stage: "connect", Err: err}
	}
	sendErr := s.client.SendWithSMTPClient(conn, msg)
	if closeErr := s.client.CloseWithSMTPClient(conn); closeErr != nil {
		s.logger.DebugContext(ctx, "mail: closing SMTP connection", "err", closeErr)
	}
	if sendErr != nil && !msg.IsDelivered() {
		return classify(sendErr)
	}
	s.logger.InfoContext(ctx, "mail sent", "message_id", msg.GetMessageID())
	s.logger.DebugContext(ctx, "mail sent to", "message_id", msg.GetMessageID(), "to", m.To)
	return nil
}

// build turns m into a go-mail message; its errors are permanent.
func (s *Sender) build(m Message) (*gomail.Msg, error) {
	to, err := mail.ParseAddress(m.To)
	if err != nil || to.Address != strings.TrimSpace(m.To) || to.Name != "" {
		return nil, errors.New("recipient is not a bare e-mail address")
	}
	if strings.TrimSpace(m.Text) == "" {
		return nil, errors.New("message has no text body")
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return nil, errors.New("subject has a line break")
	}
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	msg.FromMailAddress(s.from)
	msg.ToMailAddress(&mail.Address{Name: m.ToName, Address: to.Address})
	msg.Subject(m.Subject)
	msg.SetDate()
	if m.ID != "" {
		if strings.ContainsAny(m.ID, "<>@ \r\n") {
			return nil, errors.New("message ID may not contain <, >, @ or spaces")
		}
		_, domain, _ := strings.Cut(s.from.Address, "@")
		msg.SetMessageIDWithValue(m.ID + "@" + domain)
	} else {
		msg.SetMessageID()
	}
	if m.Language != "" {
		msg.SetGenHeader(gomail.HeaderContentLang, m.Language)
	}
	for name, value := range m.Headers {
		canonical := textproto.CanonicalMIMEHeaderKey(name)
		if reservedHeaders[canonical] || strings.HasPrefix(canonical, "Content-") || !validHeaderName(name) {
			return nil, fmt.Errorf("header %q may not be set on a message", name)
		}
		if strings.ContainsAny(value, "\r\n") {
			return nil, fmt.Errorf("header %q has a line break", name)
		}
		msg.SetGenHeader(gomail.Header(canonical), value)
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}

// validHeaderName reports whether name is an RFC 5322 field name.
func validHeaderName(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range []byte(name) {
		if c <= ' ' || c > '~' || c == ':' {
			return false
		}
	}
	return true
}

// classify turns go-mail's send error into an *Error. A 5xx reply to the
// recipient or to the content is permanent; everything else, a 5xx to MAIL
// FROM included (that is the server's or our configuration's problem, not
// the message's), is temporary.
func classify(err error) *Error {
	var se *gomail.SendError
	if !errors.As(err, &se) {
		return &Error{Temporary: true, Code: replyCode(err), Stage: "DATA", Err: err}
	}
	code := se.ErrorCode()
	e := &Error{Temporary: true, Code: code, Err: err}
	switch se.Reason {
	case gomail.ErrGetSender, gomail.ErrGetRcpts, gomail.ErrNoUnencoded:
		e.Stage, e.Temporary = "message", false
	case gomail.ErrSMTPMailFrom:
		e.Stage = "MAIL FROM"
	case gomail.ErrSMTPRcptTo:
		e.Stage, e.Temporary = "RCPT TO", code < 500
	case gomail.ErrSMTPData, gomail.ErrWriteContent, gomail.ErrSMTPDataClose:
		e.Stage, e.Temporary = "DATA", code < 500
	default:
		e.Stage = "connect"
	}
	return e
}

// replyCode returns the SMTP reply code inside err, or 0.
func replyCode(err error) int {
	var te *textproto.Error
	if errors.As(err, &te) {
		return te.Code
	}
	return 0
}
