package extract

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chokepoint/chokepoint/data"
	"github.com/chokepoint/chokepoint/loaders"
)

var (
	curatedOnce sync.Once
	curatedX    *Extractor
)

// curatedX matches against the curated graph.
func curated(t *testing.T) *Extractor {
	t.Helper()
	curatedOnce.Do(func() {
		g, err := loaders.ReadFS(data.FS)
		if err != nil {
			t.Fatal(err)
		}
		curatedX = New(g)
	})
	return curatedX
}

// extractText reads text as an article published on pub.
func extractText(t *testing.T, text, pub string) *Result {
	t.Helper()
	a := &Article{Name: "t.txt", URL: "https://example.org/t", Published: pub, Title: "T", Text: text, Format: "txt"}
	a.paras = paragraphs(text)
	return curated(t).Extract(a)
}

func sentencesOf(text string) []string {
	var out []string
	for _, s := range splitSentences(text, paragraphs(text)) {
		out = append(out, text[s.start:s.end])
	}
	return out
}

func TestSentences(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"Announcement No. 61 took effect on Dec. 1. Parts apply from Nov. 8.", []string{"Announcement No. 61 took effect on Dec. 1.", "Parts apply from Nov. 8."}},
		{`"We welcome it. We want more," Gill said. He left.`, []string{`"We welcome it. We want more," Gill said.`, "He left."}},
		{"The U.S. Geological Survey said so. The U.S. The end.", []string{"The U.S. Geological Survey said so.", "The U.S.", "The end."}},
		{"Talks with J. Smith went on? Yes! Output was 3.5 t.", []string{"Talks with J. Smith went on?", "Yes!", "Output was 3.5 t."}},
		{"Headline without a stop\n\nFirst paragraph. Second one.", []string{"Headline without a stop", "First paragraph.", "Second one."}},
		{"“It is done.” Then silence.", []string{"“It is done.”", "Then silence."}},
	} {
		if got := sentencesOf(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("%q\n got %q\nwant %q", tc.text, got, tc.want)
		}
	}
}

func TestDates(t *testing.T) {
	pub, _ := parseDay("2025-11-04") // a Tuesday
	for _, tc := range []struct {
		text string
		want []string // date and preposition
	}{
		{"they met on Friday", []string{"2025-10-31 on"}},
		{"he wrote early Saturday", []string{"2025-11-01 "}},
		{"the Commission said Tuesday", []string{"2025-11-04 "}},
		{"said on Monday morning and yesterday", []string{"2025-11-03 on", "2025-11-03 and"}},
		{"issued on Oct. 9 and effective Nov. 8, 2025", []string{"2025-10-09 on", "2025-11-08 "}},
		{"on 9 October 2025 and 24 July", []string{"2025-10-09 on", "2025-07-24 and"}},
		{"the controls of April 4 and those announced in October", []string{"2025-04-04 of", "2025-10 in"}},
		{"last month, last year and last December", []string{"2025-10 ", "2024 ", "2024-12 and"}},
		{"until Nov. 10, 2026, from 2025-11-07", []string{"2026-11-10 until", "2025-11-07 from"}},
		{"in 2024 and between 2020 and 2023", []string{"2024 in", "2020 between", "2023 and"}},
		{"they may meet in May", []string{"2025-05 in"}},
		// a month alone is the one nearest the article's date, a month
		// ahead counting as three back
		{"in January", []string{"2026-01 in"}},
		{"in March", []string{"2025-03 in"}},
		{"in December", []string{"2025-12 in"}},
	} {
		toks := tokenize(tc.text, 0, len(tc.text))
		var got []string
		for _, dm := range findDates(toks, pub, 0) {
			got = append(got, dm.d.String()+" "+dm.prep)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: got %q, want %q", tc.text, got, tc.want)
		}
	}
	// A year the paragraph gave holds for the dates after it.
	text := "October 2023: controls were announced on Oct. 20 and took effect on Dec. 1."
	var got []string
	for _, dm := range findDates(tokenize(text, 0, len(text)), pub, 0) {
		got = append(got, dm.d.String())
	}
	if want := []string{"2023-10", "2023-10-20", "2023-12-01"}; !slices.Equal(got, want) {
		t.Errorf("year context: got %q, want %q", got, want)
	}
}

