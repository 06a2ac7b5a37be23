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
	// Held until the connection closes: this desk is at work (see others). A server without
	// advisory locks only makes the desk invisible to a move.
	_, _ = conn.Exec(ctx, `SELECT pg_advisory_lock_shared($1)`, int64(pgDeskLock))
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

// pgDeskLock is the advisory lock every watching desk holds shared on its listening connection
// (listen), for as long as its window is open: a move or restore that cannot take it exclusively
// knows other desks are at work. Advisory locks are functions, not catalog tables, so this
// works wherever pg_notify does. (The value spells "Shendang".)
const pgDeskLock = 0x5368656e64616e67

// others names the other desks using the database — the windows holding pgDeskLock — as
// "computer（address）" where the server lists its sessions (pg_stat_activity; each desk, with
// its connections and its watcher, is one), or one "其他电脑" where it does not. None when the
// lock is free, or the server has no advisory locks (then nothing can be told).
func (e *pgEngine) others(ctx context.Context) ([]string, error) {
	conn, err := e.pool.Acquire(ctx)
	if err != nil {
		return nil, serverError(fmt.Errorf("connect to %s: %w", e.where, err))
	}
	defer conn.Release()
	var free bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, int64(pgDeskLock)).Scan(&free); err != nil {
		return nil, nil // no advisory locks here: no desk can be seen
	}
	if free {
		if _, err := conn.Exec(ctx, `SELECT pg_advisory_unlock($1)`, int64(pgDeskLock)); err != nil {
			return nil, serverError(fmt.Errorf("unlock on %s: %w", e.where, err))
		}
		return nil, nil
	}
	if desks := e.sessionNames(ctx); len(desks) > 0 {
		return desks, nil
	}
	return []string{"其他电脑"}, nil
}

// sessionNames names the other 审档 processes connected to the database from the server's list
// of sessions, or nil where it has none or keeps it from this user.
func (e *pgEngine) sessionNames(ctx context.Context) []string {
	rows, err := e.pool.Query(ctx, `SELECT DISTINCT application_name, coalesce(host(client_addr), '')
		FROM pg_stat_activity
		WHERE datname = current_database() AND application_name LIKE $1 || '%' AND application_name <> $2
		ORDER BY 1`, pgAppPrefix, e.conn.RuntimeParams["application_name"])
	if err != nil {
		return nil
	}
	defer rows.Close()
	var desks []string
	for rows.Next() {
		var app, addr string
		if err := rows.Scan(&app, &addr); err != nil {
			return nil
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
	if rows.Err() != nil {
		return nil
	}
	return desks
}
