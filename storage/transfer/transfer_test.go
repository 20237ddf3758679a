package transfer

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"incidentbot/runbooks"
	"incidentbot/storage/postgres"
	"incidentbot/storage/postgres/postgrestest"
	"incidentbot/storage/sqlite"
	"incidentbot/workflow"
)

// datum is a personal datum pasted into a note and then redacted.
const datum = "hanako@example.com"

// quiet is the logger of the service and the copy: the tests read what they
// return, not what they log.
var quiet = slog.New(slog.DiscardHandler)

// buildStore fills a SQLite file through the service as the console would
// use it, plus what the Slack adapter writes in a command's transaction:
// an incident with a redaction and pending escalation timers, a closed
// one, a drill with its injects pending, outbox rows delivered and
// pending, links and idempotency keys.
func buildStore(t *testing.T, path string) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	set, err := runbooks.LoadWith(runbooks.Options{Scale: workflow.DefaultScale()})
	if err != nil {
		t.Fatal(err)
	}
	svc := workflow.NewService(workflow.Options{Store: db, Library: set.Library(), Location: time.UTC, Logger: quiet})
	n := 0
	run := func(text string, inTx func(workflow.Tx, workflow.Reply) error) {
		t.Helper()
		n++
		_, err := svc.Execute(ctx, workflow.Request{Actor: workflow.ConsoleActor("sato"), Lang: workflow.English,
			Text: text, Key: fmt.Sprintf("Ev%04d", n), InTx: inTx})
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
	}
	queue := func(ref string) func(workflow.Tx, workflow.Reply) error {
		return func(tx workflow.Tx, r workflow.Reply) error {
			oid, err := tx.NewID()
			if err != nil {
				return err
			}
			if err := tx.Enqueue(workflow.Outgoing{ID: oid, IncidentID: r.Incident.ID, Queue: "slack:C" + ref,
				Kind: "post", Body: []byte(`{"text":"` + ref + `"}`), CreatedAt: time.Now(), NotBefore: time.Now()}); err != nil {
				return err
			}
			return tx.SetLink(workflow.Link{IncidentID: r.Incident.ID, Kind: "channel", Value: "C" + ref})
		}
	}
	run("open high entry form leak", queue("1"))
	run("decision Take the form offline | why: data may leak", nil)
	run("log applicant mail "+datum, nil)
	run("redact 3 personal data", nil)
	run("open low a false alarm", queue("2"))
	run("close #2 --false-alarm monitoring glitch", nil)
	run("drill start web-defacement --speed 60", queue("D1"))
	// Deliver the first queued message, as the outbox worker does.
	err = db.Update(ctx, func(tx workflow.Tx) error {
		due, err := tx.DueOutgoing("", time.Now().Add(time.Minute), 1)
		if err != nil || len(due) == 0 {
			return fmt.Errorf("due outgoing: %v (%d)", err, len(due))
		}
		return tx.Delivered(due[0].ID, time.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
}

// dump reads every row of every table, each value written as the SQLite
// store writes it, in primary-key order.
func dump(t *testing.T, q func(string) ([][]any, error)) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, tb := range tables {
		names := make([]string, len(tb.columns))
		for i, c := range tb.columns {
			names[i] = c.name
		}
		rows, err := q(`SELECT ` + strings.Join(names, ", ") + ` FROM ` + tb.name + ` ORDER BY ` + tb.order)
		if err != nil {
			t.Fatalf("dump %s: %v", tb.name, err)
		}
		for _, r := range rows {
			vals := make([]string, len(r))
			for i, v := range r {
				vals[i] = normal(v)
			}
			out[tb.name] = append(out[tb.name], strings.Join(vals, " | "))
		}
	}
	return out
}

func normal(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case [16]byte:
		return uuid.UUID(x).String()
	case bool:
		if x {
			return "1"
		}
		return "0"
	case time.Time:
		return x.UTC().Format(workflow.TimeLayout)
	case []byte:
		return string(x)
	}
	return fmt.Sprint(v)
}

func sqliteRows(t *testing.T, path string) func(string) ([][]any, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return func(q string) ([][]any, error) {
		rows, err := db.Query(q)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		var out [][]any
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return nil, err
			}
			out = append(out, vals)
		}
		return out, rows.Err()
	}
}