func TestFigures(t *testing.T) {
	pub, _ := parseDay("2025-11-04")
	for _, tc := range []struct {
		text string
		want []string // value unit per measure period
	}{
		{"The deficit was about €300 billion ($345 billion) last year.", []string{"300 EUR bn  deficit last year", "345 USD bn  deficit last year"}},
		{"Trade is worth about €2.3 billion ($2.7 billion) a day.", []string{"2.3 EUR bn day trade ", "2.7 USD bn day trade "}},
		{"It relies on China for about 99% of supply, or 98 per cent, or 97 percent.", []string{"99 %  supply ", "98 %  supply ", "97 %  supply "}},
		{"China mined 270,000 tonnes of rare-earth oxide in 2024.", []string{"270000 t REO  mined in 2024"}},
		{"Reserves of 44 million tonnes and 6.9 million metric tons.", []string{"44000000 t  reserves ", "6900000 t  reserves "}},
		{"Each jet holds more than 417 kg.", []string{"417 kg   "}},
		{"The fund has 5 billion yuan, EUR 3bn and £2m.", []string{"5 CNY bn   ", "3 EUR bn   ", "0.002 GBP bn   "}},
		{"Imports were worth 1.5 billion euros and 2 million dollars.", []string{"1.5 EUR bn  imports ", "0.002 USD bn  imports "}},
		{"A 12-month pause on batteries of 300 Wh/kg, rates up 2 percentage points.", nil},
	} {
		toks := tokenize(tc.text, 0, len(tc.text))
		var got []string
		for _, f := range findFigures(toks, pub) {
			got = append(got, fmt.Sprintf("%s %s %s %s %s", strconv.FormatFloat(f.value, 'f', -1, 64), f.unit, f.per, f.measure, f.period))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q:\n got %q\nwant %q", tc.text, got, tc.want)
		}
	}
}

// names returns the ids of the entities an article names.
func names(r *Result) []string {
	var out []string
	for _, m := range r.Mentions {
		out = append(out, m.ID)
	}
	slices.Sort(out)
	return out
}

func TestGazetteer(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		// diacritics, case and possessives
		{"Maros Sefcovic met MAROŠ ŠEFČOVIČ's team in the EU's capital.", []string{"country:eu", "official:maros-sefcovic"}},
		// short acronyms by their exact case: Eu is europium's symbol, not the EU
		{"Eu and Dy are symbols; He said As much.", nil},
		// a one-word name of a body only with its capital
		{"A commission of 5% went to the Commission.", []string{"institution:european-commission"}},
		// short forms of official names
		{"China's commerce ministry, the Ministry of Commerce, and the General Administration of Customs.",
			[]string{"country:cn", "institution:gac", "institution:mofcom"}},
		{"The Bureau of Industry and Security and the U.S. Geological Survey.", []string{"institution:us-bis", "institution:usgs"}},
		// plurals and adjectives of common nouns
		{"Rare-earth magnets need rare earths, in semiconductors and lithium-ion batteries.",
			[]string{"group:rare-earth-elements", "group:rare-earth-magnets", "group:semiconductors", "product:li-ion-battery"}},
		// a proper name that starts with a common noun's words is not it
		{"The Critical Raw Materials Act lists critical raw materials.", []string{"group:eu-crma-critical"}},
		// a family name after the full name; not before it
		{"Gill spoke. Olof Gill spoke. Gill spoke again.", []string{"official:olof-gill"}},
		// groups of people are no organisations
		{"Analysts said the EU was right. Officials agreed.", []string{"country:eu"}},
		// metonyms the graph does not list are not names
		{"Brussels and Beijing and the bloc talked.", nil},
	} {
		r := extractText(t, tc.text, "2025-11-04")
		got := names(r)
		want := slices.Clone(tc.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q:\n got %q\nwant %q", tc.text, got, want)
		}
	}
	r := extractText(t, "Gill spoke. Olof Gill spoke. Gill spoke again.", "2025-11-04")
	if len(r.Mentions) != 1 || r.Mentions[0].Count != 2 {
		t.Errorf("Olof Gill named twice, found %+v", r.Mentions)
	}
}

