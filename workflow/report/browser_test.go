package report

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"incidentbot/workflow"
	"incidentbot/workflow/report/reporttest"
)

// browserEnv names the Chromium the HTML report is checked in. CI sets it
// (.ci/run installs Debian's chromium and fonts-noto-cjk); without it the
// browser test is skipped, so go test passes on a machine without one.
const browserEnv = "INCIDENTBOT_CHROMIUM"

// browserOut, when set, names a directory the rendered PNGs and PDFs are
// kept in, to look at.
const browserOut = "INCIDENTBOT_BROWSER_OUT"

// TestHTMLInBrowser opens HTML reports in a real Chromium, headless, through
// the DevTools protocol: the page loads without a single console error
// (its Content-Security-Policy forbids anything from outside, so a stray
// font, image or script would be one), the SVG chart is there with one
// <g data-phase> group per phase the incident went through, and the page
// prints to PDF on A4 in the number of pages it took when it was checked by
// eye (the summary alone on the first). The screenshots and PDFs are kept
// in $INCIDENTBOT_BROWSER_OUT when that is set.
func TestHTMLInBrowser(t *testing.T) {
	chromium := os.Getenv(browserEnv)
	if chromium == "" {
		t.Skip(browserEnv + " is not set: the HTML report is not checked in a browser. " +
			"Install Chromium (Debian: apt-get install chromium fonts-noto-cjk) and set " + browserEnv + "=/usr/bin/chromium; .ci/run does both.")
	}
	out := os.Getenv(browserOut)
	if out == "" {
		out = t.TempDir()
	}
	_, long, err := reporttest.Long(600)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		events []workflow.Event
		lang   workflow.Lang
		pages  int
	}{
		{"session-en", session(t).events, workflow.English, 4},
		{"ja-ja", jaSession(t).events, workflow.Japanese, 5},
		{"drill-ja", drillSession(t).events, workflow.Japanese, 5},
		{"hostile-en", hostileSession(t).events, workflow.English, 7},
		{"vendors-ja", vendorSession(t).events, workflow.Japanese, 4},
		{"voice-en", voiceSession(t).events, workflow.English, 7},
		{"voice-ja", voiceSession(t).events, workflow.Japanese, 6},
		{"practice-ja", practiceSession(t).events, workflow.Japanese, 7},
		{"practice-en", practiceSession(t).events, workflow.English, 7},
		{"long-en", long, workflow.English, 52},
	}
	b := startBrowser(t, chromium)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inc := fold(t, tc.events)
			var html bytes.Buffer
			if err := Write(&html, FormatHTML, inc, workflow.EventList(tc.events), Options{Lang: tc.lang, Location: jst}); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(out, tc.name+".html")
			if err := os.WriteFile(file, html.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			shot := b.open(t, "file://"+file)

			if len(shot.wide) > 0 {
				t.Errorf("wider than an A4 page, cut off when printed: %q", shot.wide)
			}
			if len(shot.errors) > 0 {
				t.Errorf("the page logged errors:\n%s", strings.Join(shot.errors, "\n"))
			}
			if shot.svgs < 1 {
				t.Errorf("no SVG chart on the page")
			}
			var want []string
			r := build(t, tc.events)
			for _, tot := range r.Phases.Totals {
				want = append(want, string(tot.Phase))
			}
			if !slices.Equal(shot.phases, want) {
				t.Errorf("the chart's phase groups are %v, want one per phase %v", shot.phases, want)
			}
			if err := os.WriteFile(filepath.Join(out, tc.name+".png"), shot.png, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(out, tc.name+".pdf"), shot.pdf, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(out, tc.name+"-print.png"), shot.print, 0o644); err != nil {
				t.Fatal(err)
			}
			for i, tile := range shot.tiles {
				if err := os.WriteFile(filepath.Join(out, fmt.Sprintf("%s-%d.png", tc.name, i+1)), tile, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if n := pdfPages(shot.pdf); n != tc.pages {
				t.Errorf("printed on %d A4 pages, want %d (see %s)", n, tc.pages, filepath.Join(out, tc.name+".pdf"))
			}
			if w, h := shot.pageSize(); w < 590 || w > 600 || h < 837 || h > 847 {
				t.Errorf("the PDF's pages are %.0f×%.0f points, not A4 (595×842)", w, h)
			}
		})
	}
}

