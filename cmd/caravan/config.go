package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"path/filepath"
	"strings"

	"caravan/internal/mail"
	"caravan/internal/mission"
	"caravan/internal/web"
)

// Config is the whole configuration of a caravan command, from flags with
// CARAVAN_… environment variables as fallbacks. Flags win over the
// environment, and the environment over the defaults.
type Config struct {
	// DB names the database: sqlite:PATH or postgres://…; empty means
	// the SQLite file caravan.db in Data.
	DB string
	// Data is the directory of the default SQLite database.
	Data string
	// Addr is the HTTP listen address, host:port.
	Addr string
	// LogLevel is debug, info, warn or error.
	LogLevel string
	// SMTPURL names the SMTP server that the outbox worker sends through:
	// smtp://USER@HOST:PORT?tls=starttls (tls: none, starttls, tls;
	// smtps:// means tls; timeout=30s). Empty means mail stays in the
	// outbox. The password comes from CARAVAN_SMTP_PASSWORD only.
	SMTPURL string
	// MailFrom is the sender of every e-mail: "Caravan <noreply@example.org>".
	MailFrom string
	// smtpPassword is CARAVAN_SMTP_PASSWORD, read with the flags.
	smtpPassword string
	// BaseURL is the public address of the installation,
	// https://caravan.example.org, that e-mailed links start with.
	BaseURL string
	// TrustProxy says that every request comes through a reverse proxy
	// whose X-Forwarded-Proto and X-Forwarded-For are to be believed.
	TrustProxy bool
}

// Defaults of the configuration.
const (
	defaultAddr     = "127.0.0.1:8080"
	defaultData     = "caravan-data"
	defaultDemoData = "caravan-demo"
	dbFileName      = "caravan.db"
)

// flagSet returns a flag set for a subcommand that reports errors to stderr
// and lets the caller decide the exit status.
func flagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("caravan "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// envOr returns the environment variable's value, or def when it is unset
// or empty.
func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

// bindDB registers -db, -data and -log-level.
func (c *Config) bindDB(fs *flag.FlagSet, getenv func(string) string, dataDefault string) {
	fs.StringVar(&c.DB, "db", envOr(getenv, "CARAVAN_DB", ""), "database: sqlite:PATH or postgres://USER@HOST:PORT/DB (env CARAVAN_DB; default: caravan.db in -data)")
	fs.StringVar(&c.Data, "data", envOr(getenv, "CARAVAN_DATA", dataDefault), "directory of the default SQLite database (env CARAVAN_DATA)")
	fs.StringVar(&c.LogLevel, "log-level", envOr(getenv, "CARAVAN_LOG_LEVEL", "info"), "log level: debug, info, warn or error (env CARAVAN_LOG_LEVEL)")
}

// bindAddr registers -addr.
func (c *Config) bindAddr(fs *flag.FlagSet, getenv func(string) string) {
	fs.StringVar(&c.Addr, "addr", envOr(getenv, "CARAVAN_ADDR", defaultAddr), "HTTP listen address, host:port (env CARAVAN_ADDR)")
}

// bindWeb registers -base-url and -trust-proxy.
func (c *Config) bindWeb(fs *flag.FlagSet, getenv func(string) string) {
	fs.StringVar(&c.BaseURL, "base-url", envOr(getenv, "CARAVAN_BASE_URL", ""),
		"public address that e-mailed links start with, https://caravan.example.org (env CARAVAN_BASE_URL; default: the request's host)")
	trust := envOr(getenv, "CARAVAN_TRUST_PROXY", "")
	fs.BoolVar(&c.TrustProxy, "trust-proxy", trust == "1" || strings.EqualFold(trust, "true"),
		"believe X-Forwarded-Proto and X-Forwarded-For of a reverse proxy in front (env CARAVAN_TRUST_PROXY=1)")
}

// WebOptions returns the web server's options that the configuration sets,
// or EINVALID for a malformed -base-url.
func (c Config) WebOptions() ([]web.Option, error) {
	var opts []web.Option
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return nil, mission.Errorf(mission.EINVALID, "invalid -base-url %q: want http(s)://HOST[:PORT][/PATH]", c.BaseURL)
		}
		opts = append(opts, web.BaseURL(c.BaseURL))
	}
	if c.TrustProxy {
		opts = append(opts, web.TrustProxy())
	}
	return opts, nil
}

// bindMail registers -smtp-url and -mail-from.
func (c *Config) bindMail(fs *flag.FlagSet, getenv func(string) string) {
	fs.StringVar(&c.SMTPURL, "smtp-url", envOr(getenv, "CARAVAN_SMTP_URL", ""),
		"SMTP server for outgoing e-mail, smtp://USER@HOST:587?tls=starttls; password in CARAVAN_SMTP_PASSWORD (env CARAVAN_SMTP_URL; default: e-mail stays in the outbox)")
	fs.StringVar(&c.MailFrom, "mail-from", envOr(getenv, "CARAVAN_MAIL_FROM", ""),
		"sender of e-mail, such as \"Caravan <noreply@example.org>\" (env CARAVAN_MAIL_FROM)")
	c.smtpPassword = getenv("CARAVAN_SMTP_PASSWORD")
}

