package sepa

import (
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Namespace is the XML namespace of pain.001.001.03.
const Namespace = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"

// Account is a party of a transfer: who pays or who is paid.
type Account struct {
	Name string
	IBAN string
	BIC  string // optional for creditors within SEPA
}

// Payment is one credit transfer to one creditor.
type Payment struct {
	EndToEndID  string // unique reference, at most 35 characters
	AmountCents int64
	Creditor    Account
	Remittance  string // unstructured, at most 140 characters
}

// CreditTransfer is one batch of payments from one debtor account.
type CreditTransfer struct {
	MessageID     string // unique per file, at most 35 characters
	Created       time.Time
	InitiatorName string
	Debtor        Account
	ExecutionDate time.Time // requested execution date
	Payments      []Payment
}

// Amount formats cents as euros with exactly two decimals ("1234.50").
func Amount(cents int64) string {
	return fmt.Sprintf("%d.%02d", cents/100, cents%100)
}

// Transliterate maps s to the SEPA character set (Latin letters, digits,
// space and / - ? : ( ) . , ' +): accents are dropped, other characters
// become a space, and the result is cut to max runes (max <= 0: no limit).
func Transliterate(s string, max int) string {
	var out []rune
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		repl := []rune{r}
		if t, ok := special[r]; ok {
			repl = []rune(t)
		}
		for _, c := range repl {
			if !sepaChar(c) {
				c = ' '
			}
			out = append(out, c)
		}
	}
	if max > 0 && len(out) > max {
		out = out[:max]
	}
	return strings.TrimSpace(string(out))
}

// special holds letters that have no decomposition into a Latin letter.
var special = map[rune]string{
	'ß': "ss", 'Æ': "AE", 'æ': "ae", 'Ø': "O", 'ø': "o", 'Ł': "L", 'ł': "l",
	'Đ': "D", 'đ': "d", 'Þ': "Th", 'þ': "th", 'Œ': "OE", 'œ': "oe", 'ı': "i",
	'&': "+",
}

func sepaChar(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		return true
	}
	return strings.ContainsRune(" /-?:().,'+", r)
}

// Validate checks the transfer before it is written.
func (t CreditTransfer) Validate() error {
	if t.MessageID == "" || len(t.MessageID) > 35 {
		return errors.New("message id must have 1 to 35 characters")
	}
	if len(t.Payments) == 0 {
		return errors.New("a credit transfer needs at least one payment")
	}
	if strings.TrimSpace(t.Debtor.Name) == "" {
		return errors.New("debtor name is missing")
	}
	if _, err := ParseIBAN(t.Debtor.IBAN); err != nil {
		return fmt.Errorf("debtor: %w", err)
	}
	if _, err := ParseBIC(t.Debtor.BIC); err != nil {
		return fmt.Errorf("debtor: %w", err)
	}
	seen := map[string]bool{}
	for i, p := range t.Payments {
		if p.EndToEndID == "" || len(p.EndToEndID) > 35 {
			return fmt.Errorf("payment %d: end-to-end id must have 1 to 35 characters", i+1)
		}
		if seen[p.EndToEndID] {
			return fmt.Errorf("payment %d: end-to-end id %s repeated", i+1, p.EndToEndID)
		}
		seen[p.EndToEndID] = true
		if p.AmountCents <= 0 || p.AmountCents > 99999999999 {
			return fmt.Errorf("payment %d: amount must be between 0.01 and 999999999.99", i+1)
		}
		if strings.TrimSpace(Transliterate(p.Creditor.Name, 70)) == "" {
			return fmt.Errorf("payment %d: creditor name is missing", i+1)
		}
		if _, err := ParseIBAN(p.Creditor.IBAN); err != nil {
			return fmt.Errorf("payment %d: %w", i+1, err)
		}
		if p.Creditor.BIC != "" {
			if _, err := ParseBIC(p.Creditor.BIC); err != nil {
				return fmt.Errorf("payment %d: %w", i+1, err)
			}
		}
	}
	return nil
}

// Total is the sum of the payments in cents.
func (t CreditTransfer) Total() int64 {
	var sum int64
	for _, p := range t.Payments {
		sum += p.AmountCents
	}
	return sum
}