// browser is a headless Chromium driven through the DevTools protocol.
type browser struct {
	ws   *websocket.Conn
	next int
}

// shot is what the browser made of one page.
type shot struct {
	errors []string
	svgs   int
	phases []string
	png    []byte
	pdf    []byte
	tiles  [][]byte // the page in screens 1000 pixels high, to look at
	print  []byte   // the first printed page, about
	wide   []string // what is wider than a printed page
}

// pageSize is the MediaBox of the PDF's first page, in points.
func (s shot) pageSize() (float64, float64) {
	m := regexp.MustCompile(`/MediaBox \[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]`).FindSubmatch(s.pdf)
	if m == nil {
		return 0, 0
	}
	var w, h float64
	fmt.Sscan(string(m[1]), &w)
	fmt.Sscan(string(m[2]), &h)
	return w, h
}

// pdfPages counts the page objects of a PDF.
func pdfPages(pdf []byte) int {
	return len(regexp.MustCompile(`/Type\s*/Page\b`).FindAll(pdf, -1))
}

func startBrowser(t *testing.T, chromium string) *browser {
	t.Helper()
	profile, err := os.MkdirTemp("", "incidentbot-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
		"--user-data-dir="+profile, "--remote-debugging-port=0", "about:blank")
	// Its own process group, so its helper processes end with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", chromium, err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
		_ = os.RemoveAll(profile)
	})
	// Chromium says where its DevTools listen on standard error.
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "DevTools listening on "); ok {
				found <- u
			}
		}
	}()
	var url string
	select {
	case url = <-found:
	case <-time.After(60 * time.Second): // only guards against a hang
		t.Fatal("chromium did not start its DevTools")
	}
	ws, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	return &browser{ws: ws}
}

// message is a DevTools message: an answer (ID) or an event (Method).
type message struct {
	ID        int             `json:"id"`
	Method    string          `json:"method"`
	SessionID string          `json:"sessionId"`
	Params    json.RawMessage `json:"params"`
	Result    json.RawMessage `json:"result"`
	Error     *struct {
		Message string `json:"message"`
	} `json:"error"`
}

// call sends a command and reads until its answer; the events read on the
// way go to onEvent.
func (b *browser) call(t *testing.T, session, method string, params any, onEvent func(message)) json.RawMessage {
	t.Helper()
	b.next++
	id := b.next
	req := map[string]any{"id": id, "method": method, "params": params}
	if session != "" {
		req["sessionId"] = session
	}
	if err := b.ws.WriteJSON(req); err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	for {
		var m message
		if err := b.ws.ReadJSON(&m); err != nil {
			t.Fatalf("%s: %v", method, err)
		}
		if m.ID == id {
			if m.Error != nil {
				t.Fatalf("%s: %s", method, m.Error.Message)
			}
			return m.Result
		}
		if m.Method != "" && onEvent != nil {
			onEvent(m)
		}
	}
}

