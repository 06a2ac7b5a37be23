package archive

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// pgChannel is the channel every committed write is announced on (see pgengine.go).
const pgChannel = "shendang_changes"

// pgWatchRetry is the longest the watcher waits before it connects again.
const pgWatchRetry = 5 * time.Second

var _ watcher = (*pgEngine)(nil)

// watch calls changed soon after each commit that wrote, by any connection, until ctx ends.
// It listens on a connection of its own. changed is also called once each time it has started
// listening (a notice sent while nobody listened is lost, so the caller should look) and each
// time the connection fails (so that the caller looks at once and finds the server gone);
// then it connects again, waiting longer each time up to pgWatchRetry.
func (e *pgEngine) watch(ctx context.Context, changed func()) {
	wait := pgWatchRetry / 20
	for {
		listened, _ := e.listen(ctx, changed)
		if ctx.Err() != nil {
			return
		}
		changed()
		if listened {
			wait = pgWatchRetry / 20
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, pgWatchRetry)
	}
}

// listen connects, runs LISTEN and calls changed for each notice until the connection fails or
// ctx ends. listened says LISTEN took effect.
func (e *pgEngine) listen(ctx context.Context, changed func()) (listened bool, err error) {
	conn, err := pgx.ConnectConfig(ctx, e.conn.Copy())
	if err != nil {
		return false, err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+pgChannel); err != nil {
		return false, err
	}
	changed()
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return true, err
		}
		changed()
	}
}

// pgAppPrefix starts the application_name of every connection 审档 makes, so that the desks
// using a database can be told from each other and from other programs (see others).
const pgAppPrefix = "shendang "

// pgAppName is this process's application_name: the prefix, the computer's name and the
// process, within PostgreSQL's 63 bytes.
func pgAppName() string {
	host, err := os.Hostname()
	if err != nil {
		host = "?"
	}
	name := fmt.Sprintf("%s%d %s", pgAppPrefix, os.Getpid(), host)
	if len(name) > 63 {
		name = strings.ToValidUTF8(name[:63], "")
	}
	return name
}

var _ sharer = (*pgEngine)(nil)

// others names the other 审档 processes connected to the database (each desk, with its
// connections and its watcher, is one), as "computer（address）".
func (e *pgEngine) others(ctx context.Context) ([]string, error) {
	rows, err := e.pool.Query(ctx, `SELECT DISTINCT application_name, coalesce(host(client_addr), '')
		FROM pg_stat_activity
		WHERE datname = current_database() AND application_name LIKE $1 || '%' AND application_name <> $2
		ORDER BY 1`, pgAppPrefix, e.conn.RuntimeParams["application_name"])
	if err != nil {
		return nil, serverError(fmt.Errorf("list the sessions on %s: %w", e.where, err))
	}
	defer rows.Close()
	var desks []string
	for rows.Next() {
		var app, addr string
		if err := rows.Scan(&app, &addr); err != nil {
			return nil, serverError(err)
		}
		desk := app[len(pgAppPrefix):]
		if _, host, ok := strings.Cut(desk, " "); ok {
			desk = host
		}
		if addr != "" {
			desk += "（" + addr + "）"
		}
		desks = append(desks, desk)
	}
	if err := rows.Err(); err != nil {
		return nil, serverError(err)
	}
	return desks, nil
}