func TestRoles(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string // person @ org (role), known or new
	}{
		{"Chinese Commerce Minister Wang Wentao spoke.", []string{"official:wang-wentao @ institution:mofcom (Commerce Minister) known"}},
		{"European Commission spokesperson Olof Gill spoke.", []string{"official:olof-gill @ institution:european-commission (spokesperson) known"}},
		{"The bloc's trade chief Maroš Šefčovič spoke.", []string{"official:maros-sefcovic @ institution:european-commission (trade chief) known"}},
		{"U.S. President Donald Trump spoke.", []string{"official:donald-trump @ country:us (President) new"}},
		{"Maroš Šefčovič, the EU's commissioner for trade and economic security, wrote.",
			[]string{"official:maros-sefcovic @ institution:european-commission (commissioner for trade and economic security) known"}},
		{"Commission spokesperson Arianna Podestà said so.", []string{"official:arianna-podesta @ institution:european-commission (spokesperson) new"}},
		{"The talks were led by Jane Roe of the European Commission's trade department.",
			[]string{"official:jane-roe @ institution:european-commission (trade department) new"}},
		// a post the graph gives a person in a body of the organisation named
		{"The talks were led by Denis Redonnet of the European Commission's trade department.",
			[]string{"official:denis-redonnet @ institution:dg-trade (trade department) known"}},
		{"President Donald Trump spoke.", nil},
	} {
		r := extractText(t, tc.text, "2025-11-04")
		var got []string
		for _, ro := range r.Roles {
			status := "new"
			if ro.Known {
				status = "known"
			}
			got = append(got, fmt.Sprintf("%s @ %s (%s) %s", ro.Person, ro.Org, ro.Role, status))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q:\n got %q\nwant %q", tc.text, got, tc.want)
		}
	}
}

func TestStatements(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string // speaker | date | text
	}{
		{`"We welcome the suspension," Olof Gill said on Friday.`, []string{"official:olof-gill|2025-10-31|We welcome the suspension"}},
		{`"We welcome it," said Olof Gill, the Commission's spokesperson.`, []string{"official:olof-gill|2025-11-04|We welcome it"}},
		{`Olof Gill said: "We welcome it and want a stable system."`, []string{"official:olof-gill|2025-11-04|We welcome it and want a stable system."}},
		{"The EU and China agreed to work together, the European Commission said Tuesday.", []string{"institution:european-commission|2025-11-04|The EU and China agreed to work together"}},
		{"Maroš Šefčovič, the EU's trade chief, wrote on X early Saturday that the talks had been held at senior official level.",
			[]string{"official:maros-sefcovic|2025-11-01|the talks had been held at senior official level"}},
		// a pronoun is the last speaker; a quotation alone continues them
		{"Olof Gill said on Monday the EU was ready. He said the EU wanted a system. \"It must be stable.\"",
			[]string{"official:olof-gill|2025-11-03|the EU was ready", "official:olof-gill|2025-11-03|the EU wanted a system", "official:olof-gill|2025-11-03|It must be stable."}},
		{"China produced 270,000 tonnes, according to the U.S. Geological Survey.", []string{"institution:usgs|2025-11-04|China produced 270,000 tonnes"}},
		{"The Commission put that share at 98% in July.", []string{"institution:european-commission|2025-07|that share at 98% in July"}},
		// the date of the clause is not the statement's
		{"The ministry met them on Friday, Xinhua reported.", []string{"institution:xinhua|2025-11-04|The ministry met them on Friday"}},
		// a capitalised "He" inside a sentence is a name; the date before the
		// clause's "that" is the statement's
		{"China's Ministry of Commerce spokesperson He Yadong told a regular briefing on Thursday that Beijing would keep its controls under review.",
			[]string{"official:he-yadong|2025-10-30|Beijing would keep its controls under review"}},
		// a week is no day
		{"The Ministry of Commerce said last week that exporters could apply.", []string{"institution:mofcom||exporters could apply"}},
		// "added" with an object is no speech; "announced" without a clause is an event
		{"The ministry added holmium to the list and announced new controls on Thursday.", nil},
	} {
		r := extractText(t, tc.text, "2025-11-04")
		var got []string
		for _, s := range r.Statements {
			got = append(got, s.Speaker+"|"+s.DateString()+"|"+s.Text)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q:\n got %q\nwant %q", tc.text, got, tc.want)
		}
	}
}

