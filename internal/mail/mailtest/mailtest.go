// Package mailtest runs a real SMTP server (github.com/emersion/go-smtp) on
// the loopback interface for tests: it keeps every message it accepts and
// answers with the errors a test sets. It speaks plain SMTP without TLS or
// AUTH. Only tests import it; it imports nothing of Caravan's.
package mailtest

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Message is one message the server accepted: its envelope and its data.
type Message struct {
	From string
	To   []string
	Data []byte
}

// Server is an SMTP server on 127.0.0.1. Its methods are safe for
// concurrent use.
type Server struct {
	Host string
	Port int

	mu       sync.Mutex
	messages []Message
	rcptErr  *smtp.SMTPError
}

// Start starts a server on a free port of 127.0.0.1 and stops it when the
// test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	return StartAt(t, "127.0.0.1:0")
}

// StartAt starts a server listening on addr (host:port), for a test that
// brings a server up where a sender has been failing to connect.
func StartAt(t testing.TB, addr string) *Server {
	t.Helper()
	ts := &Server{}
	s := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &session{server: ts}, nil
	}))
	s.Domain = "mx.test"
	s.ReadTimeout = 10 * time.Second
	s.WriteTimeout = 10 * time.Second
	s.MaxMessageBytes = 1 << 20
	s.ErrorLog = testLogger{t}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("mailtest: listen on %s: %v", addr, err)
	}
	a := l.Addr().(*net.TCPAddr)
	ts.Host, ts.Port = a.IP.String(), a.Port
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = s.Serve(l) // returns when the listener closes
	}()
	t.Cleanup(func() {
		// Close the listener too: Close may run before Serve registered it.
		_ = s.Close()
		_ = l.Close()
		<-done
	})
	return ts
}

// ClosedAddr returns the address of a loopback port where nothing listens
// (it was free a moment ago), for a test of a server that is down.
func ClosedAddr(t testing.TB) (host string, port int) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	a := l.Addr().(*net.TCPAddr)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return a.IP.String(), a.Port
}

// Addr returns the server's host:port.
func (s *Server) Addr() string {
	return net.JoinHostPort(s.Host, strconv.Itoa(s.Port))
}

// Received returns the messages accepted so far, in order.
func (s *Server) Received() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// RejectRecipients makes the server answer RCPT TO with code and text
// (550 "no such user"); code 0 accepts recipients again.
func (s *Server) RejectRecipients(code int, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rcptErr = nil
	if code != 0 {
		s.rcptErr = &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCodeNotSet, Message: text}
	}
}

type testLogger struct{ t testing.TB }

func (l testLogger) Printf(format string, v ...any) { l.t.Logf("smtp server: "+format, v...) }
func (l testLogger) Println(v ...any)               { l.t.Log(append([]any{"smtp server:"}, v...)...) }

// session is one SMTP conversation.
type session struct {
	server *Server
	msg    Message
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.msg = Message{From: from}
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.server.mu.Lock()
	defer s.server.mu.Unlock()
	if s.server.rcptErr != nil {
		return s.server.rcptErr
	}
	s.msg.To = append(s.msg.To, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.server.mu.Lock()
	defer s.server.mu.Unlock()
	s.msg.Data = data
	s.server.messages = append(s.server.messages, s.msg)
	return nil
}

func (s *session) Reset()        { s.msg = Message{} }
func (s *session) Logout() error { return nil }

// Parsed is a received message read back: its header, decoded subject and
// decoded text and HTML bodies (line ends as \n).
type Parsed struct {
	Header  mail.Header
	Subject string
	Text    string
	HTML    string
}

// Parse reads m's data as a MIME message, failing the test when it does not
// parse.
func (m Message) Parse(t testing.TB) Parsed {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		t.Fatalf("mailtest: received message does not parse: %v", err)
	}
	p := Parsed{Header: msg.Header}
	if p.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		t.Fatalf("mailtest: subject: %v", err)
	}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("mailtest: content type: %v", err)
	}
	if mediaType != "multipart/alternative" {
		p.Text = decode(t, msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
		return p
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return p
		}
		if err != nil {
			t.Fatalf("mailtest: %v", err)
		}
		ct, _, _ := mime.ParseMediaType(part.Header.Get("Content-Type"))
		body := decode(t, part.Header.Get("Content-Transfer-Encoding"), part)
		switch ct {
		case "text/plain":
			p.Text = body
		case "text/html":
			p.HTML = body
		}
	}
}

func decode(t testing.TB, cte string, r io.Reader) string {
	t.Helper()
	if strings.EqualFold(cte, "quoted-printable") {
		r = quotedprintable.NewReader(r)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("mailtest: %v", err)
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}