// MailConfig returns the SMTP configuration that SMTPURL, MailFrom and the
// password in CARAVAN_SMTP_PASSWORD describe, validated by
// mail.ConfigFromEnv; ok is false when SMTPURL is empty (no SMTP).
func (c Config) MailConfig() (cfg mail.Config, ok bool, err error) {
	if c.SMTPURL == "" {
		return mail.Config{}, false, nil
	}
	invalid := func(format string, args ...any) error {
		return mission.Errorf(mission.EINVALID, "-smtp-url: "+format, args...)
	}
	u, err := url.Parse(c.SMTPURL)
	if err != nil {
		return mail.Config{}, false, invalid("not a URL such as smtp://user@mail.example.org:587?tls=starttls")
	}
	if _, set := u.User.Password(); set {
		return mail.Config{}, false, invalid("holds a password: put it in CARAVAN_SMTP_PASSWORD instead")
	}
	q := u.Query()
	tls := q.Get("tls")
	switch u.Scheme {
	case "smtp":
	case "smtps":
		if tls == "" {
			tls = string(mail.TLSImplicit)
		}
	default:
		return mail.Config{}, false, invalid("scheme %q: want smtp:// or smtps://", u.Scheme)
	}
	if u.Hostname() == "" {
		return mail.Config{}, false, invalid("the host name is missing")
	}
	switch mail.TLSMode(tls) {
	case "", mail.TLSNone, mail.TLSStartTLS, mail.TLSImplicit:
	default:
		return mail.Config{}, false, invalid("tls: %q is not one of none, starttls, tls", tls)
	}
	if c.MailFrom == "" {
		return mail.Config{}, false, mission.Errorf(mission.EINVALID, "-mail-from (CARAVAN_MAIL_FROM) is required with -smtp-url")
	}
	env := map[string]string{
		"CARAVAN_SMTP_HOST":     u.Hostname(),
		"CARAVAN_SMTP_PORT":     u.Port(),
		"CARAVAN_SMTP_USERNAME": u.User.Username(),
		"CARAVAN_SMTP_PASSWORD": c.smtpPassword,
		"CARAVAN_SMTP_TLS":      tls,
		"CARAVAN_SMTP_TIMEOUT":  q.Get("timeout"),
		"CARAVAN_SMTP_FROM":     c.MailFrom,
	}
	cfg, err = mail.ConfigFromEnv(func(key string) string { return env[key] })
	if err != nil {
		// Name the setting the operator wrote, not the variable that
		// ConfigFromEnv reads.
		msg := strings.NewReplacer(
			"CARAVAN_SMTP_HOST", "-smtp-url host", "CARAVAN_SMTP_PORT", "-smtp-url port",
			"CARAVAN_SMTP_USERNAME", "-smtp-url user", "CARAVAN_SMTP_TLS", "-smtp-url tls",
			"CARAVAN_SMTP_TIMEOUT", "-smtp-url timeout", "CARAVAN_SMTP_FROM", "-mail-from",
		).Replace(err.Error())
		return mail.Config{}, false, mission.Errorf(mission.EINVALID, "%s", msg)
	}
	return cfg, true, nil
}

// parseFlags parses args into fs and refuses positional arguments.
// errUsage means the exit status is 2; the flag package has already
// printed what is wrong.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	return nil
}

var (
	errUsage = errors.New("bad usage")
	errHelp  = errors.New("help requested")
)

// DSN returns the database address: DB when set, else the SQLite file in Data.
func (c Config) DSN() string {
	if c.DB != "" {
		return c.DB
	}
	return "sqlite:" + filepath.Join(c.Data, dbFileName)
}

// Logger returns the one logger of the process: text lines on w, at the
// configured level.
func (c Config) Logger(w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return nil, mission.Errorf(mission.EINVALID, "invalid log level %q: want debug, info, warn or error", c.LogLevel)
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level})), nil
}

// sqlitePath returns the file of a SQLite address, or "" for PostgreSQL.
func sqlitePath(dsn string) string {
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		return strings.TrimPrefix(dsn, "sqlite:")
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return ""
	case strings.HasSuffix(dsn, ".db"):
		return dsn
	}
	return ""
}

// exitCode reports err on stderr in one line, prefixed with the command,
// and returns the process exit status: 0 for nil, 2 for bad usage, 1 else.
func exitCode(stderr io.Writer, cmd string, err error) int {
	switch {
	case err == nil, errors.Is(err, errHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	fmt.Fprintf(stderr, "caravan %s: %s\n", cmd, oneLine(errorText(err)))
	return 1
}

// errorText is what an operator reads: the message of a *mission.Error
// (the store's name the cause, such as an unreachable database), the whole
// chain of any other error.
func errorText(err error) string {
	var e *mission.Error
	if errors.As(err, &e) {
		if e.Field != "" {
			return e.Field + ": " + e.Message
		}
		return e.Message
	}
	return err.Error()
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
