package sepa

import (
	"encoding/xml"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestParseIBAN(t *testing.T) {
	good := map[string]string{
		"DE89 3704 0044 0532 0130 00":        "DE89370400440532013000",
		"es91 2100 0418 4502 0005 1332":      "ES9121000418450200051332",
		"FR14 2004 1010 0505 0001 3M02 606":  "FR1420041010050500013M02606",
		"NL91ABNA0417164300":                 "NL91ABNA0417164300",
		"PL61 1090 1014 0000 0712 1981 2874": "PL61109010140000071219812874",
		"NO9386011117947":                    "NO9386011117947",
	}
	for in, want := range good {
		got, err := ParseIBAN(in)
		if err != nil || got != want {
			t.Errorf("ParseIBAN(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	bad := []string{
		"",
		"DE88370400440532013000",   // check digits
		"DE8937040044053201300",    // length
		"XX89370400440532013000",   // country
		"DE89-3704-0044-0532-0130", // characters
		"1E89370400440532013000",   // country not letters
		"DEAB370400440532013000",   // check digits not digits
		"ES9121000418450200051333", // one digit changed
	}
	for _, in := range bad {
		if got, err := ParseIBAN(in); !errors.Is(err, ErrIBAN) {
			t.Errorf("ParseIBAN(%q) = %q, %v; want ErrIBAN", in, got, err)
		}
	}
}

func TestParseBIC(t *testing.T) {
	for _, in := range []string{"COBADEFFXXX", "cobadeff", "BSCHESMM", "DEUTDEDB110"} {
		if _, err := ParseBIC(in); err != nil {
			t.Errorf("ParseBIC(%q): %v", in, err)
		}
	}
	for _, in := range []string{"", "COBADEF", "COBADEFFXX", "C0BADEFF", "COBAZZFF", "COBADEFF-XX"} {
		if _, err := ParseBIC(in); !errors.Is(err, ErrBIC) {
			t.Errorf("ParseBIC(%q): want ErrBIC, got %v", in, err)
		}
	}
}

func TestAmount(t *testing.T) {
	for cents, want := range map[int64]string{1: "0.01", 10: "0.10", 100: "1.00", 78000: "780.00", 39050: "390.50", 123456789: "1234567.89"} {
		if got := Amount(cents); got != want {
			t.Errorf("Amount(%d) = %q, want %q", cents, got, want)
		}
	}
}

func TestTransliterate(t *testing.T) {
	for in, want := range map[string]string{
		"José Ñúñez":           "Jose Nunez",
		"Łódź Straße":          "Lodz Strasse",
		"Müller & Søn":         "Muller + Son",
		"Clúster <GAIA> \"x\"": "Cluster  GAIA   x",
		"日本":                   "",
	} {
		if got := Transliterate(in, 0); got != want {
			t.Errorf("Transliterate(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Transliterate("abcdef", 3); got != "abc" {
		t.Errorf("cut: %q", got)
	}
}

func sample() CreditTransfer {
	return CreditTransfer{
		MessageID:     "CARAVAN-7-20261129",
		Created:       time.Date(2026, 11, 29, 10, 30, 0, 0, time.UTC),
		Debtor:        Account{Name: "Asociación Clúster GAIA", IBAN: "ES91 2100 0418 4502 0005 1332", BIC: "CAIXESBBXXX"},
		ExecutionDate: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		Payments: []Payment{
			{EndToEndID: "CLAIM-1", AmountCents: 78000, Creditor: Account{Name: "Zofia Wójcik", IBAN: "PL61109010140000071219812874", BIC: "WBKPPLPP"}, Remittance: "Caravan grant, mission 7, Bilbao"},
			{EndToEndID: "CLAIM-2", AmountCents: 39050, Creditor: Account{Name: "Jürgen Groß", IBAN: "DE89370400440532013000"}, Remittance: "Caravan grant"},
			{EndToEndID: "CLAIM-3", AmountCents: 1, Creditor: Account{Name: "Anne Dupont", IBAN: "FR1420041010050500013M02606", BIC: "BNPAFRPP"}},
		},
	}
}

func TestCreditTransferXMLParsesBack(t *testing.T) {
	ct := sample()
	out, err := ct.XML()
	if err != nil {
		t.Fatal(err)
	}
	var doc Document
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("parse back: %v\n%s", err, out)
	}
	if doc.XMLName.Space != Namespace {
		t.Errorf("namespace %q", doc.XMLName.Space)
	}
	g, p := doc.Init.GrpHdr, doc.Init.PmtInf
	if g.MsgId != "CARAVAN-7-20261129" || g.CreDtTm != "2026-11-29T10:30:00" {
		t.Errorf("header %+v", g)
	}
	if g.NbOfTxs != "3" || p.NbOfTxs != "3" || len(p.CdtTrfTxInf) != 3 {
		t.Errorf("counts: %s %s %d", g.NbOfTxs, p.NbOfTxs, len(p.CdtTrfTxInf))
	}
	var sum int64
	for _, tx := range p.CdtTrfTxInf {
		if tx.InstdAmt.Ccy != "EUR" {
			t.Errorf("currency %q", tx.InstdAmt.Ccy)
		}
		parts := strings.Split(tx.InstdAmt.Value, ".")
		if len(parts) != 2 || len(parts[1]) != 2 {
			t.Fatalf("amount %q has not two decimals", tx.InstdAmt.Value)
		}
		c, err := strconv.ParseInt(parts[0]+parts[1], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		sum += c
		if _, err := ParseIBAN(tx.CdtrAcct.IBAN); err != nil {
			t.Errorf("creditor IBAN %q: %v", tx.CdtrAcct.IBAN, err)
		}
		if tx.CdtrAgt != nil {
			if _, err := ParseBIC(tx.CdtrAgt.BIC); err != nil {
				t.Errorf("creditor BIC: %v", err)
			}
		}
	}
	if sum != 78000+39050+1 || g.CtrlSum != "1170.51" || p.CtrlSum != "1170.51" {
		t.Errorf("sum %d, CtrlSum %s / %s", sum, g.CtrlSum, p.CtrlSum)
	}
	if p.DbtrAcct.IBAN != "ES9121000418450200051332" || p.DbtrAgt.BIC != "CAIXESBBXXX" || p.Dbtr.Nm != "Asociacion Cluster GAIA" {
		t.Errorf("debtor %+v %+v %+v", p.Dbtr, p.DbtrAcct, p.DbtrAgt)
	}
	if p.ReqdExctnDt != "2026-12-01" || p.PmtTpInf.SvcLvl.Cd != "SEPA" || p.ChrgBr != "SLEV" || p.PmtMtd != "TRF" {
		t.Errorf("payment information %+v", p)
	}
	tx := p.CdtTrfTxInf[1]
	if tx.Cdtr.Nm != "Jurgen Gross" || tx.EndToEndId != "CLAIM-2" || tx.CdtrAgt != nil || tx.Ustrd != "Caravan grant" {
		t.Errorf("second transaction %+v", tx)
	}
	if p.CdtTrfTxInf[2].InstdAmt.Value != "0.01" {
		t.Errorf("third amount %q", p.CdtTrfTxInf[2].InstdAmt.Value)
	}
}

func TestCreditTransferRefusesBadInput(t *testing.T) {
	cases := map[string]func(*CreditTransfer){
		"no payments":      func(c *CreditTransfer) { c.Payments = nil },
		"debtor IBAN":      func(c *CreditTransfer) { c.Debtor.IBAN = "ES9121000418450200051333" },
		"debtor BIC":       func(c *CreditTransfer) { c.Debtor.BIC = "CAIX" },
		"creditor IBAN":    func(c *CreditTransfer) { c.Payments[0].Creditor.IBAN = "PL61109010140000071219812875" },
		"creditor BIC":     func(c *CreditTransfer) { c.Payments[0].Creditor.BIC = "WBK1PLPP" },
		"zero amount":      func(c *CreditTransfer) { c.Payments[1].AmountCents = 0 },
		"repeated id":      func(c *CreditTransfer) { c.Payments[1].EndToEndID = "CLAIM-1" },
		"long message id":  func(c *CreditTransfer) { c.MessageID = strings.Repeat("M", 36) },
		"no creditor name": func(c *CreditTransfer) { c.Payments[0].Creditor.Name = "日本" },
	}
	for name, change := range cases {
		ct := sample()
		change(&ct)
		if _, err := ct.XML(); err == nil {
			t.Errorf("%s: XML accepted it", name)
		}
	}
}

func FuzzParseIBAN(f *testing.F) {
	for _, s := range []string{"DE89370400440532013000", "NO9386011117947", "", "XX00", "de89 3704 0044 0532 0130 00", "ĀĀĀĀ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		iban, err := ParseIBAN(s)
		if err != nil {
			if !errors.Is(err, ErrIBAN) {
				t.Fatalf("error %v does not wrap ErrIBAN", err)
			}
			return
		}
		if len(iban) != ibanLengths[iban[:2]] || mod97(iban[4:]+iban[:4]) != 1 {
			t.Fatalf("accepted %q as %q", s, iban)
		}
		again, err := ParseIBAN(iban)
		if err != nil || again != iban {
			t.Fatalf("not idempotent: %q → %q, %v", iban, again, err)
		}
	})
}