// open loads url in a new tab, waits for it to load, and takes what the
// test checks: errors logged, the chart's groups, a screenshot of the whole
// page, the PDF.
func (b *browser) open(t *testing.T, url string) shot {
	t.Helper()
	var s shot
	loaded := false
	on := func(m message) {
		switch m.Method {
		case "Page.loadEventFired":
			loaded = true
		case "Runtime.exceptionThrown":
			s.errors = append(s.errors, "exception: "+string(m.Params))
		case "Runtime.consoleAPICalled":
			var p struct {
				Type string `json:"type"`
			}
			_ = json.Unmarshal(m.Params, &p)
			if p.Type == "error" || p.Type == "assert" || p.Type == "warning" {
				s.errors = append(s.errors, "console: "+string(m.Params))
			}
		case "Log.entryAdded":
			var p struct {
				Entry struct {
					Level, Text, URL string
				} `json:"entry"`
			}
			_ = json.Unmarshal(m.Params, &p)
			if p.Entry.Level == "error" || p.Entry.Level == "warning" {
				s.errors = append(s.errors, "log: "+p.Entry.Text+" "+p.Entry.URL)
			}
		}
	}
	var target struct {
		TargetID string `json:"targetId"`
	}
	json.Unmarshal(b.call(t, "", "Target.createTarget", map[string]any{"url": "about:blank"}, nil), &target)
	var attached struct {
		SessionID string `json:"sessionId"`
	}
	json.Unmarshal(b.call(t, "", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, nil), &attached)
	sess := attached.SessionID
	defer b.call(t, "", "Target.closeTarget", map[string]any{"targetId": target.TargetID}, nil)
	for _, m := range []string{"Page.enable", "Runtime.enable", "Log.enable"} {
		b.call(t, sess, m, map[string]any{}, on)
	}
	b.call(t, sess, "Emulation.setDeviceMetricsOverride", map[string]any{"width": 1100, "height": 1400, "deviceScaleFactor": 1, "mobile": false}, on)
	b.call(t, sess, "Page.navigate", map[string]any{"url": url}, on)
	for !loaded {
		var m message
		if err := b.ws.ReadJSON(&m); err != nil {
			t.Fatal(err)
		}
		on(m)
	}
	// Fonts are loaded before anything is measured or drawn.
	b.call(t, sess, "Runtime.evaluate", map[string]any{"expression": "document.fonts.ready.then(() => true)", "awaitPromise": true}, on)
	var ev struct {
		Result struct {
			Value string `json:"value"`
		} `json:"result"`
	}
	json.Unmarshal(b.call(t, sess, "Runtime.evaluate", map[string]any{"returnByValue": true,
		"expression": `JSON.stringify({svgs: document.querySelectorAll("svg").length, phases: [...document.querySelectorAll("svg g[data-phase]")].map(g => g.dataset.phase), height: document.documentElement.scrollHeight})`}, on), &ev)
	var page struct {
		SVGs   int      `json:"svgs"`
		Phases []string `json:"phases"`
		Height float64  `json:"height"`
	}
	if err := json.Unmarshal([]byte(ev.Result.Value), &page); err != nil {
		t.Fatalf("evaluate: %v (%s)", err, ev.Result.Value)
	}
	s.svgs, s.phases = page.SVGs, page.Phases
	var img struct {
		Data string `json:"data"`
	}
	json.Unmarshal(b.call(t, sess, "Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true,
		"clip": map[string]any{"x": 0, "y": 0, "width": 1100, "height": min(page.Height, 4000), "scale": 1}}, on), &img)
	s.png, _ = base64.StdEncoding.DecodeString(img.Data)
	for y := 0.0; y < page.Height && len(s.tiles) < 8; y += 1000 {
		json.Unmarshal(b.call(t, sess, "Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true,
			"clip": map[string]any{"x": 0, "y": y, "width": 1100, "height": min(1000, page.Height-y), "scale": 1}}, on), &img)
		tile, _ := base64.StdEncoding.DecodeString(img.Data)
		s.tiles = append(s.tiles, tile)
	}
	// The first printed page, roughly: print styles at the width of A4
	// without its margins (184 mm), 273 mm high.
	b.call(t, sess, "Emulation.setEmulatedMedia", map[string]any{"media": "print"}, on)
	b.call(t, sess, "Emulation.setDeviceMetricsOverride", map[string]any{"width": 695, "height": 1032, "deviceScaleFactor": 1.5, "mobile": false}, on)
	json.Unmarshal(b.call(t, sess, "Page.captureScreenshot", map[string]any{"format": "png"}, on), &img)
	s.print, _ = base64.StdEncoding.DecodeString(img.Data)
	json.Unmarshal(b.call(t, sess, "Runtime.evaluate", map[string]any{"returnByValue": true,
		"expression": `JSON.stringify([...document.querySelectorAll("table, svg, p, ul, h1, h2, h3, figure")].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map(e => e.tagName + " " + Math.round(e.getBoundingClientRect().right) + " " + (e.previousElementSibling ? e.previousElementSibling.textContent.slice(0, 40) : "")))`}, on), &ev)
	var wide []string
	_ = json.Unmarshal([]byte(ev.Result.Value), &wide)
	s.wide = wide
	b.call(t, sess, "Emulation.setEmulatedMedia", map[string]any{"media": ""}, on)
	var pdf struct {
		Data string `json:"data"`
	}
	json.Unmarshal(b.call(t, sess, "Page.printToPDF", map[string]any{"printBackground": true, "preferCSSPageSize": true}, on), &pdf)
	s.pdf, _ = base64.StdEncoding.DecodeString(pdf.Data)
	if len(s.png) == 0 || len(s.pdf) == 0 {
		t.Fatal("no screenshot or no PDF")
	}
	return s
}