func pgRows(t *testing.T, dsn string) func(string) ([][]any, error) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	return func(q string) ([][]any, error) {
		rows, err := conn.Query(ctx, q)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out [][]any
		for rows.Next() {
			vals, err := rows.Values()
			if err != nil {
				return nil, err
			}
			out = append(out, vals)
		}
		return out, rows.Err()
	}
}

// The round trip: every row of every table arrives as it was, every chain
// verifies on PostgreSQL with the head it had, and the store on PostgreSQL
// goes on where the file stopped (the next numbers, the queues' order, the
// pending timers and messages).
func TestCopyRoundTrip(t *testing.T) {
	dsn := postgrestest.Database(t)
	path := filepath.Join(t.TempDir(), "inc.db")
	buildStore(t, path)
	before := dump(t, sqliteRows(t, path))

	rep, err := Copy(context.Background(), path, dsn, Options{Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	after := dump(t, pgRows(t, dsn))
	for _, tb := range tables {
		if len(before[tb.name]) == 0 {
			t.Errorf("the test store has no %s rows: the round trip proves nothing for them", tb.name)
		}
		if !slices.Equal(before[tb.name], after[tb.name]) {
			t.Errorf("table %s differs:\nSQLite:\n%s\nPostgreSQL:\n%s", tb.name,
				strings.Join(before[tb.name], "\n"), strings.Join(after[tb.name], "\n"))
		}
	}
	if rep.Incidents != 3 || rep.Drills != 1 || rep.Redacted != 1 || rep.Pending == 0 || rep.Undone != 2 || rep.Outbox != 3 {
		t.Errorf("report %+v: want 3 incidents, 1 drill, 1 redacted, pending timers, 3 outbox rows of which 2 undelivered", rep)
	}
	if rep.Events != len(before["events"]) || rep.Keys != len(before["seen_keys"]) || rep.Links != 3 || rep.Timers != len(before["timers"]) {
		t.Errorf("report %+v does not count the rows copied", rep)
	}

	// The heads the file had are the heads PostgreSQL verifies.
	src, err := sqlite.OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	svc := workflow.NewService(workflow.Options{Store: src})
	if len(rep.Heads) != 3 {
		t.Fatalf("heads %+v: want 3", rep.Heads)
	}
	for _, h := range rep.Heads {
		_, n, head, err := svc.Verify(context.Background(), h.Ref)
		if err != nil || head != h.Head || n != h.Events {
			t.Errorf("%s: the file has %d events, head %s (%v); the copy %d, %s", h.Ref, n, head, err, h.Events, h.Head)
		}
	}

	// The copy is a working store: numbers go on, the pending messages
	// come out in their queue's order, the pending timers are due.
	pg := postgrestest.OpenDSN(t, dsn, postgres.Options{Log: quiet})
	ctx := context.Background()
	err = pg.Update(ctx, func(tx workflow.Tx) error {
		real, err := tx.NextNumber(false)
		if err != nil {
			return err
		}
		drill, err := tx.NextNumber(true)
		if err != nil {
			return err
		}
		if real != 3 || drill != 2 {
			return fmt.Errorf("next numbers #%d and D-%d, want #3 and D-2", real, drill)
		}
		oid, err := tx.NewID()
		if err != nil {
			return err
		}
		return tx.Enqueue(workflow.Outgoing{ID: oid, Queue: "slack:C2", Kind: "post", Body: []byte(`{}`), CreatedAt: time.Now(), NotBefore: time.Now()})
	})
	if err != nil {
		t.Fatal(err)
	}
	var queues []string
	err = pg.Update(ctx, func(tx workflow.Tx) error {
		due, err := tx.DueOutgoing("", time.Now().Add(time.Minute), 10)
		for _, o := range due {
			queues = append(queues, o.Queue+" "+string(o.Body))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// Heads only: slack:C2's copied row comes before the one queued now.
	if want := []string{`slack:C2 {"text":"2"}`, `slack:CD1 {"text":"D1"}`}; !slices.Equal(queues, want) {
		t.Errorf("due heads %q, want %q", queues, want)
	}
	var due int
	err = pg.Update(ctx, func(tx workflow.Tx) error {
		timers, err := tx.DueTimers(time.Now().Add(48*time.Hour), 100)
		due = len(timers)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if due != rep.Pending {
		t.Errorf("%d timers due two days on, want the %d pending ones copied", due, rep.Pending)
	}
}

// A target that holds anything is refused, and nothing is written to it.
func TestCopyRefusesNonEmptyTarget(t *testing.T) {
	dsn := postgrestest.Database(t)
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	buildStore(t, a)
	buildStore(t, b)
	if _, err := Copy(context.Background(), a, dsn, Options{Log: quiet}); err != nil {
		t.Fatal(err)
	}
	before := dump(t, pgRows(t, dsn))
	_, err := Copy(context.Background(), b, dsn, Options{Log: quiet})
	var ne *NotEmptyError
	if !errors.Is(err, ErrNotEmpty) || !errors.As(err, &ne) || ne.Table != "incidents" || ne.Rows != 3 {
		t.Fatalf("second copy: %v, want ErrNotEmpty naming incidents with 3 rows", err)
	}
	if after := dump(t, pgRows(t, dsn)); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("the refused copy changed the target")
	}
}

// The file is read and never written (SQLite may add the -wal and -shm
// files a reader of a WAL database needs; the database itself keeps every
// byte), no lock is taken on it, and a file a serve holds is refused: what
// it appended after the copy would be lost.
func TestCopyReadsOnly(t *testing.T) {
	postgrestest.Server(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "inc.db")
	buildStore(t, path)
	sum := fileSum(t, path)
	if _, err := Copy(context.Background(), path, postgrestest.Database(t), Options{Log: quiet}); err != nil {
		t.Fatal(err)
	}
	if fileSum(t, path) != sum {
		t.Errorf("the copy changed the database file")
	}
	if _, err := os.Stat(path + sqlite.LockSuffix); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the copy made a lock file: %v", err)
	}

	held, err := sqlite.OpenExclusive(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	dsn := postgrestest.Database(t)
	_, err = Copy(context.Background(), path, dsn, Options{Log: quiet})
	var le *sqlite.LockedError
	if !errors.Is(err, sqlite.ErrLocked) || !errors.As(err, &le) || le.Holder.PID != os.Getpid() {
		t.Fatalf("copy of a held file: %v, want sqlite.ErrLocked naming this process", err)
	}
	if n := tableCount(t, dsn); n != 0 {
		t.Errorf("a refused copy made %d tables", n)
	}
}

// tableCount is how many tables the database dsn names holds.
func tableCount(t *testing.T, dsn string) int {
	t.Helper()
	rows, err := pgRows(t, dsn)(`SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`)
	if err != nil {
		t.Fatal(err)
	}
	return int(rows[0][0].(int64))
}

func fileSum(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", sha256.Sum256(b))
}

// A file whose chain is broken is not copied: the copy would carry the
// break under a new name.
func TestCopyRefusesBrokenSource(t *testing.T) {
	dsn := postgrestest.Database(t)
	path := filepath.Join(t.TempDir(), "inc.db")
	buildStore(t, path)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE payloads SET body = replace(body, 'offline', 'online') WHERE seq = 2 AND body LIKE '%offline%'`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = Copy(context.Background(), path, dsn, Options{Log: quiet})
	var ce *ChainError
	if !errors.Is(err, ErrSourceBroken) || !errors.As(err, &ce) || ce.Ref.Number != 1 || ce.Chain == nil || ce.Chain.Seq != 2 {
		t.Fatalf("copy of a tampered file: %v, want ErrSourceBroken at #1 event 2", err)
	}
	if n := tableCount(t, dsn); n != 0 {
		t.Errorf("a refused copy made %d tables", n)
	}
}

// Every table of the SQLite schema is in the list copied (goose's own
// bookkeeping apart), so a table added by a later migration cannot be left
// behind unnoticed.
func TestEveryTableCopied(t *testing.T) {
	path := filepath.Join(t.TempDir(), "inc.db")
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	rows, err := sqliteRows(t, path)(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'goose_db_version' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var schema, listed []string
	for _, r := range rows {
		schema = append(schema, r[0].(string))
	}
	for _, tb := range tables {
		listed = append(listed, tb.name)
		cols, err := sqliteRows(t, path)(`SELECT name FROM pragma_table_info('` + tb.name + `') ORDER BY cid`)
		if err != nil {
			t.Fatal(err)
		}
		var names, want []string
		for _, c := range cols {
			names = append(names, c[0].(string))
		}
		for _, c := range tb.columns {
			want = append(want, c.name)
		}
		if !slices.Equal(names, want) {
			t.Errorf("table %s has columns %v; the copy lists %v", tb.name, names, want)
		}
	}
	slices.Sort(listed)
	if !slices.Equal(schema, listed) {
		t.Errorf("the schema has tables %v; the copy lists %v", schema, listed)
	}
}