func TestEvents(t *testing.T) {
	for _, tc := range []struct {
		text, pub string
		want      []string // id-or-new class date [participants] place
	}{
		{"Maroš Šefčovič and Wang Wentao met in Brussels on Friday, the Associated Press reported.", "2025-11-04",
			[]string{"event:eu-china-talks-2025-10-31 meeting 2025-10-31 [official:maros-sefcovic official:wang-wentao] Brussels"}},
		{"Šefčovič held a call with Wang Wentao on Tuesday.", "2025-10-22", []string{"event:sefcovic-wang-call-2025-10-21 call 2025-10-21 [official:wang-wentao] "}},
		{"Donald Trump and Xi Jinping met in Busan, South Korea, on Thursday, weeks after China widened its controls.", "2025-10-31",
			[]string{"event:trump-xi-busan-2025-10-30 meeting 2025-10-30 [official:donald-trump official:xi-jinping] Busan"}},
		{"Announcement No. 70, published by the ministry of MOFCOM fame on Friday, suspends them.", "2025-11-08",
			[]string{"new announcement 2025-11-07 [institution:mofcom] "}},
		{"The controls were announced in April and October.", "2025-11-04", []string{"new announcement 2025-04 [] ", "new announcement 2025-10 [] "}},
		{"The meeting came a month after the rule took effect on Sept. 29.", "2025-10-31", nil},
	} {
		r := extractText(t, tc.text, tc.pub)
		var got []string
		for _, e := range r.Events {
			id := e.ID
			if !e.Known {
				id = "new"
			}
			got = append(got, fmt.Sprintf("%s %s %s %v %s", id, e.Class(), e.DateString(), e.Participants, e.Place))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q:\n got %q\nwant %q", tc.text, got, tc.want)
		}
	}
}

func TestControls(t *testing.T) {
	oct := "control:mofcom-2025-55 control:mofcom-2025-56 control:mofcom-2025-57 control:mofcom-2025-58 control:mofcom-2025-61 control:mofcom-2025-62"
	for _, tc := range []struct {
		text, pub string
		want      string
	}{
		{"MOFCOM Announcement No. 61 [2025] applies.", "2025-11-04", "control:mofcom-2025-61"},
		{"Announcements No. 55 to 58 and Nos. 61 and 62 are paused.", "2025-11-04", oct},
		{"The second clause of last December's Announcement No. 46 is suspended.", "2025-11-10", "control:mofcom-2024-46 control:mofcom-2024-46-clause-2"},
		{"Announcement No. 23 covers gallium.", "2025-11-04", "control:mofcom-2023-23"},
		{"The October export controls remain.", "2025-11-04", oct},
		// a verb that suspends brings the suspension
		{"The October export controls are paused.", "2025-11-20", oct + " control:mofcom-2025-70"},
		{"China's October export controls on rare earths remain.", "2025-11-04",
			"control:mofcom-2025-56 control:mofcom-2025-57 control:mofcom-2025-61 control:mofcom-2025-62"},
		{"The controls of April 4 remain.", "2025-11-04", "control:mofcom-2025-18"},
		{"The EU welcomed China's 12-month suspension.", "2025-11-08", "control:mofcom-2025-70"},
		{"Washington suspended its Affiliates Rule.", "2025-11-10", "control:bis-affiliates-rule control:bis-affiliates-rule-suspension"},
		{"The ministry said it would grant exemptions.", "2025-11-02", "control:mofcom-nexperia-exemptions"},
		// a month without its year, after the article's date, is last year's
		{"The suspension of the December measures lasts a year.", "2025-11-09", "control:mofcom-2024-46-clause-2 control:mofcom-2025-72"},
		// too vague to name a control
		{"China tightened its export controls on rare earths. The pause helps.", "2025-11-20", ""},
	} {
		r := extractText(t, tc.text, tc.pub)
		var got []string
		for _, c := range r.Controls {
			got = append(got, c.IDs...)
		}
		got = uniqueSorted(got)
		if strings.Join(got, " ") != tc.want {
			t.Errorf("%q:\n got %q\nwant %q", tc.text, strings.Join(got, " "), tc.want)
		}
	}
}