// The document structure of pain.001.001.03, in schema order.
type (
	Document struct {
		XMLName xml.Name   `xml:"Document"`
		Xmlns   string     `xml:"xmlns,attr"`
		Init    Initiation `xml:"CstmrCdtTrfInitn"`
	}
	Initiation struct {
		GrpHdr GroupHeader        `xml:"GrpHdr"`
		PmtInf PaymentInformation `xml:"PmtInf"`
	}
	GroupHeader struct {
		MsgId    string `xml:"MsgId"`
		CreDtTm  string `xml:"CreDtTm"`
		NbOfTxs  string `xml:"NbOfTxs"`
		CtrlSum  string `xml:"CtrlSum"`
		InitgPty Party  `xml:"InitgPty"`
	}
	Party struct {
		Nm string `xml:"Nm"`
	}
	PaymentInformation struct {
		PmtInfId    string        `xml:"PmtInfId"`
		PmtMtd      string        `xml:"PmtMtd"`
		BtchBookg   string        `xml:"BtchBookg"`
		NbOfTxs     string        `xml:"NbOfTxs"`
		CtrlSum     string        `xml:"CtrlSum"`
		PmtTpInf    PaymentType   `xml:"PmtTpInf"`
		ReqdExctnDt string        `xml:"ReqdExctnDt"`
		Dbtr        Party         `xml:"Dbtr"`
		DbtrAcct    CashAccount   `xml:"DbtrAcct"`
		DbtrAgt     Agent         `xml:"DbtrAgt"`
		ChrgBr      string        `xml:"ChrgBr"`
		CdtTrfTxInf []Transaction `xml:"CdtTrfTxInf"`
	}
	PaymentType struct {
		SvcLvl struct {
			Cd string `xml:"Cd"`
		} `xml:"SvcLvl"`
	}
	CashAccount struct {
		IBAN string `xml:"Id>IBAN"`
	}
	Agent struct {
		BIC string `xml:"FinInstnId>BIC"`
	}
	Transaction struct {
		EndToEndId string           `xml:"PmtId>EndToEndId"`
		InstdAmt   InstructedAmount `xml:"Amt>InstdAmt"`
		CdtrAgt    *Agent           `xml:"CdtrAgt,omitempty"`
		Cdtr       Party            `xml:"Cdtr"`
		CdtrAcct   CashAccount      `xml:"CdtrAcct"`
		Ustrd      string           `xml:"RmtInf>Ustrd,omitempty"`
	}
	InstructedAmount struct {
		Ccy   string `xml:"Ccy,attr"`
		Value string `xml:",chardata"`
	}
)

// XML writes the transfer as a pain.001.001.03 document after validating it.
func (t CreditTransfer) XML() ([]byte, error) {
	if err := t.Validate(); err != nil {
		return nil, fmt.Errorf("credit transfer: %w", err)
	}
	debtorIBAN, _ := ParseIBAN(t.Debtor.IBAN)
	debtorBIC, _ := ParseBIC(t.Debtor.BIC)
	initiator := t.InitiatorName
	if initiator == "" {
		initiator = t.Debtor.Name
	}
	count := fmt.Sprint(len(t.Payments))
	sum := Amount(t.Total())
	pi := PaymentInformation{
		PmtInfId:    Transliterate(t.MessageID, 35),
		PmtMtd:      "TRF",
		BtchBookg:   "true",
		NbOfTxs:     count,
		CtrlSum:     sum,
		ReqdExctnDt: t.ExecutionDate.Format("2006-01-02"),
		Dbtr:        Party{Nm: Transliterate(t.Debtor.Name, 70)},
		DbtrAcct:    CashAccount{IBAN: debtorIBAN},
		DbtrAgt:     Agent{BIC: debtorBIC},
		ChrgBr:      "SLEV",
	}
	pi.PmtTpInf.SvcLvl.Cd = "SEPA"
	for _, p := range t.Payments {
		iban, _ := ParseIBAN(p.Creditor.IBAN)
		tx := Transaction{
			EndToEndId: Transliterate(p.EndToEndID, 35),
			InstdAmt:   InstructedAmount{Ccy: "EUR", Value: Amount(p.AmountCents)},
			Cdtr:       Party{Nm: Transliterate(p.Creditor.Name, 70)},
			CdtrAcct:   CashAccount{IBAN: iban},
			Ustrd:      Transliterate(p.Remittance, 140),
		}
		if p.Creditor.BIC != "" {
			bic, _ := ParseBIC(p.Creditor.BIC)
			tx.CdtrAgt = &Agent{BIC: bic}
		}
		pi.CdtTrfTxInf = append(pi.CdtTrfTxInf, tx)
	}
	doc := Document{
		Xmlns: Namespace,
		Init: Initiation{
			GrpHdr: GroupHeader{
				MsgId:    Transliterate(t.MessageID, 35),
				CreDtTm:  t.Created.UTC().Format("2006-01-02T15:04:05"),
				NbOfTxs:  count,
				CtrlSum:  sum,
				InitgPty: Party{Nm: Transliterate(initiator, 70)},
			},
			PmtInf: pi,
		},
	}
	out, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("credit transfer: %w", err)
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}
