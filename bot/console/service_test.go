package console

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"incidentbot/storage/sqlite/sqlitetest"
	"incidentbot/workflow"
)

// The console on the real service and store: reports, \as and private
// incidents.
func TestRealService(t *testing.T) {
	db, _ := sqlitetest.Open(t)
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	svc := workflow.NewService(workflow.Options{Store: db, Location: tokyo, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	var out bytes.Buffer
	c := &Console{
		Service: svc, In: strings.NewReader(strings.Join([]string{
			"open high disk full --private",
			"log cleaned /tmp",
			"report",
			"report json",
			`\as mallory`,
			"show #1",
			"report #1",
			`\as operator`,
			"report #1 md",
		}, "\n")),
		Out: &out, As: "operator", Location: tokyo, Lang: workflow.Japanese,
	}
	if err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	bs := strings.Split(strings.TrimSuffix(out.String(), "\n\n"), "\n\nincident> ")
	if len(bs) != 9 {
		t.Fatalf("%d blocks:\n%s", len(bs), out.String())
	}
	if !strings.Contains(bs[2], "# インシデント報告書 #1: disk full") || !strings.Contains(bs[2], "Asia/Tokyo") || !strings.Contains(bs[2], "cleaned /tmp") {
		t.Errorf("Markdown report:\n%s", bs[2])
	}
	js := bs[3][strings.Index(bs[3], "{"):]
	var rep struct {
		Summary struct{ Title string }
	}
	if err := json.Unmarshal([]byte(js), &rep); err != nil || rep.Summary.Title != "disk full" {
		t.Errorf("JSON report (%v):\n%s", err, js)
	}
	for _, i := range []int{5, 6} {
		if !strings.Contains(bs[i], "インシデント#1は見つかりません") || strings.Contains(bs[i], "disk full") {
			t.Errorf("mallory sees the private incident:\n%s", bs[i])
		}
	}
	if !strings.Contains(bs[8], "# インシデント報告書 #1: disk full") {
		t.Errorf("operator's report:\n%s", bs[8])
	}
}
